"""Result and RDF formats: short names, media types and `?format=` aliases.

The web layer negotiates over these tables; the store serializes by name.
"""
from __future__ import annotations

from dataclasses import dataclass

from kg.iri import PREFIXES  # re-exported: prefixes are defined once, in kg.iri


@dataclass(frozen=True, slots=True)
class Format:
    """One serialization: short name, media type sent, extra aliases accepted in ?format=."""

    name: str
    media_type: str
    aliases: tuple[str, ...] = ()
    charset: bool = True

    @property
    def content_type(self) -> str:
        """The Content-Type header value (UTF-8 spelled out for text types)."""
        return f"{self.media_type}; charset=utf-8" if self.charset else self.media_type


# First entry of each table is the default when the client accepts anything.
RESULT_FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", ("srj", "application/json"), False),
    Format("xml", "application/sparql-results+xml", ("srx", "application/xml", "text/xml"), False),
    Format("csv", "text/csv"),
    Format("tsv", "text/tab-separated-values"),
)
GRAPH_FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", ("ttl",)),
    Format("nt", "application/n-triples", ("ntriples", "n-triples", "text/plain")),
    Format("jsonld", "application/ld+json", ("json-ld", "json", "application/json"), False),
    Format("rdfxml", "application/rdf+xml", ("xml", "rdf", "owl"), False),
)
DATASET_FORMATS: tuple[Format, ...] = (
    Format("trig", "application/trig"),
    Format("nq", "application/n-quads", ("nquads", "n-quads")),
)
# `kg export` names (the design's list): datasets keep their graphs, the rest is the union.
EXPORT_NAMES: dict[str, str] = {"trig": "trig", "nq": "nq", "ttl": "turtle", "nt": "nt",
                                "jsonld": "jsonld", "xml": "rdfxml"}


def find(formats: tuple[Format, ...], name: str) -> Format | None:
    """The format called `name`, its media type or one of its aliases (case-insensitive)."""
    key = name.strip().lower()
    for fmt in formats:
        if key in (fmt.name, fmt.media_type, *fmt.aliases):
            return fmt
    return None


def by_name(name: str) -> Format:
    """Any known format by exact short name (internal use: names come from these tables)."""
    for fmt in RESULT_FORMATS + GRAPH_FORMATS + DATASET_FORMATS:
        if fmt.name == name:
            return fmt
    raise KeyError(name)
