"""The one source of the dataset's IRIs: ontology namespace, resource base, prefixes, graph names.

Plain strings, no RDF library, so every layer can read them: the writer (`kg.vocab`,
`kg.rdfio`), the store and its workers, the web pages and the remote client. The data
contract (../shared/DESIGN.md) fixes these values.

>>> graph_iri("entities")
'https://newskg.example/id/graph/entities'
>>> PREFIXES["kgr"] == BASE
True
"""
from __future__ import annotations

from pathlib import Path

__all__ = ["BASE", "GRAPHS", "ONTOLOGY", "ONTOLOGY_FILE", "ONTOLOGY_IRI", "PREFIXES", "graph_iri",
           "prefix_lines"]

ONTOLOGY = "https://newskg.example/ontology#"
ONTOLOGY_IRI = "https://newskg.example/ontology"
BASE = "https://newskg.example/id/"
# The ontology's source file (a source checkout, `pip install -e .`).
ONTOLOGY_FILE = Path(__file__).resolve().parents[1] / "ontology" / "kg.ttl"

# Prefixes every query may use undeclared, and that serializations abbreviate with.
PREFIXES: dict[str, str] = {
    "kg": ONTOLOGY,
    "kgr": BASE,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "gn": "http://www.geonames.org/ontology#",
}

# The corpus-wide graphs; every other graph below `graph/` holds one article.
GRAPHS = ("ontology", "entities", "background", "inferred")


def graph_iri(name: str, base: str = BASE) -> str:
    """Name of a named graph below `base`: `kgr:graph/{name}`."""
    return f"{base}graph/{name}"


def prefix_lines(names: object = None) -> str:
    """SPARQL PREFIX declarations for the house prefixes (for engines that predeclare none).

    >>> prefix_lines(["kg"])
    'PREFIX kg: <https://newskg.example/ontology#>\\n'
    """
    chosen = PREFIXES if names is None else {n: PREFIXES[n] for n in names}  # type: ignore[union-attr]
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in chosen.items())
