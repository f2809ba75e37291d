"""Standards: the ontology is OWL 2 DL (profile check, and HermiT loads it), and every build
conforms to the SHACL shapes in ontology/shapes.ttl (the seeds and the dev2 articles)."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.iri import ONTOLOGY_FILE
from kg.owl_profile import violations
from kg.rdfio import load

SHAPES = ONTOLOGY_FILE.parent / "shapes.ttl"
DEV2 = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev2" / "texts"


def test_ontology_is_owl2_dl() -> None:
    assert violations(ONTOLOGY_FILE.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(("turtle", "reason"), [
    ("<urn:d> a owl:DatatypeProperty ; rdfs:range xsd:date .", "not in the OWL 2 datatype map"),
    ("<urn:o> <http://purl.org/dc/terms/title> \"x\" .", "not declared an annotation property"),
    ("<urn:p> a owl:ObjectProperty, owl:DatatypeProperty .", "more than one kind of property"),
    ("<urn:p> a owl:DatatypeProperty, owl:TransitiveProperty .", "not an object property"),
    ("<urn:p> a owl:ObjectProperty ; rdfs:range xsd:string .", "which is not a class"),
    ("<urn:c> a owl:Class ; rdfs:subClassOf <urn:nowhere> .", "not declared"),
])
def test_profile_check_finds_violations(turtle: str, reason: str) -> None:
    head = ("@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: "
            "<http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n")
    assert any(reason in v for v in violations(head + turtle)), violations(head + turtle)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java (setup installs default-jre-headless)")
def test_hermit_loads_the_ontology_and_finds_it_consistent(tmp_path: Path) -> None:
    owlready2 = pytest.importorskip("owlready2")
    nt = tmp_path / "kg.nt"  # owlready2 reads N-Triples, not Turtle
    ox.serialize(ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE), str(nt),
                 ox.RdfFormat.N_TRIPLES)
    world = owlready2.World()
    onto = world.get_ontology(nt.as_uri()).load(format="ntriples")
    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False)  # raises when it cannot
    assert list(world.inconsistent_classes()) == []
    assert onto.search_one(iri="https://newskg.example/ontology#Country") is not None


def shacl(path: Path) -> tuple[bool, str]:
    """pyshacl on the union of a dataset file's graphs (the ontology graph included)."""
    from pyshacl import validate

    data = Graph()
    for s, p, o, _ in load(path).quads((None, None, None, None)):
        data.add((s, p, o))
    conforms, _, text = validate(data, shacl_graph=Graph().parse(SHAPES, format="turtle"),
                                 inference="none")
    return bool(conforms), text


@pytest.mark.slow
@pytest.mark.model
def test_seeds_build_conforms_to_the_shapes(seeds_graph: Path) -> None:
    conforms, report = shacl(seeds_graph)
    assert conforms, report[:3000]


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.skipif(not DEV2.is_dir(), reason=f"no dev2 articles at {DEV2}")
def test_dev2_build_conforms_to_the_shapes(tmp_path: Path) -> None:
    from kg.build import build_dataset

    out = tmp_path / "dev2.trig"
    build_dataset(DEV2, out)
    conforms, report = shacl(out)
    assert conforms, report[:3000]


@pytest.mark.slow
@pytest.mark.model
def test_shapes_catch_broken_data(seeds_graph: Path, tmp_path: Path) -> None:
    text = seeds_graph.read_text(encoding="utf-8")
    broken = tmp_path / "broken.trig"
    sentence = "<https://newskg.example/ontology#text>"
    assert sentence in text or "kg:text" in text
    quads = [q for q in ox.parse(path=str(seeds_graph), format=ox.RdfFormat.TRIG)
             if q.predicate.value not in ("https://newskg.example/ontology#text",
                                          "http://www.w3.org/ns/prov#wasDerivedFrom")]
    ox.serialize(quads, str(broken), ox.RdfFormat.TRIG)
    conforms, report = shacl(broken)
    assert not conforms and "kg:text" in report.replace("https://newskg.example/ontology#", "kg:")
