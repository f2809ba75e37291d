"""Evaluate one Job on a pyoxigraph Store: the code that runs inside each query worker.

Parameters arrive as `Term` records and are bound with pyoxigraph `substitutions` (typed
terms, never text). Results leave as records or bytes, so no engine object crosses a process.
"""
from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

import pyoxigraph as ox

from kg.store.formats import PREFIXES
from kg.store.model import Job, Payload, QueryError, Table, Term
from kg.store.results import serialize_bool, serialize_table
from kg.store.writers import serialize

_PLAIN = ("http://www.w3.org/2001/XMLSchema#string",
          "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")


def to_ox(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A Term record as a pyoxigraph term."""
    if term.kind == "uri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        return ox.BlankNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    datatype = ox.NamedNode(term.datatype) if term.datatype else None
    return ox.Literal(term.value, datatype=datatype)


def from_ox(term: object) -> Term | None:
    """A pyoxigraph term as a Term record (simple literals carry no datatype)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        return Term("literal", term.value, None if datatype in _PLAIN else datatype, term.language)
    return Term("literal", str(term))  # an RDF-star quoted triple, shown in Turtle syntax


def one_line(message: str, limit: int = 300) -> str:
    """An engine message on one line (parser messages list whole character classes)."""
    text = " ".join(message.split())
    return text if len(text) <= limit else text[:limit] + " ..."


def _sort_key(row: tuple[Term | None, ...]) -> tuple:
    """A total order on rows, used only when the query has no ORDER BY."""
    return tuple(("", "", "", "") if t is None else (t.kind, t.value, t.datatype or "", t.lang or "")
                 for t in row)


class Engine:
    """Runs Jobs against one pyoxigraph Store (read-only in workers)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def run(self, job: Job) -> Table | bool | bytes | Payload:
        """Evaluate `job`; op decides the result type.

        :raises QueryError: the query does not parse, or its form does not fit `op`.
        """
        result = self._query(job)
        if isinstance(result, ox.QuerySolutions):
            table = self._table(result, job)
            if job.op == "table":
                return table
            if job.op == "http":
                return Payload("SELECT", job.fmt, serialize_table(table, job.fmt),
                               len(table.rows), table.truncated)
        elif isinstance(result, ox.QueryBoolean):
            if job.op == "ask":
                return bool(result)
            if job.op == "http":
                return Payload("ASK", job.fmt, serialize_bool(bool(result), job.fmt), 1, False)
        elif job.op in ("construct", "http"):
            body, count, truncated = self._graph(result, job)
            return body if job.op == "construct" else Payload("CONSTRUCT", job.fmt, body, count, truncated)
        raise QueryError(f"this query's form does not fit the requested operation ({job.op})")

    def _query(self, job: Job) -> object:
        """Call pyoxigraph with the dataset and bound parameters of `job`."""
        # The store's default graph already holds the union of the named graphs, once per
        # triple (kg.store.local.add_union), so the engine's union view is never used.
        kwargs: dict[str, object] = {"prefixes": PREFIXES}
        if job.default_graphs is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
        if job.named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
        if job.params:
            kwargs["substitutions"] = {ox.Variable(k): to_ox(v) for k, v in job.params}
        try:
            return self.store.query(job.query, **kwargs)
        except SyntaxError as exc:
            raise QueryError(f"syntax error: {one_line(str(exc))}") from None
        except (RuntimeError, ValueError) as exc:
            raise QueryError(one_line(str(exc))) from None

    def _table(self, solutions: ox.QuerySolutions, job: Job) -> Table:
        """Up to job.limit rows in projection order; sorted unless the query orders them."""
        columns = tuple(v.value for v in solutions.variables)
        try:
            rows = [tuple(from_ox(s[i]) for i in range(len(columns)))
                    for s in islice(solutions, job.limit + 1)]
        except OSError as exc:
            raise QueryError(f"evaluation failed: {exc}") from None
        truncated = len(rows) > job.limit
        rows = rows[:job.limit]
        if not job.ordered:
            rows.sort(key=_sort_key)
        return Table(columns, tuple(rows), truncated)

    def _graph(self, triples: Iterable[ox.Triple], job: Job) -> tuple[bytes, int, bool]:
        """Serialized CONSTRUCT/DESCRIBE triples, capped at job.limit."""
        try:
            items = list(islice(triples, job.limit + 1))
        except OSError as exc:
            raise QueryError(f"evaluation failed: {exc}") from None
        return serialize_triples(items, job.fmt, job.limit)


def serialize_triples(items: list[ox.Triple], fmt: str, limit: int) -> tuple[bytes, int, bool]:
    """Up to `limit` triples, sorted for stable output, in `fmt`; (body, count, truncated).

    Truncation is said by a final comment in Turtle, N-Triples and RDF/XML (JSON-LD has no
    comments: the HTTP header says it).
    """
    truncated = len(items) > limit
    items = sorted(items[:limit], key=str)
    body = serialize(items, fmt)
    if truncated and fmt in ("turtle", "nt", "n3"):
        body += f"# truncated: more than {limit} triples, only the first {limit} shown\n".encode()
    elif truncated and fmt == "rdfxml":
        body += f"<!-- truncated: more than {limit} triples, only the first {limit} shown -->\n".encode()
    return body, len(items), truncated
