"""The store interface every engine backend implements (embedded pyoxigraph or remote SPARQL).

Callers (web pages, saved queries, the CLI) only see this class and the records in
`kg.store.model`, so the engine can be swapped without touching them.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from pathlib import Path

from kg.store.model import Job, Payload, StoreInfo, Table, Term
from kg.store.textindex import TextIndex

# ?entity is bound by substitution (so it must be projected); describe_entity drops it.
ENTITY_QUERY = """SELECT ?graph ?subject ?predicate ?object ?entity WHERE {
  GRAPH ?graph { { ?entity ?predicate ?object . BIND(?entity AS ?subject) }
                 UNION { ?subject ?predicate ?entity . BIND(?entity AS ?object) } }
} ORDER BY ?graph ?subject ?predicate ?object"""


class Store(ABC):
    """A read-only SPARQL dataset. Every query runs under `timeout` seconds, capped at `max_rows`.

    Errors: `QueryError` (bad query, HTTP 400), `QueryForbidden` (update/SERVICE, HTTP 403/400),
    `QueryTimeout` (deadline passed or all workers busy, HTTP 503).
    """

    timeout: float
    max_rows: int

    @abstractmethod
    def select(self, query: str, params: Mapping[str, Term] | None = None,
               limit: int | None = None) -> Table:
        """Run a SELECT with typed terms bound to variables; at most `limit` (<= max_rows) rows."""

    @abstractmethod
    def ask(self, query: str, params: Mapping[str, Term] | None = None) -> bool:
        """Run an ASK query."""

    @abstractmethod
    def construct(self, query: str, fmt: str = "turtle",
                  params: Mapping[str, Term] | None = None) -> bytes:
        """Run a CONSTRUCT/DESCRIBE query, serialized as `fmt` (a name in GRAPH_FORMATS)."""

    @abstractmethod
    def protocol(self, job: Job) -> Payload:
        """Run one SPARQL-protocol request (op "http"): serialized body in the chosen format."""

    @abstractmethod
    def info(self) -> StoreInfo:
        """What is loaded: source, triple count, graphs, load time, file mtime."""

    def triple_count(self) -> int:
        """Number of distinct triples in the default graph (the union of all graphs)."""
        return self.info().triples

    def graphs(self) -> tuple[str, ...]:
        """IRIs of the dataset's named graphs, sorted."""
        return self.info().graphs

    def describe_entity(self, iri: str, limit: int | None = None) -> Table:
        """Every quad where `iri` is subject or object: columns graph, subject, predicate, object."""
        table = self.select(ENTITY_QUERY, {"entity": Term.uri(iri)}, limit)
        return Table(table.columns[:4], tuple(row[:4] for row in table.rows), table.truncated)

    def text_index(self) -> TextIndex | None:
        """The index of names (labels and aliases) of this dataset, or None when the store
        has none (a remote store): callers then match names in SPARQL instead."""
        return None

    def dump_path(self, fmt: str) -> Path | None:
        """A file holding the whole dataset as `fmt` (a download format of kg.store.formats),
        or None if this store cannot make one.

        :raises QueryError: `fmt` is not a download format.
        """
        return None

    def close(self) -> None:
        """Stop workers and remove temporary files; the store is unusable afterwards."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
