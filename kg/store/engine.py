"""Evaluate one Job on a pyoxigraph Store: the code that runs inside each query worker.

Parameters arrive as `Term` records and are bound with pyoxigraph `substitutions` (typed
terms, never text). Results leave as records or bytes, so no engine object crosses a process.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice
from typing import TypeVar

import pyoxigraph as ox

from kg.store.dataset import dataset, merged, needs_merge
from kg.store.formats import GRAPH_FORMATS, PREFIXES, RESULT_FORMATS, Format
from kg.store.guard import BASE_IRI, QueryInfo, inspect_query, one_line, trusted_info
from kg.store.model import (Job, NotAcceptable, Payload, QueryError, QueryRefused, QueryTooLarge,
                            Table, Term)
from kg.store.results import serialize_bool, serialize_table
from kg.store.writers import serialize

_PLAIN = ("http://www.w3.org/2001/XMLSchema#string",
          "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")
T = TypeVar("T")


def to_ox(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A Term record as a pyoxigraph term.

    :raises ValueError: not a valid IRI, blank node id or language tag.
    """
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


def _sort_key(row: tuple[Term | None, ...]) -> tuple:
    """A total order on rows, used only when the query has no ORDER BY."""
    return tuple(("", "", "", "") if t is None else (t.kind, t.value, t.datatype or "", t.lang or "")
                 for t in row)


class Engine:
    """Runs Jobs against one pyoxigraph Store (read-only in workers).

    Every untrusted query passes the guard here, inside the worker, so the parse (a
    pure-Python parser, ~1 ms for a short query, ~300 ms for the longest saved one) costs
    the worker's time under its deadline, not the web server's.
    Answers over `max_bytes` raise QueryTooLarge instead of growing without bound.
    """

    def __init__(self, store: ox.Store, max_bytes: int = 16 << 20) -> None:
        self.store = store
        self.max_bytes = max_bytes

    def run(self, job: Job) -> Table | bool | bytes | Payload:
        """Guard and evaluate `job`; op decides the result type.

        :raises QueryError: the query is refused, does not parse, or its form does not fit `op`.
        :raises NotAcceptable: an http job whose client accepts no format for this form.
        :raises QueryTooLarge: the answer is larger than `max_bytes`.
        """
        info = inspect_query(job.query) if not job.trusted else trusted_info(job.query)
        result = self._query(job, info)
        if isinstance(result, ox.QuerySolutions):
            table = self._table(result, job, info.ordered)
            if job.op == "table":
                return table
            if job.op == "http":
                fmt = _fits(job.fmt, "SELECT", RESULT_FORMATS)
                return self._payload("SELECT", fmt, serialize_table(table, fmt), len(table.rows),
                                     table.truncated)
        elif isinstance(result, ox.QueryBoolean):
            if job.op == "ask":
                return bool(result)
            if job.op == "http":
                fmt = _fits(job.fmt, "ASK", RESULT_FORMATS)
                return Payload("ASK", fmt, serialize_bool(bool(result), fmt), 1, False)
        elif job.op in ("construct", "http"):
            fmt = job.fmt if job.op == "construct" else _fits(job.graph_fmt, info.form, GRAPH_FORMATS)
            body, count, truncated = self._graph(result, job.limit, fmt)
            return body if job.op == "construct" else self._payload(info.form, fmt, body, count, truncated)
        raise QueryError(f"this query's form does not fit the requested operation ({job.op})")

    def _query(self, job: Job, info: QueryInfo) -> object:
        """Call pyoxigraph with the dataset and bound parameters of `job`."""
        # The store's default graph already holds the union of the named graphs, once per
        # triple (kg.store.local.load_into), so the engine's union view is never used.
        default, named = dataset(job, info)
        kwargs: dict[str, object] = {"prefixes": PREFIXES, "base_iri": BASE_IRI}
        store = self.store
        try:
            if needs_merge(default):
                store = merged(self.store, default, named)
                kwargs["default_graph"] = [ox.DefaultGraph()]  # the merge, over any FROM
                if named is None:
                    kwargs["named_graphs"] = list(store.named_graphs())
            elif default is not None:
                kwargs["default_graph"] = [ox.NamedNode(g) for g in default]
            if named is not None:
                kwargs["named_graphs"] = [ox.NamedNode(g) for g in named]
            if job.params:
                kwargs["substitutions"] = {ox.Variable(k): to_ox(v) for k, v in job.params}
            return store.query(info.text, **kwargs)
        except SyntaxError as exc:
            raise QueryError(f"syntax error: {one_line(str(exc))}") from None
        except (RuntimeError, ValueError, OSError) as exc:
            raise _evaluation_error(exc) from None

    def _table(self, solutions: ox.QuerySolutions, job: Job, ordered: bool) -> Table:
        """Up to job.limit rows in projection order; sorted unless the query orders them."""
        columns = tuple(v.value for v in solutions.variables)
        width = range(len(columns))
        rows = self._take((tuple(from_ox(s[i]) for i in width) for s in solutions), job.limit,
                          lambda row: sum(len(t.value) + 16 for t in row if t is not None))
        truncated = len(rows) > job.limit
        rows = rows[:job.limit]
        if not ordered:
            rows.sort(key=_sort_key)
        return Table(columns, tuple(rows), truncated)

    def _graph(self, triples: Iterable[ox.Triple], limit: int, fmt: str) -> tuple[bytes, int, bool]:
        """Serialized CONSTRUCT/DESCRIBE triples, capped at `limit` and `max_bytes`."""
        items = self._take(triples, limit, lambda triple: len(str(triple)))
        return serialize_triples(items, fmt, limit)

    def _take(self, items: Iterable[T], limit: int, size_of: Callable[[T], int]) -> list[T]:
        """Up to `limit` + 1 of `items` (the extra one tells truncation), refused when their
        sizes add up past `max_bytes`; engine failures while iterating become QueryErrors."""
        taken, size = [], 0
        try:
            for item in islice(items, limit + 1):
                size += size_of(item)
                if size > self.max_bytes:
                    raise QueryTooLarge(_too_large(self.max_bytes))
                taken.append(item)
        except QueryTooLarge:  # a RuntimeError, but ours
            raise
        except (OSError, RuntimeError, ValueError) as exc:
            raise _evaluation_error(exc) from None
        return taken

    def _payload(self, form: str, fmt: str, body: bytes, rows: int, truncated: bool) -> Payload:
        """A protocol answer, refused when serializing made it larger than `max_bytes`."""
        if len(body) > self.max_bytes:
            raise QueryTooLarge(_too_large(self.max_bytes))
        return Payload(form, fmt, body, rows, truncated)


def _fits(name: str | None, form: str, formats: tuple[Format, ...]) -> str:
    """The negotiated format for this form, or NotAcceptable when the client accepts none."""
    if name is None:
        raise NotAcceptable(f"none of the accepted types fit a {form} query; supported: "
                            f"{', '.join(f.media_type for f in formats)}")
    return name


def _too_large(limit: int) -> str:
    size = f"{limit / 2**20:g} MB" if limit >= 2**20 else f"{limit:,} bytes"
    return (f"the answer is larger than the {size} a query may return; "
            "add LIMIT or select fewer or shorter values")


def _evaluation_error(exc: Exception) -> QueryError:
    """An engine failure as a user-facing error; a refused socket means a network attempt."""
    if isinstance(exc, PermissionError):
        return QueryRefused("the query tried to reach the network or a file, which this "
                            "endpoint never does")
    return QueryError(f"evaluation failed: {one_line(str(exc))}")


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
