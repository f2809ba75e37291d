"""kg.iri is the one place prefixes, the base IRI and graph names are written down."""
from __future__ import annotations

import re
from pathlib import Path

from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg import iri, vocab

PACKAGE = Path(__file__).resolve().parents[1] / "kg"
# A namespace written out as a whole string or a PREFIX line is a second copy of kg.iri.
COPY = re.compile(r'"(https://newskg\.example/(?:id/|ontology#)|http://www\.w3\.org/2000/01/rdf-schema#)"'
                  r"|PREFIX \w+: <")


def test_prefixes_agree_with_rdflib_and_the_contract() -> None:
    assert iri.PREFIXES["kg"] == str(vocab.KG._NS) == "https://newskg.example/ontology#"
    assert iri.PREFIXES["kgr"] == str(vocab.ID) == "https://newskg.example/id/"
    for name, ns in {"rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "skos": SKOS, "prov": PROV,
                     "dcterms": DCTERMS, "org": ORG}.items():
        assert iri.PREFIXES[name] == str(ns)
    assert str(vocab.ENTITIES_GRAPH) == iri.graph_iri("entities")
    assert vocab.RESERVED_GRAPHS == set(iri.GRAPHS)


def test_no_module_writes_prefixes_a_second_time() -> None:
    copies = [f"{path.relative_to(PACKAGE.parent)}:{n}"
              for path in PACKAGE.rglob("*.py") if path.name != "iri.py"
              for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
              if COPY.search(line)]
    assert copies == []


def test_prefix_lines_declare_the_house_prefixes() -> None:
    import pyoxigraph as ox

    text = iri.prefix_lines() + "ASK { ?s kg:metWith ?o ; rdfs:label ?l ; gn:x ?y }"
    assert ox.Store().query(text) is not None
