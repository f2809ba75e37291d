"""Records and errors shared by the store, its workers and its callers (no engine imports here)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# Characters no IRI may hold (RFC 3987 / the SPARQL IRIREF production): an IRI with one of
# them can name nothing in the store, and no engine or remote endpoint would accept it.
IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')

__all__ = ["Job", "NotAcceptable", "Overloaded", "Payload", "QueryError", "QueryForbidden",
           "QueryTimeout", "QueryTooLarge", "QueryRefused", "StoreInfo", "Table", "Term",
           "WorkerCrashed"]


class QueryError(ValueError):
    """A malformed or refused query; the message is shown to the user (HTTP 400)."""


class QueryForbidden(QueryError):
    """An update or other write operation on the read-only store (HTTP 403)."""


class QueryRefused(QueryError):
    """A query that would reach outside the dataset: SERVICE, FROM <elsewhere> (HTTP 400)."""


class QueryTimeout(RuntimeError):
    """The query was stopped by a server limit: its deadline (its worker was killed), or one
    of the subclasses below (HTTP 503)."""


class QueryTooLarge(QueryTimeout):
    """The query needed more memory, or its answer more bytes, than one query may have."""


class Overloaded(QueryTimeout):
    """No query worker came free in time (HTTP 503 with Retry-After: `retry_after` seconds)."""

    def __init__(self, message: str, retry_after: int = 5) -> None:
        super().__init__(message)
        self.retry_after = retry_after

    def __reduce__(self) -> tuple:
        return (self.__class__, (str(self), self.retry_after))


class NotAcceptable(ValueError):
    """No result format the client accepts fits the query form (HTTP 406)."""


class WorkerCrashed(RuntimeError):
    """A query worker died without answering (HTTP 500); it has been replaced."""


@dataclass(frozen=True, slots=True)
class Term:
    """A JSON-friendly RDF term, so callers never see engine objects."""

    kind: Literal["uri", "literal", "bnode"]
    value: str
    datatype: str | None = None
    lang: str | None = None

    @classmethod
    def uri(cls, value: str) -> Term:
        """An IRI term."""
        return cls("uri", value)

    @staticmethod
    def is_iri(value: str) -> bool:
        """True when `value` can be an IRI at all (no space, quote, brace, control ...).

        >>> Term.is_iri("https://newskg.example/id/person/a b")
        False
        """
        return bool(value) and IRI_BAD.search(value) is None

    @classmethod
    def literal(cls, value: str, datatype: str | None = None, lang: str | None = None) -> Term:
        """A literal term (plain string when neither datatype nor lang is given)."""
        return cls("literal", value, datatype, lang)


@dataclass(frozen=True, slots=True)
class Table:
    """SELECT results: columns in projection order, rows in engine order, and whether capped."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]
    truncated: bool


@dataclass(frozen=True, slots=True)
class Payload:
    """A serialized protocol answer from a worker: the query form, format name and body."""

    form: str
    fmt: str
    body: bytes
    rows: int
    truncated: bool


@dataclass(frozen=True, slots=True)
class Job:
    """One request to a query worker.

    `op` is table (-> Table), ask (-> bool), construct (-> bytes) or http (-> Payload);
    `fmt` names the serialization for construct, and for http the SELECT/ASK results format,
    `graph_fmt` the CONSTRUCT/DESCRIBE one (see kg.store.formats); for http, None means the
    client accepts no format of that family (HTTP 406 if the query turns out to need it).
    `default_graphs` None means the union of all graphs; `named_graphs` None means all.
    `trusted` marks text the server wrote itself (saved queries, page queries: the Python
    API); only untrusted text (the SPARQL protocol) is parsed by the guard. Both run in the
    sandboxed workers, so neither can reach the network.
    """

    op: str
    query: str
    params: tuple[tuple[str, Term], ...] = ()
    limit: int = 10_000
    fmt: str | None = "json"
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    graph_fmt: str | None = "turtle"
    trusted: bool = False


@dataclass(frozen=True, slots=True)
class StoreInfo:
    """What a store serves, for /healthz, VoID and the service description.

    `triples` counts the distinct triples of the default graph (the union of all graphs),
    `quads` the statements in the named graphs (a triple stated by three articles counts 3).
    """

    source: str
    triples: int
    graphs: tuple[str, ...]
    loaded_at: float
    mtime: float | None = None
    load_seconds: float = 0.0
    quads: int | None = None
