"""The one package that knows the query engine: open a dataset, query it safely.

>>> store = open_store("tests/data/mini.trig", timeout=5, workers=0)
>>> store.select("SELECT ?l WHERE { ?p a <https://newskg.example/ontology#Person> ; "
...              "<http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l").columns
('l',)
>>> store.ask("ASK { ?s ?p ?o }")
True
>>> store.close()

Backends: `LocalStore` (pyoxigraph, queries in killable worker processes) for a file and
`RemoteStore` (SPARQL 1.1 protocol over urllib) for an http(s) URL.
"""
from __future__ import annotations

from pathlib import Path

from kg.store.base import Store
from kg.store.formats import GRAPH_FORMATS, RESULT_FORMATS, Format
from kg.store.guard import QueryInfo, inspect_query
from kg.store.model import (Job, NotAcceptable, Overloaded, Payload, QueryError, QueryForbidden,
                            QueryRefused, QueryTimeout, QueryTooLarge, StoreInfo, Table, Term,
                            WorkerCrashed)
from kg.store.worker import Limits

__all__ = ["GRAPH_FORMATS", "RESULT_FORMATS", "Format", "Job", "Limits", "NotAcceptable",
           "Overloaded", "Payload", "QueryError", "QueryForbidden", "QueryInfo", "QueryRefused",
           "QueryTimeout", "QueryTooLarge", "Store", "StoreInfo", "Table", "Term", "WorkerCrashed",
           "inspect_query", "is_remote", "open_store"]


def is_remote(source: str | Path) -> bool:
    """True when `source` is an http(s) URL of a SPARQL endpoint rather than a file."""
    return str(source).startswith(("http://", "https://"))


def open_store(source: str | Path, *, timeout: float = 20.0, max_rows: int = 10_000,
               workers: int = 4, limits: Limits | None = None) -> Store:
    """Open `source`: a TriG/N-Quads file (embedded engine) or an http(s) SPARQL endpoint URL.

    `workers` is the number of query processes (0 runs queries in this process, without a
    hard deadline or sandbox: for the CLI and doctests); `limits` bounds each of them.

    :raises QueryError: the file is missing or does not parse.
    """
    if is_remote(source):
        from kg.store.remote import RemoteStore

        return RemoteStore(str(source), timeout=timeout, max_rows=max_rows)
    from kg.store.local import LocalStore

    return LocalStore(Path(source), timeout=timeout, max_rows=max_rows, workers=workers,
                      limits=limits)
