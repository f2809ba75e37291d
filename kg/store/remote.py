"""A remote SPARQL 1.1 endpoint behind the same Store interface (KG_GRAPH = http(s) URL).

Speaks the protocol with urllib: POST form-encoded queries, JSON results for SELECT/ASK,
N-Triples for graphs, re-serialized here so caps, truncation and formats match LocalStore.
Parameters are substituted for their variables everywhere, subqueries included, as typed
terms written in N-Triples syntax by `kg.store.substitute` (escaped and checked by us),
never user text pasted into the query; house prefixes the query uses are declared.
"""
from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping

import pyoxigraph as ox

from kg.store.base import Store
from kg.store.engine import serialize_triples
from kg.store.formats import GRAPH_FORMATS, find
from kg.store.guard import inspect_query
from kg.store.model import (Job, NotAcceptable, Payload, QueryError, QueryForbidden, QueryTimeout,
                            StoreInfo, Table, Term, WorkerCrashed)
from kg.store.results import serialize_bool, serialize_table
from kg.store.substitute import declare_prefixes, substitute

# Distinct triples of all named graphs: the size of the default graph as a set (RDF merge).
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } } ORDER BY ?g"
INFO_SECONDS = 10.0  # a pushed store changes under us: count again after this long


class RemoteStore(Store):
    """A read-only view of a remote SPARQL endpoint (e.g. `oxigraph serve-read-only`)."""

    def __init__(self, url: str, *, timeout: float = 20.0, max_rows: int = 10_000) -> None:
        self.url, self.timeout, self.max_rows = url, timeout, max_rows
        self._info: StoreInfo | None = None

    def info(self) -> StoreInfo:
        if self._info is None or time.time() - self._info.loaded_at > INFO_SECONDS:
            started = time.time()
            count = self._json(COUNT, None, None)["results"]["bindings"]
            rows = self._json(GRAPHS, None, None)["results"]["bindings"]
            self._info = StoreInfo(self.url, int(count[0]["n"]["value"]) if count else 0,
                                   tuple(r["g"]["value"] for r in rows), started, None,
                                   time.time() - started)
        return self._info

    def select(self, query: str, params: Mapping[str, Term] | None = None,
               limit: int | None = None) -> Table:
        cap = self.max_rows if limit is None else max(0, min(limit, self.max_rows))
        return self._table(self._bind(query, params), cap, None, None)

    def ask(self, query: str, params: Mapping[str, Term] | None = None) -> bool:
        return bool(self._json(self._bind(query, params), None, None).get("boolean"))

    def construct(self, query: str, fmt: str = "turtle",
                  params: Mapping[str, Term] | None = None) -> bytes:
        return self._graph(self._bind(query, params), fmt, self.max_rows, None, None)[0]

    def protocol(self, job: Job) -> Payload:
        query = self._bind(job.query, dict(job.params))
        form = inspect_query(query).form
        fmt = job.fmt if form in ("SELECT", "ASK") else job.graph_fmt
        if fmt is None:
            raise NotAcceptable(f"none of the accepted types fit a {form} query")
        if form == "SELECT":
            table = self._table(query, job.limit, job.default_graphs, job.named_graphs)
            return Payload(form, fmt, serialize_table(table, fmt), len(table.rows), table.truncated)
        if form == "ASK":
            value = self._json(query, job.default_graphs, job.named_graphs).get("boolean")
            return Payload(form, fmt, serialize_bool(bool(value), fmt), 1, False)
        body, count, truncated = self._graph(query, fmt, job.limit, job.default_graphs,
                                             job.named_graphs)
        return Payload(form, fmt, body, count, truncated)

    def _bind(self, query: str, params: Mapping[str, Term] | None) -> str:
        """Guard the query (every one: the remote engine has no sandbox of ours), then write
        the parameters' terms in place of their variables, in the text the guard read."""
        info = inspect_query(query, self.graphs() if "FROM" in query.upper() else None)
        return declare_prefixes(substitute(info.text, params or {}))

    def _table(self, query: str, limit: int, default: tuple[str, ...] | None,
               named: tuple[str, ...] | None) -> Table:
        """SELECT results as a Table capped at `limit`."""
        doc = self._json(query, default, named)
        columns = tuple(doc["head"]["vars"])
        rows = [tuple(_term(b.get(c)) for c in columns) for b in doc["results"]["bindings"]]
        return Table(columns, tuple(rows[:limit]), len(rows) > limit)

    def _graph(self, query: str, fmt: str, limit: int, default: tuple[str, ...] | None,
               named: tuple[str, ...] | None) -> tuple[bytes, int, bool]:
        """CONSTRUCT/DESCRIBE results fetched as N-Triples, re-serialized as `fmt`."""
        found = find(GRAPH_FORMATS, fmt)
        if found is None:
            raise QueryError(f"unknown RDF format {fmt!r}")
        body = self._post(query, "application/n-triples", default, named)
        triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        return serialize_triples(triples, found.name, limit)

    def _json(self, query: str, default: tuple[str, ...] | None,
              named: tuple[str, ...] | None) -> dict:
        """SELECT/ASK results as parsed SPARQL JSON."""
        return json.loads(self._post(query, "application/sparql-results+json", default, named))

    def _post(self, query: str, accept: str, default: tuple[str, ...] | None,
              named: tuple[str, ...] | None) -> bytes:
        """One protocol request; remote errors become our QueryError family."""
        fields = [("query", query)] + [("default-graph-uri", g) for g in default or ()]
        fields += [("named-graph-uri", g) for g in named or ()]
        request = urllib.request.Request(self.url, data=urllib.parse.urlencode(fields).encode(),
                                         headers={"Accept": accept, "Content-Type":
                                                  "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            message = exc.read().decode("utf-8", "replace")[:500].strip() or exc.reason
            raise (QueryForbidden if exc.code == 403 else QueryError)(
                f"remote endpoint answered {exc.code}: {message}") from None
        except (TimeoutError, socket.timeout):
            raise QueryTimeout(f"the remote endpoint did not answer within {self.timeout:g} s") from None
        except urllib.error.URLError as exc:
            raise WorkerCrashed(f"remote endpoint {self.url} unreachable: {exc.reason}") from None


def _term(binding: dict | None) -> Term | None:
    """A SPARQL JSON binding as a Term (simple literals without datatype)."""
    if binding is None:
        return None
    kind = "literal" if binding["type"] == "typed-literal" else binding["type"]
    datatype = binding.get("datatype")
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        datatype = None
    return Term(kind, binding["value"], datatype, binding.get("xml:lang"))
