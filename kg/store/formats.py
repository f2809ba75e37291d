"""The one table of formats: SPARQL results, RDF graphs and datasets, each named once.

Every reader takes what it needs from `FORMATS`: the web layer negotiates over it (Accept,
`?format=`, `/data/graph.<ext>`), the store and `kg export` serialize by its names, the
service description lists its W3C IRIs, the home page its titles.

>>> find(GRAPH_FORMATS, "text/n3").name
'n3'
>>> find(DOWNLOAD_FORMATS, "xml").extension
'rdf'
>>> [f.extension for f in DOWNLOAD_FORMATS if f.keeps_graphs]
['trig', 'nq', 'jsonld']
"""
from __future__ import annotations

from dataclasses import dataclass

from kg.iri import PREFIXES

__all__ = ["DATASET_FORMATS", "DOWNLOAD_FORMATS", "FORMATS", "GRAPH_FORMATS", "PREFIXES",
           "RESULT_FORMATS", "Format", "by_name", "find"]


@dataclass(frozen=True, slots=True)
class Format:
    """One serialization.

    `name` is what the code passes around, `extension` the file suffix, `aliases` what
    `?format=` and Accept also take; `kinds` says what it can carry: "results" (SELECT/ASK),
    "triples" (a graph), "quads" (a dataset with named graphs). `w3c` is its local name
    under http://www.w3.org/ns/formats/.
    """

    name: str
    media_type: str
    extension: str
    title: str
    w3c: str
    kinds: frozenset[str]
    aliases: tuple[str, ...] = ()
    charset: bool = True

    @property
    def content_type(self) -> str:
        """The Content-Type header value (UTF-8 spelled out for text types)."""
        return f"{self.media_type}; charset=utf-8" if self.charset else self.media_type

    @property
    def keeps_graphs(self) -> bool:
        """True when the format writes named graphs (else a dataset becomes its union)."""
        return "quads" in self.kinds

    def spelled(self, text: str) -> bool:
        """True when `text` (lower case) names this format."""
        return text in (self.name, self.media_type, self.extension, *self.aliases)


def _kinds(*names: str) -> frozenset[str]:
    return frozenset(names)


# Within each kind, the first format is the default when a client accepts anything. Aliases
# include the ?format= names clients send (SPARQLWrapper: json, xml, csv, tsv, turtle, n3,
# rdf, rdf+xml, json-ld; other endpoints: sparql-results+json, ...).
FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", "srj", "SPARQL JSON", "SPARQL_Results_JSON",
           _kinds("results"), ("application/json", "sparql-results+json", "text/json"), charset=False),
    Format("xml", "application/sparql-results+xml", "srx", "SPARQL XML", "SPARQL_Results_XML",
           _kinds("results"), ("application/xml", "text/xml", "sparql-results+xml"), charset=False),
    Format("csv", "text/csv", "csv", "CSV", "SPARQL_Results_CSV", _kinds("results")),
    Format("tsv", "text/tab-separated-values", "tsv", "TSV", "SPARQL_Results_TSV", _kinds("results")),
    Format("trig", "application/trig", "trig", "TriG", "TriG", _kinds("quads")),
    Format("nq", "application/n-quads", "nq", "N-Quads", "N-Quads", _kinds("quads"),
           ("nquads", "n-quads")),
    Format("turtle", "text/turtle", "ttl", "Turtle", "Turtle", _kinds("triples"),
           ("application/x-turtle",)),
    Format("nt", "application/n-triples", "nt", "N-Triples", "N-Triples", _kinds("triples"),
           ("ntriples", "n-triples", "text/plain")),
    Format("jsonld", "application/ld+json", "jsonld", "JSON-LD", "JSON-LD", _kinds("triples", "quads"),
           ("json-ld", "json", "application/json"), charset=False),
    Format("rdfxml", "application/rdf+xml", "rdf", "RDF/XML", "RDF_XML", _kinds("triples"),
           ("rdf+xml", "xml", "owl"), charset=False),
    Format("n3", "text/n3", "n3", "N3", "N3", _kinds("triples"), ("text/rdf+n3",)),
)
RESULT_FORMATS = tuple(f for f in FORMATS if "results" in f.kinds)
GRAPH_FORMATS = tuple(f for f in FORMATS if "triples" in f.kinds)   # CONSTRUCT / DESCRIBE
DATASET_FORMATS = tuple(f for f in FORMATS if f.keeps_graphs)
DOWNLOAD_FORMATS = DATASET_FORMATS + tuple(f for f in GRAPH_FORMATS if not f.keeps_graphs)


def find(formats: tuple[Format, ...], name: str) -> Format | None:
    """The format in `formats` that `name` names (short name, extension, media type or
    alias, case-insensitive; a space stands for the `+` of a hand-typed `?format=rdf+xml`),
    or None."""
    key = name.strip().lower().replace(" ", "+")
    return next((fmt for fmt in formats if fmt.spelled(key)), None)


def by_name(name: str) -> Format:
    """Any format by its exact short name (names come from this table).

    :raises KeyError: no format has that name.
    """
    for fmt in FORMATS:
        if fmt.name == name:
            return fmt
    raise KeyError(name)
