"""The article page's content: the text with every evidence sentence marked, and for each
sentence the facts read from it (kg.web.entities shows it for a kg:Article).

Sentences carry `kg:startOffset`/`kg:endOffset` into the article's `schema:articleBody`;
the text is cut into plain and marked segments here, and the template escapes both.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.iri import PREFIXES, prefix_lines
from kg.store import Store, Term
from kg.web.render import Cell, cell

__all__ = ["ArticleView", "Segment", "article_view"]

RDF_TYPE = PREFIXES["rdf"] + "type"
_PREFIXES = prefix_lines(["kg", "rdf", "rdfs", "prov", "dcterms", "schema"])
ABOUT = _PREFIXES + """SELECT ?body ?title ?date ?source ?publisher ?file ?article WHERE {
  ?article schema:articleBody ?body .
  OPTIONAL { ?article dcterms:title ?title } OPTIONAL { ?article dcterms:date ?date }
  OPTIONAL { ?article dcterms:source ?source } OPTIONAL { ?article dcterms:publisher ?publisher }
  OPTIONAL { ?article kg:fileName ?file }
} LIMIT 1"""
# What each sentence of the article supports: reified facts, and nodes that cite it.
FACTS = _PREFIXES + """SELECT ?start ?end ?subject ?subject_label ?predicate ?predicate_label
       ?object ?object_label ?article WHERE {
  ?sentence dcterms:isPartOf ?article ; kg:startOffset ?start ; kg:endOffset ?end .
  OPTIONAL {
    { ?fact a rdf:Statement ; prov:wasDerivedFrom ?sentence ;
            rdf:subject ?subject ; rdf:predicate ?predicate ; rdf:object ?object . }
    UNION
    { ?subject prov:wasDerivedFrom ?sentence . FILTER NOT EXISTS { ?subject a rdf:Statement }
      ?subject a ?object . BIND(rdf:type AS ?predicate) FILTER(STRSTARTS(STR(?object), STR(kg:))) }
    OPTIONAL { ?subject rdfs:label ?subject_label }
    OPTIONAL { ?predicate rdfs:label ?predicate_label }
    OPTIONAL { ?object rdfs:label ?object_label }
  }
} ORDER BY ?start ?end ?subject_label ?predicate_label ?object_label"""


@dataclass(frozen=True)
class Fact:
    """One statement read from a sentence, as cells."""

    subject: Cell
    predicate: Cell
    object: Cell


@dataclass
class Segment:
    """A stretch of the text; `anchor` is set for an evidence sentence (with its facts)."""

    text: str
    anchor: str | None = None
    facts: list[Fact] = field(default_factory=list)


@dataclass(frozen=True)
class ArticleView:
    """What the article page shows above the statement table."""

    title: str | None
    date: str | None
    source: Cell | None
    publisher: str | None
    file: str | None
    segments: tuple[Segment, ...]

    @property
    def evidence(self) -> tuple[Segment, ...]:
        return tuple(s for s in self.segments if s.anchor)


def article_view(store: Store, iri: str) -> ArticleView | None:
    """The article at `iri` with its marked text, or None when the graph holds no text for it."""
    params = {"article": Term.uri(iri)}
    rows = store.select(ABOUT, params).rows
    if not rows or rows[0][0] is None:
        return None
    body, title, date, source, publisher, file_name = rows[0][:6]
    spans: dict[tuple[int, int], list[Fact]] = {}
    for row in store.select(FACTS, params).rows:
        start, end, s, s_label, p, p_label, o, o_label = row[:8]
        facts = spans.setdefault((int(start.value), int(end.value)), [])
        if s is not None and p is not None and o is not None:
            said = "is a" if p.value == RDF_TYPE else _v(p_label)
            fact = Fact(cell(s, _v(s_label)), cell(p, said), cell(o, _v(o_label)))
            if fact not in facts:
                facts.append(fact)
    return ArticleView(_v(title), _v(date), cell(source) if source else None, _v(publisher),
                       _v(file_name), tuple(segments(body.value, spans)))


def segments(text: str, spans: dict[tuple[int, int], list[Fact]]) -> list[Segment]:
    """`text` cut at the sentence spans (overlaps clipped, offsets kept inside the text).

    >>> [(s.text, s.anchor) for s in segments("Ab. Cd. Ef.", {(4, 7): []})]
    [('Ab. ', None), ('Cd.', 'sentence-4-7'), (' Ef.', None)]
    """
    out, at = [], 0
    for (start, end), facts in sorted(spans.items()):
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        if start > at:
            out.append(Segment(text[at:start]))
        out.append(Segment(text[start:end], f"sentence-{start}-{end}", facts))
        at = end
    if at < len(text):
        out.append(Segment(text[at:]))
    return out


def _v(term: Term | None) -> str | None:
    return term.value if term is not None else None
