"""Finding things: the entity index by kind (`/entities`), the name search (`/search`) and
its JSON twin for scripts and the editor's completion (`/api/names`)."""
from __future__ import annotations

import re

from flask import Blueprint, Response, abort, jsonify, render_template, request

from kg.counts import FACETS, list_query
from kg.iri import PREFIXES, graph_iri, prefix_lines
from kg.store import Store
from kg.web.db import get_counts, get_finder, get_store, per_graph
from kg.web.finder import Hit
from kg.web.http import add_cors
from kg.web.paging import requested
from kg.web.render import cell, entity_href

bp = Blueprint("browse", __name__)
MAX_HITS = 50
PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
ONTOLOGY_TERMS = prefix_lines(["owl"]) + f"""SELECT DISTINCT ?term WHERE {{
  GRAPH <{graph_iri("ontology")}> {{ ?term a ?kind }}
  VALUES ?kind {{ owl:Class owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty }}
}}"""
USED_TERMS = """SELECT DISTINCT ?term WHERE { { ?s ?term ?o } UNION { ?s a ?term } }"""


@bp.get("/entities")
def index() -> str:
    """Every person, organisation, place ... of one kind, by name, a page at a time."""
    counts = [(f.key, f.title, n) for f, n in get_counts()]
    key = request.args.get("type") or next((k for k, _, n in counts if n), FACETS[0].key)
    facet = next((f for f in FACETS if f.key == key), None)
    if facet is None:
        abort(404, description=f"No kind of thing is called {key!r}; "
                               f"try {', '.join(f.key for f in FACETS)}.")
    pager = requested(dict((k, n) for k, _, n in counts)[key])
    rows = get_store().select(list_query(facet, pager.size, pager.offset)).rows
    items = [cell(row[0], row[1].value if row[1] is not None else None) for row in rows]
    return render_template("entities.html", counts=counts, facet=facet, items=items, pager=pager)


@bp.get("/search")
def search() -> str:
    """Entities by name or alias, accent-folded, with "did you mean" when nothing matches."""
    text = request.args.get("q", "").strip()
    finder = get_finder()
    hits = finder.search(text, MAX_HITS) if text else []
    suggestions = finder.suggest(text) if text and not hits else []
    return render_template("search.html", q=text, hits=[_shown(h) for h in hits],
                           suggestions=[_shown(h) for h in suggestions])


@bp.get("/api/names")
def names() -> Response:
    """The name search as JSON: [{"iri", "label", "kind", "matched", "page"}], best first."""
    text = request.args.get("q", "").strip()
    limit = min(int(request.args.get("limit", "20")) if request.args.get("limit", "").isdigit() else 20,
                MAX_HITS)
    hits = get_finder().search(text, limit) if text else []
    return add_cors(jsonify([{"iri": h.iri, "label": h.label, "kind": h.kind, "matched": h.matched,
                              "page": entity_href(h.iri)} for h in hits]))


@bp.get("/api/terms")
def terms() -> Response:
    """The vocabulary for the editor's completion: the prefixes the data uses, and every class
    and property of the ontology or used in the data, as prefixed names where one fits."""
    return add_cors(jsonify({"prefixes": PREFIXES, "terms": per_graph("kg_terms", _terms)}))


def _terms(store: Store) -> list[str]:
    """Every class and property of the ontology or used in the data, prefixed where one fits."""
    found = {row[0].value for query in (ONTOLOGY_TERMS, USED_TERMS)
             for row in store.select(query).rows if row[0] is not None and row[0].kind == "uri"}
    return sorted(_prefixed(t) for t in found)


def _prefixed(iri: str) -> str:
    """`kg:Meeting` for an IRI under a house prefix (when the rest is a plain name), else <IRI>."""
    for prefix, namespace in PREFIXES.items():
        local = iri[len(namespace):]
        if iri.startswith(namespace) and PLAIN_NAME.fullmatch(local):
            return f"{prefix}:{local}"
    return f"<{iri}>"


def _shown(hit: Hit) -> dict[str, object]:
    """A hit as the template shows it."""
    return {"label": hit.label, "href": entity_href(hit.iri), "kind": hit.kind.lower(),
            "alias": hit.matched if hit.matched != hit.label else None}
