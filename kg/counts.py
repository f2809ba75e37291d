"""What the site counts and lists by kind, defined once: the home page, the entity index
and `kg build`'s summary all read these, so they give the same numbers.

A meeting is counted as it happened: the per-pair encounters of one event
(`schema:superEvent`) and the reports of one meeting in several articles (`kg:event`) are
one meeting. Plain SPARQL over the default graph, so any store answers it.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from kg.iri import PREFIXES, prefix_lines

__all__ = ["FACETS", "HELD", "MEETINGS", "Facet", "count_all", "count_query", "list_query", "meetings_in"]

_PREFIXES = prefix_lines(["kg", "rdfs", "schema", "dcterms"])
# The thing a kg:Meeting stands for: its cross-article event, else its super-event, else itself.
OCCASION = """?m a kg:Meeting .
  OPTIONAL { ?m kg:event ?reported } OPTIONAL { ?m schema:superEvent ?super }
  BIND(COALESCE(?reported, ?super, ?m) AS ?entity)"""


@dataclass(frozen=True)
class Facet:
    """One kind of thing: its URL key, heading and the pattern binding ?entity to each one."""

    key: str
    title: str
    pattern: str


FACETS: tuple[Facet, ...] = (
    Facet("people", "people", "?entity a kg:Person ."),
    Facet("organisations", "organisations", "?entity a kg:Organization ."),
    Facet("countries", "countries", "?entity a kg:Country ."),
    Facet("places", "places", "?entity a kg:Place ."),
    Facet("groups", "groups", "?entity a kg:Group ."),
    Facet("meetings", "meetings", OCCASION),
    Facet("demands", "demands", "?entity a kg:Demand ."),
    Facet("articles", "articles", "?entity a kg:Article ."),
)
MEETINGS = next(f for f in FACETS if f.key == "meetings")
# Meetings that took place: neither planned nor denied.
HELD = Facet("held", "held", OCCASION + """
  FILTER NOT EXISTS { ?m schema:eventStatus schema:EventScheduled }
  FILTER NOT EXISTS { ?m kg:polarity kg:Negative }""")


def count_query(facet: Facet) -> str:
    """SELECT ?n: how many distinct things of this kind the graph holds."""
    return _PREFIXES + f"SELECT (COUNT(DISTINCT ?entity) AS ?n) WHERE {{ {facet.pattern} }}"


def count_all(select: Callable[[str], Any]) -> list[tuple[Facet, int]]:
    """Every facet with its count; `select(query)` runs a SELECT (a Store's, or pyoxigraph's
    wrapped) and returns rows whose first cell has a `.value`."""
    counts = []
    for facet in FACETS:
        rows = list(select(count_query(facet)))
        first = rows[0][0] if rows else None
        counts.append((facet, int(first.value) if first is not None else 0))
    return counts


def meetings_in(quads: Iterable[tuple[Any, Any, Any, Any]]) -> tuple[int, int]:
    """(meetings, held meetings) of a built dataset's quads (rdflib terms, as `kg.build` holds
    them before writing), as the pages count them (for `kg build`'s summary). Only the
    statements the counts read are loaded, so this stays fast."""
    import pyoxigraph as ox

    from kg.rdfio import _n3  # the writer's own term syntax: what is counted is what is saved

    keep = {PREFIXES["rdf"] + "type", PREFIXES["kg"] + "event", PREFIXES["schema"] + "superEvent",
            PREFIXES["schema"] + "eventStatus", PREFIXES["kg"] + "polarity"}
    lines = "".join(f"{_n3(s)} {_n3(p)} {_n3(o)} .\n" for s, p, o, _ in quads if str(p) in keep)
    store = ox.Store()
    store.bulk_load(lines.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return tuple(int(next(iter(store.query(count_query(f))))[0].value)  # type: ignore[return-value]
                 for f in (MEETINGS, HELD))


def list_query(facet: Facet, limit: int, offset: int) -> str:
    """SELECT ?entity ?label: one page of this kind, by name (`limit`/`offset` are ints)."""
    return _PREFIXES + f"""SELECT ?entity (SAMPLE(?name) AS ?label) WHERE {{
  {{ SELECT DISTINCT ?entity WHERE {{ {facet.pattern} }} }}
  OPTIONAL {{ ?entity rdfs:label|dcterms:title ?name }}
}} GROUP BY ?entity ORDER BY LCASE(STR(?label)) ?entity LIMIT {int(limit)} OFFSET {int(offset)}"""
