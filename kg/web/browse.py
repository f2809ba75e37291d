"""Finding things: the entity index by kind (`/entities`), the name search (`/search`) and
its JSON twin for scripts and the editor's completion (`/api/names`)."""
from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, render_template, request

from kg.counts import FACETS, count_all, list_query
from kg.web.db import get_finder, get_store
from kg.web.finder import Hit
from kg.web.http import add_cors
from kg.web.paging import requested
from kg.web.render import cell, entity_href

bp = Blueprint("browse", __name__)
MAX_HITS = 50


@bp.get("/entities")
def index() -> str:
    """Every person, organisation, place ... of one kind, by name, a page at a time."""
    counts = [(f.key, f.title, n) for f, n in count_all(lambda q: get_store().select(q).rows)]
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


def _shown(hit: Hit) -> dict[str, object]:
    """A hit as the template shows it."""
    return {"label": hit.label, "href": entity_href(hit.iri), "kind": hit.kind.lower(),
            "alias": hit.matched if hit.matched != hit.label else None}
