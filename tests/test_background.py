"""kg.background: GeoNames facts for places and countries, only in the background graph."""
from __future__ import annotations

from decimal import Decimal

import pytest
from graph_samples import BASE, ENTITIES, mini_records
from rdflib import Dataset, Literal, Namespace, URIRef

from kg.background import GEONAMES, add_background
from kg.graph import to_dataset
from kg.reason import infer
from kg.records import Entity
from kg.vocab import GN, KG, RDF, RDFS, graph_iri

SCHEMA = Namespace("https://schema.org/")


def node(key: str) -> URIRef:
    return URIRef(BASE + key)


@pytest.fixture()
def written() -> tuple[Dataset, int]:
    ds = to_dataset([mini_records()], ENTITIES, base=BASE)
    return ds, add_background(ds, ENTITIES, BASE)


def background(ds: Dataset):
    return ds.graph(graph_iri("background", BASE))


def test_city_gets_geonames_coordinates_and_country_entity(written) -> None:
    g = background(written[0])
    istanbul = node("place/istanbul")
    assert (istanbul, SCHEMA.sameAs, URIRef(GEONAMES + "745044/")) in g
    assert (istanbul, GN.parentCountry, node("country/turkiye")) in g  # the entity, by alias
    assert not list(g.triples((None, KG.locatedIn, None)))  # kg:locatedIn only by reasoning
    (lat,), (lon,) = list(g.objects(istanbul, SCHEMA.latitude)), list(g.objects(istanbul, SCHEMA.longitude))
    assert abs(lat.toPython() - Decimal("41.01")) < 1 and abs(lon.toPython() - Decimal("28.95")) < 1
    assert not list(g.triples((node("country/turkiye"), RDFS.label, None)))  # entities graph


def test_countries_get_iso_code_and_geonames(written) -> None:
    g = background(written[0])
    assert (node("country/egypt"), GN.countryCode, Literal("EG")) in g
    assert (node("country/egypt"), SCHEMA.sameAs, URIRef(GEONAMES + "357994/")) in g
    assert (node("country/turkiye"), GN.countryCode, Literal("TR")) in g


def test_country_without_an_entity_is_named_from_the_data_file(written) -> None:
    g = background(written[0])
    palestine = node("country/palestine")
    assert (node("place/rafah"), GN.parentCountry, palestine) in g
    assert (palestine, RDF.type, KG.Country) in g
    assert set(g.objects(palestine, RDFS.label)) == {Literal("Palestine")}


def test_only_places_the_gazetteer_knows(written) -> None:
    g = background(written[0])
    for key in ("place/rafah-crossing", "person/ibrahim-kalin", "organization/hamas"):
        assert not list(g.triples((node(key), None, None))), key


def test_count_only_background_graph_and_idempotent(written) -> None:
    ds, added = written
    assert added == len(background(ds)) > 0
    article = len(ds.graph(graph_iri("doc1", BASE)))
    assert add_background(ds, ENTITIES, BASE) == 0
    assert len(ds.graph(graph_iri("doc1", BASE))) == article
    assert "background" in str(graph_iri("background", BASE))


def test_facts_are_looked_up_by_gazetteer_key_not_by_name() -> None:
    """The background graph trusts the key the gazetteer minted; a name alone finds nothing."""
    entities = {"place/geneva": Entity("place/geneva", "Place", "Genf"),
                "place/x-geneva": Entity("place/x-geneva", "Place", "Geneva")}
    ds = Dataset()
    add_background(ds, entities, BASE)
    g = background(ds)
    assert (node("place/geneva"), GN.parentCountry, node("country/switzerland")) in g
    assert not list(g.triples((node("place/x-geneva"), None, None)))
    assert (node("country/switzerland"), RDFS.label, Literal("Switzerland")) in g


def test_wrong_kinds_are_not_matched() -> None:
    entities = {"organization/cairo": Entity("organization/cairo", "Organization", "Cairo"),
                "person/egypt": Entity("person/egypt", "Person", "Egypt")}
    ds = Dataset()
    assert add_background(ds, entities, BASE) == 0


def test_reasoning_turns_parent_country_into_located_in(written) -> None:
    ds = written[0]
    infer(ds, BASE)
    inferred = ds.graph(graph_iri("inferred", BASE))
    assert (node("place/istanbul"), KG.locatedIn, node("country/turkiye")) in inferred
    assert (node("place/rafah-crossing"), KG.locatedIn, node("country/palestine")) in inferred
