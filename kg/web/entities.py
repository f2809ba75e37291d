"""Entity pages at the resource IRIs' own paths (`/id/person/ibrahim-kalin`).

HTML lists every fact about the resource, outgoing and incoming, each with the sentence
and article it was read from and whether the text said it (asserted) or reasoning or the
gazetteer added it (the graph IRI contains "inferred" / "background"). Turtle and JSON-LD
come by content negotiation or by the `.ttl` / `.jsonld` suffix.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, redirect, render_template, request

from kg.iri import PREFIXES, graph_iri, prefix_lines
from kg.store import GRAPH_FORMATS, Format, Table, Term
from kg.web.article import article_view
from kg.web.db import get_finder, get_store, run_saved, saved_queries
from kg.web.network import network
from kg.web.errors import NotFoundHere
from kg.web.render import Cell, base, cell, entity_href

bp = Blueprint("entities", __name__)

ARTICLE = PREFIXES["kg"] + "Article"
BODY = PREFIXES["schema"] + "articleBody"  # shown as the article's text, not as a fact
TITLE = PREFIXES["dcterms"] + "title"
SENTENCE = prefix_lines(["kg", "dcterms"]) + """SELECT ?article ?start ?end ?sentence WHERE {
  ?sentence a kg:Sentence ; dcterms:isPartOf ?article ; kg:startOffset ?start ; kg:endOffset ?end
} LIMIT 1"""
# A fact in several graphs shows the first status that applies.
STATUSES = ("asserted", "background", "inferred", "ontology")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
PREFIX = prefix_lines(["rdf", "rdfs", "prov", "kg", "dcterms"])
# A statement node records which sentence supports one asserted triple, per article graph.
STATEMENTS = PREFIX + """SELECT ?g ?s ?p ?o ?sentence ?text ?article ?title ?entity WHERE {
  GRAPH ?g { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?sentence .
             FILTER(?s = ?entity || ?o = ?entity) }
  ?sentence kg:text ?text ; dcterms:isPartOf ?article . OPTIONAL { ?article dcterms:title ?title }
}"""
# Event-like nodes (meetings, demands, posts) carry their sentence themselves.
NODES = PREFIX + """SELECT ?g ?node ?sentence ?text ?article ?title ?entity WHERE {
  GRAPH ?g { ?node prov:wasDerivedFrom ?sentence .
             FILTER(?node = ?entity || EXISTS { ?node ?link ?entity }) }
  ?sentence kg:text ?text ; dcterms:isPartOf ?article . OPTIONAL { ?article dcterms:title ?title }
}"""
LABELS = PREFIX + """SELECT DISTINCT ?x ?label ?entity WHERE {
  { ?entity ?x ?any } UNION { ?entity ?p ?x } UNION { ?x ?p ?entity } UNION { ?any ?x ?entity }
  ?x rdfs:label ?label .
}"""
CONSTRUCT = """CONSTRUCT { ?entity ?p ?o . ?s ?q ?entity }
WHERE { { ?entity ?p ?o } UNION { ?s ?q ?entity } }"""


@dataclass(frozen=True)
class Evidence:
    """The sentence a fact was read from, and its article."""

    text: str
    article: Cell


@dataclass(frozen=True)
class Fact:
    """One triple about the entity, as shown: direction, the other end, status and evidence."""

    subject: Cell
    predicate: Cell
    object: Cell
    outgoing: bool
    status: str
    evidence: tuple[Evidence, ...]
    reports: int = 0


@bp.get("/id/<path:key>")
def entity(key: str) -> Response | str:
    """The page (or an RDF description, by Accept or suffix) of the resource base + `key`.

    Articles show their text with the evidence marked; a sentence's page is its place in
    its article's text."""
    fmt = _suffix(key)
    if fmt is not None:
        key = key[: -len(fmt.extension) - 1]
    iri = base() + key
    if not Term.is_iri(iri):  # "a b", '"', "{" ...: no resource can have this name
        raise NotFoundHere(f"<{iri}> is not an IRI, so nothing in the graph is called that.", [])
    quads = get_store().describe_entity(iri)
    if not quads.rows:
        raise NotFoundHere(f"Nothing in the graph is called <{iri}>.", _did_you_mean(key))
    fmt = fmt or _negotiate()
    if fmt is not None:
        body = get_store().construct(CONSTRUCT, fmt.name, {"entity": Term.uri(iri)})
        return Response(body, content_type=fmt.content_type, headers={"Vary": "Accept"})
    place = _in_article(iri)
    if place is not None:
        return redirect(place, 303)
    values = _page(iri, quads)
    text = article_view(get_store(), iri) if any(t.hint == ARTICLE for t in values["types"]) else None
    graph = None if text else _meetings_network(iri, str(values["title"]))
    page = render_template("article.html" if text else "entity.html", article=text, graph=graph,
                           **values)
    return Response(page, headers={"Vary": "Accept"})


def _meetings_network(iri: str, label: str) -> dict | None:
    """Whom this entity met, as the who-met-whom network (None when it met no one)."""
    query = saved_queries().get("who-met-whom")
    if query is None:
        return None
    table = run_saved(query, {"topic": "", "place": "", "who": label})
    col = table.columns.index("participant")
    mine = tuple(row for row in table.rows if row[col] is not None and row[col].value == iri)
    return network(Table(table.columns, mine, table.truncated)) if mine else None


