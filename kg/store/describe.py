"""RDF about the service itself: the SPARQL service description and the VoID dataset card."""
from __future__ import annotations

import pyoxigraph as ox

from kg.store.formats import DOWNLOAD_FORMATS, GRAPH_FORMATS, PREFIXES, RESULT_FORMATS
from kg.store.writers import serialize
from kg.store.model import StoreInfo

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
    formats = ", ".join(f"formats:{f.w3c}" for f in RESULT_FORMATS + GRAPH_FORMATS)
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
    dumps = ", ".join(f"<{base}data/graph.{f.extension}>" for f in DOWNLOAD_FORMATS)
    features = ", ".join(f"formats:{f.w3c}" for f in DOWNLOAD_FORMATS)
    subsets = "".join(f"""
    void:subset [ a void:Dataset ; void:inDataset <{base}.well-known/void#dataset> ;
                  sd:name <{g}> ] ;""" for g in info.graphs)
    return _HEAD + f"""
<{base}.well-known/void#dataset> a void:Dataset ;
    dcterms:title {_lit(title)} ;
    dcterms:description {_lit("Who met whom, who mediates and who calls for what, from news articles.")} ;
    void:triples {info.triples} ;
    void:sparqlEndpoint <{base}sparql> ;
    void:dataDump {dumps} ;
    void:uriSpace {_lit(PREFIXES["kgr"])} ;
    void:vocabulary <{PREFIXES["kg"]}> ;{subsets}
    void:feature {features} .
"""


def convert_turtle(text: str, fmt: str) -> bytes:
    """Re-serialize a Turtle document as `fmt` (a GRAPH_FORMATS name)."""
    if fmt == "turtle":
        return text.encode("utf-8")
    triples = list(ox.parse(text, format=ox.RdfFormat.TURTLE))
    return serialize(triples, fmt)
