"""RDF about the service itself: the SPARQL service description and the VoID dataset card."""
from __future__ import annotations

import pyoxigraph as ox

from kg.store.engine import RDF_FORMATS
from kg.store.formats import PREFIXES
from kg.store.formats import GRAPH_FORMATS, RESULT_FORMATS
from kg.store.model import StoreInfo

# W3C format IRIs for sd:resultFormat (https://www.w3.org/ns/formats/).
FORMAT_IRIS = {"json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML",
               "csv": "SPARQL_Results_CSV", "tsv": "SPARQL_Results_TSV", "turtle": "Turtle",
               "nt": "N-Triples", "jsonld": "JSON-LD", "rdfxml": "RDF_XML"}
_HEAD = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix formats: <http://www.w3.org/ns/formats/> .
"""


def _lit(text: str) -> str:
    """A Turtle string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def service_description(endpoint: str, info: StoreInfo) -> str:
    """Turtle sd:Service for `endpoint`: language, formats, union default graph, named graphs."""
    formats = ", ".join(f"formats:{FORMAT_IRIS[f.name]}" for f in RESULT_FORMATS + GRAPH_FORMATS)
    named = "".join(f"""
        sd:namedGraph [ a sd:NamedGraph ; sd:name <{g}> ]""" + " ;" for g in info.graphs)
    return _HEAD + f"""
<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat {formats} ;
    sd:feature sd:UnionDefaultGraph ;
    sd:defaultEntailmentRegime <http://www.w3.org/ns/entailment/Simple> ;
    sd:defaultDataset [ a sd:Dataset ;{named}
        sd:defaultGraph [ a sd:Graph ; void:triples {info.triples} ] ] .
"""


def void_description(base: str, info: StoreInfo, title: str = "newskg") -> str:
    """Turtle VoID card: size, graphs as subsets, SPARQL endpoint, data dumps."""
    subsets = "".join(f"""
    void:subset [ a void:Dataset ; void:inDataset <{base}.well-known/void#dataset> ;
                  sd:name <{g}> ] ;""" for g in info.graphs)
    return _HEAD + f"""
<{base}.well-known/void#dataset> a void:Dataset ;
    dcterms:title {_lit(title)} ;
    dcterms:description {_lit("Who met whom, who mediates and who calls for what, from news articles.")} ;
    void:triples {info.triples} ;
    void:sparqlEndpoint <{base}sparql> ;
    void:dataDump <{base}data/graph.trig>, <{base}data/graph.nq> ;
    void:uriSpace {_lit(PREFIXES["kgr"])} ;
    void:vocabulary <{PREFIXES["kg"]}> ;{subsets}
    void:feature formats:TriG, formats:N-Quads .
"""


def convert_turtle(text: str, fmt: str) -> bytes:
    """Re-serialize a Turtle document as `fmt` (a GRAPH_FORMATS name)."""
    if fmt == "turtle":
        return text.encode("utf-8")
    triples = list(ox.parse(text, format=ox.RdfFormat.TURTLE))
    return ox.serialize(triples, format=RDF_FORMATS[fmt], prefixes=PREFIXES)