def _in_article(iri: str) -> str | None:
    """For a sentence, the URL of its place in its article's page; else None."""
    rows = get_store().select(SENTENCE, {"sentence": Term.uri(iri)}).rows
    if not rows or rows[0][0] is None:
        return None
    article, start, end = (t.value for t in rows[0][:3])
    return f"{entity_href(article)}#sentence-{start}-{end}"


def _did_you_mean(key: str) -> list[dict[str, str]]:
    """Entities named like the last part of an unknown key ("ibrahim-kalinn" -> Ibrahim Kalin)."""
    finder = get_finder()
    words = key.rsplit("/", 1)[-1].replace("-", " ")
    hits = finder.search(words, 5) or finder.suggest(words)
    return [{"label": h.label, "page": entity_href(h.iri) or h.iri} for h in hits]


def _suffix(key: str) -> Format | None:
    """The RDF format a path suffix names (`.ttl`, `.jsonld`, `.nt`, `.rdf`, `.n3`), or None."""
    return next((f for f in GRAPH_FORMATS if key.endswith("." + f.extension)), None)


def _negotiate() -> Format | None:
    """The RDF format the Accept header prefers over HTML, or None for the HTML page."""
    offered: dict[str, Format | None] = {"text/html": None, "application/xhtml+xml": None}
    offered |= {t: f for f in GRAPH_FORMATS for t in (f.media_type, *(a for a in f.aliases if "/" in a))
                if t not in ("application/json", "text/plain")}
    best = request.accept_mimetypes.best_match(list(offered), default="text/html")
    return offered.get(best or "text/html")


def _page(iri: str, quads: Table) -> dict[str, object]:
    """Template values: label, aliases, types and every fact once, with all its evidence."""
    params = {"entity": Term.uri(iri)}
    labels = {row[0].value: row[1].value for row in get_store().select(LABELS, params).rows
              if row[0] is not None and row[1] is not None}
    said, nodes = _evidence(params)
    col = {name: i for i, name in enumerate(quads.columns)}
    graphs: dict[tuple[str, str, str], list[str]] = {}
    terms: dict[tuple[str, str, str], tuple[Term | None, ...]] = {}
    for row in quads.rows:
        g, s, p, o = (row[col[c]] for c in ("graph", "subject", "predicate", "object"))
        key = (_v(s), _v(p), _v(o))
        graphs.setdefault(key, []).append(_v(g))
        terms.setdefault(key, (s, p, o))
    facts, names, aliases, types = [], [], [], []
    for key, (s, p, o) in terms.items():
        outgoing = key[0] == iri
        if key[1] == BODY:
            continue
        if outgoing and p is not None and o is not None:
            bucket = {LABEL: names, TITLE: names, ALT_LABEL: aliases, RDF_TYPE: types}.get(p.value)
            if bucket is not None:
                bucket.append(cell(o, labels.get(o.value)))
        support = [e for g in graphs[key] for e in
                   said.get((g, *key)) or nodes.get((g, key[0])) or nodes.get((g, key[2]), ())]
        statuses = {_status(g) for g in graphs[key]}
        facts.append(Fact(cell(s, labels.get(key[0])), cell(p, labels.get(key[1])),
                          cell(o, labels.get(key[2])), outgoing,
                          next(x for x in STATUSES if x in statuses), tuple(dict.fromkeys(support)),
                          sum(1 for g in graphs[key] if _from_article(g))))
    title = names[0].text if names else iri[len(base()):]
    return {"iri": iri, "title": title, "aliases": _unique(aliases), "types": _unique(types),
            "facts": facts, "key": iri[len(base()):]}


def _evidence(params: dict[str, Term]) -> tuple[dict, dict]:
    """Sentences per (graph, s, p, o) from statements, and per (graph, node) from event nodes."""
    said: dict[tuple[str, ...], list[Evidence]] = {}
    for row in get_store().select(STATEMENTS, params).rows:
        said.setdefault(tuple(_v(t) for t in row[:4]), []).append(_proof(row[5:8]))
    nodes: dict[tuple[str, ...], list[Evidence]] = {}
    for row in get_store().select(NODES, params).rows:
        nodes.setdefault((_v(row[0]), _v(row[1])), []).append(_proof(row[3:6]))
    return said, nodes


def _proof(terms: tuple[Term | None, ...]) -> Evidence:
    """Evidence from (sentence text, article, article title)."""
    text, article, title = terms
    return Evidence(_v(text), cell(article, _v(title) or None))


def _v(term: Term | None) -> str:
    """A term's value, or "" for unbound."""
    return term.value if term is not None else ""


def _status(graph: str) -> str:
    """asserted (an article said it), inferred (reasoning) or background (gazetteer)."""
    for word in STATUSES[1:]:
        if word in graph:
            return word
    return "asserted"


def _from_article(graph: str) -> bool:
    """True for an article's own graph (not the entities, ontology or derived graphs)."""
    return _status(graph) == "asserted" and graph != graph_iri("entities", base())


def _unique(cells: list[Cell]) -> list[Cell]:
    """Cells without repeats, in first-seen order (labels repeat across article graphs)."""
    seen: dict[str, Cell] = {}
    for item in cells:
        seen.setdefault(item.text, item)
    return list(seen.values())

