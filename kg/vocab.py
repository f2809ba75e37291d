"""Namespaces and graph names shared by every stage, mirroring `ontology/kg.ttl`.

`KG` fails on unknown names (`_fail = True`), so a typo such as `KG.metwith` raises
instead of silently minting a term the ontology does not define.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace

from kg import iri
from kg.iri import ONTOLOGY_FILE

ONTOLOGY_IRI = URIRef(iri.ONTOLOGY_IRI)
ID = Namespace(iri.BASE)
GN = Namespace(iri.PREFIXES["gn"])  # gn:countryCode in the background graph
SCHEMA = SDO

__all__ = [
    "BACKGROUND_GRAPH", "DCTERMS", "ENTITIES_GRAPH", "GN", "ID", "INFERRED_GRAPH", "KG", "ONTOLOGY_FILE", "ONTOLOGY_GRAPH",
    "ONTOLOGY_IRI", "ORG", "OWL", "PREFIXES", "PROV", "RDF", "RDFS", "SCHEMA", "SKOS", "XSD",
    "article_graph", "bind", "graph_iri", "ontology_path",
]


class KG(DefinedNamespace):
    """The terms of `ontology/kg.ttl`; keep in step with it (tests/test_vocab.py checks)."""

    _NS = Namespace(iri.ONTOLOGY)
    _fail = True

    # classes
    Agent: URIRef
    Person: URIRef
    Organization: URIRef
    Country: URIRef
    Group: URIRef
    Place: URIRef
    Meeting: URIRef
    Demand: URIRef
    Topic: URIRef
    Article: URIRef
    Sentence: URIRef
    # the four relations
    metWith: URIRef
    mediates: URIRef
    callsFor: URIRef
    locatedIn: URIRef
    # meetings and demands
    participant: URIRef
    topic: URIRef
    location: URIRef
    date: URIRef
    polarity: URIRef
    Negative: URIRef
    event: URIRef
    reportedIn: URIRef
    about: URIRef
    addressee: URIRef
    # provenance
    meeting: URIRef
    text: URIRef
    startOffset: URIRef
    endOffset: URIRef
    fileName: URIRef


PREFIXES: dict[str, str] = iri.PREFIXES


def bind(graph: Graph, base: str = str(ID)) -> Graph:
    """Bind the house prefixes (with `kgr:` at `base`) so serializations read like the docs."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace if prefix != "kgr" else base, override=True, replace=True)
    return graph


RESERVED_GRAPHS = frozenset(iri.GRAPHS)


def graph_iri(name: str, base: str = str(ID)) -> URIRef:
    """Name of a named graph below `base`: `kgr:graph/{name}`."""
    return URIRef(iri.graph_iri(name, str(base)))


def article_graph(doc_id: str, base: str = str(ID)) -> URIRef:
    """The named graph holding what was extracted from article `doc_id`."""
    if doc_id in RESERVED_GRAPHS:
        raise ValueError(f"article id {doc_id!r} clashes with the {doc_id} graph; rename the file")
    return graph_iri(doc_id, base)


ONTOLOGY_GRAPH = graph_iri("ontology")
INFERRED_GRAPH = graph_iri("inferred")
BACKGROUND_GRAPH = graph_iri("background")
ENTITIES_GRAPH = graph_iri("entities")


def ontology_path() -> Path:
    """Locate `ontology/kg.ttl`, failing with the expected path if the checkout lacks it."""
    if not ONTOLOGY_FILE.is_file():
        raise FileNotFoundError(
            f"ontology file not found at {ONTOLOGY_FILE}; newskg must run from a source checkout "
            "(pip install -e .) that contains ontology/kg.ttl"
        )
    return ONTOLOGY_FILE
