"""The embedded backend: pyoxigraph over the built TriG file, queried in worker processes.

Its on-disk index and downloads live in a private temporary folder (kg.store.tempdirs).
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox

from kg.store.base import Store
from kg.store.engine import Engine
from kg.store.formats import GRAPH_FORMATS, find
from kg.store.guard import inspect_query
from kg.store.model import Job, Payload, QueryError, StoreInfo, Table, Term
from kg.store.pool import WorkerPool
from kg.store.tempdirs import private_dir, release
from kg.store.textindex import TextIndex
from kg.store.worker import Limits

log = logging.getLogger("kg.store")
COUNT_DEFAULT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF format of a dataset file, from its extension.

    :raises QueryError: an extension we cannot read.
    """
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower())
    if fmt is None:
        raise QueryError(f"{path}: unknown RDF file extension (use .trig, .nq, .ttl or .nt)")
    return fmt


def load_into(store: ox.Store, path: Path) -> None:
    """Load `path` into `store`, each named-graph triple also into the default graph, in one
    parse of the file.

    Queries then run on that default graph (not pyoxigraph's union view, which 0.5.13 answers
    once per graph holding a triple), so the default graph is the RDF merge the design asks
    for: each distinct solution once. Costs about 0.65x the named graphs' index memory.

    :raises QueryError: the file is missing or does not parse (the message names it).
    """
    if not path.is_file():
        raise QueryError(f"{path}: no such dataset file (run `kg build` first)")
    try:
        store.bulk_extend(_with_union(ox.parse(path=str(path), format=rdf_format(path))))
    except SyntaxError as exc:
        raise QueryError(f"{path}: not valid RDF: {exc}") from None


def _with_union(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """Each quad, and after one in a named graph the same triple in the default graph."""
    for quad in quads:
        yield quad
        if not isinstance(quad.graph_name, ox.DefaultGraph):
            yield ox.Quad(quad.subject, quad.predicate, quad.object)


def in_memory_max_bytes() -> int:
    """Dataset files up to this size are served from memory (fast, but every query worker
    ends up with its own copy); larger ones from a shared on-disk index. The environment
    variable KG_IN_MEMORY_MAX_MB overrides the default of 64 MB (about 400k quads)."""
    return int(float(os.environ.get("KG_IN_MEMORY_MAX_MB", "64")) * 1024 * 1024)


class LocalStore(Store):
    """A dataset file loaded once, into memory or (when large) an on-disk index; forked
    workers query it (see kg.store.pool).

    With `workers=0` the queries run in this process instead (no hard deadline, no
    sandbox): for the CLI and tests. `limits` bounds each worker (kg.store.worker.Limits).
    """

    def __init__(self, path: Path, *, timeout: float = 20.0, max_rows: int = 10_000,
                 workers: int = 4, limits: Limits | None = None) -> None:
        # Absolute, so a relative --graph means the same file whatever serves it later.
        self.path, self.timeout, self.max_rows = path.absolute(), timeout, max_rows
        limits = limits or Limits()
        self._dir, self._dir_lock = private_dir()
        self._pool: WorkerPool | None = None
        try:
            self._info = self._index(path, time.time())
            inspect_query("ASK {}")  # warm the parser up once, before workers fork
            if workers > 0:
                self._pool = WorkerPool(self._source, workers, limits)
        except BaseException:
            self.close()
            raise
        source = self._source
        self._engine = None if workers > 0 else Engine(
            source if isinstance(source, ox.Store) else ox.Store.read_only(source), limits.max_bytes)

    def _index(self, path: Path, started: float) -> StoreInfo:
        """Load the dataset into memory, or index it on disk when it is large."""
        in_memory = not path.is_file() or path.stat().st_size <= in_memory_max_bytes()
        store = ox.Store() if in_memory else ox.Store(str(self._dir / "db"))
        load_into(store, path)
        self._names = TextIndex.from_store(store)  # before forking: workers never need it
        graphs = tuple(sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)))
        triples = int(next(iter(store.query(COUNT_DEFAULT)))[0].value)
        info = StoreInfo(str(path), triples, graphs, time.time(), path.stat().st_mtime,
                         time.time() - started, quads=len(store) - triples)
        if in_memory:
            self._memory = store
        else:
            store.flush()
            del store  # release the write lock before workers open the index
            self._memory = None
        return info

    @property
    def _source(self) -> ox.Store | str:
        """What workers query: the in-memory store, or the path of the on-disk index."""
        return self._memory if self._memory is not None else str(self._dir / "db")

    def info(self) -> StoreInfo:
        return self._info

    def text_index(self) -> TextIndex:
        return self._names

    def worker_pids(self) -> list[int]:
        """Process ids of the query workers (empty when running in-process)."""
        return self._pool.pids() if self._pool else []

    def select(self, query: str, params: Mapping[str, Term] | None = None,
               limit: int | None = None) -> Table:
        return self._submit("table", query, params, limit)

    def ask(self, query: str, params: Mapping[str, Term] | None = None) -> bool:
        return self._submit("ask", query, params)

    def construct(self, query: str, fmt: str = "turtle",
                  params: Mapping[str, Term] | None = None) -> bytes:
        found = find(GRAPH_FORMATS, fmt)
        if found is None:
            names = ", ".join(f.name for f in GRAPH_FORMATS)
            raise QueryError(f"unknown RDF format {fmt!r}; use one of {names}")
        return self._submit("construct", query, params, fmt=found.name)

    def protocol(self, job: Job) -> Payload:
        return self._run(job)

    def _submit(self, op: str, query: str, params: Mapping[str, Term] | None,
                limit: int | None = None, fmt: str = "json") -> object:
        """Build the Job for a Python-API call (server-written text: trusted) and run it."""
        cap = self.max_rows if limit is None else max(0, min(limit, self.max_rows))
        return self._run(Job(op, query, tuple((params or {}).items()), cap, fmt, trusted=True))

    def _run(self, job: Job) -> object:
        """Evaluate (guarded, in a worker), log one line: at INFO when it failed, else at
        DEBUG (the access log has a line per request already; two cost a tenth of a small
        query's server time)."""
        started = time.perf_counter()
        level, outcome = logging.INFO, "error"
        try:
            result = self._pool.run(job, self.timeout) if self._pool else self._engine.run(job)
            level = logging.DEBUG
            if log.isEnabledFor(level):
                outcome = _describe(result)
            return result
        except QueryError:
            outcome = "refused"
            raise
        except RuntimeError as exc:  # QueryTimeout and its kinds, WorkerCrashed
            outcome = exc.__class__.__name__
            raise
        finally:
            log.log(level, "query op=%s ms=%.1f %s", job.op, 1000 * (time.perf_counter() - started),
                    outcome)

    def dump_path(self, fmt: str) -> Path | None:
        from kg.store.export import download_format, dump

        target = download_format(fmt)
        if target.name == "trig" and self.path.suffix.lower() == ".trig":
            return self.path
        return dump(self.path, target, self._dir)

    def close(self) -> None:
        if self._pool:
            self._pool.close()
            self._pool = None
        self._engine = self._memory = None
        if self._dir_lock is not None:
            release(self._dir, self._dir_lock)
            self._dir_lock = None


def _describe(result: object) -> str:
    """The log-line summary of a result: rows and truncation."""
    if isinstance(result, Table):
        return f"rows={len(result.rows)} truncated={result.truncated}"
    if isinstance(result, Payload):
        return f"form={result.form} fmt={result.fmt} rows={result.rows} truncated={result.truncated}"
    return "ok"
