"""A store that follows its dataset file: a new build replaces the served graph without a restart.

`kg build` and `kg ingest` write the TriG to a temporary file and rename it into place, so a
new file appears at once, whole. `ReloadingStore` polls the file's identity (inode, size,
mtime); when it changes it opens a new store on the new file in a background thread while
the old one keeps answering, then swaps the two in one assignment. Requests already running
on the old store finish there (each call holds a lease on the store it started with); the
old store is closed when its last lease is returned. If the new file does not load, the old
graph stays served and the error is logged. Two stores coexist during a swap: memory peaks
at twice one store.
"""
from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from kg.store.base import Store
from kg.store.model import Job, Payload, QueryError, StoreInfo, Table, Term
from kg.store.textindex import TextIndex

log = logging.getLogger("kg.store")

__all__ = ["ReloadingStore"]


def file_identity(path: Path) -> tuple[int, int, int] | None:
    """What changes when the file is replaced or rewritten; None if it is missing."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


class _Leased:
    """One opened store and the number of calls running on it."""

    def __init__(self, store: Store, identity: tuple[int, int, int] | None) -> None:
        self.store, self.identity = store, identity
        self.users, self.retired = 0, False


class ReloadingStore(Store):
    """Serves `open_file(path)` and swaps in a fresh one whenever the file is replaced."""

    def __init__(self, path: Path, open_file: Callable[[Path], Store], interval: float = 1.0) -> None:
        self.path, self._open, self.interval = Path(path), open_file, interval
        self._lock = threading.Lock()
        self._current = _Leased(open_file(self.path), file_identity(self.path))
        self.timeout, self.max_rows = self._current.store.timeout, self._current.store.max_rows
        self.reloads = 0
        self._stop = threading.Event()
        self._watcher = threading.Thread(target=self._watch, name="kg-store-reload", daemon=True)
        self._watcher.start()

    @contextmanager
    def _lease(self) -> Iterator[Store]:
        """The current store, kept open until the caller is done with it."""
        with self._lock:
            leased = self._current
            leased.users += 1
        try:
            yield leased.store
        finally:
            with self._lock:
                leased.users -= 1
                close = leased.retired and leased.users == 0
            if close:
                leased.store.close()

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            self.check()

    def check(self) -> bool:
        """Reload now if the file changed since it was loaded; True when a new graph is served."""
        identity = file_identity(self.path)
        if identity is None or identity == self._current.identity:
            return False
        try:
            fresh = _Leased(self._open(self.path), identity)
        except (QueryError, OSError) as exc:
            log.error("reload of %s failed, still serving the previous graph: %s", self.path, exc)
            self._current.identity = identity  # do not retry the same broken file
            return False
        with self._lock:
            old, self._current = self._current, fresh
            old.retired = True
            close = old.users == 0
        self.reloads += 1
        log.info("reloaded %s: %d triples", self.path, fresh.store.info().triples)
        if close:
            old.store.close()
        return True

    def select(self, query: str, params: Mapping[str, Term] | None = None,
               limit: int | None = None) -> Table:
        with self._lease() as store:
            return store.select(query, params, limit)

    def ask(self, query: str, params: Mapping[str, Term] | None = None) -> bool:
        with self._lease() as store:
            return store.ask(query, params)

    def construct(self, query: str, fmt: str = "turtle",
                  params: Mapping[str, Term] | None = None) -> bytes:
        with self._lease() as store:
            return store.construct(query, fmt, params)

    def protocol(self, job: Job) -> Payload:
        with self._lease() as store:
            return store.protocol(job)

    def info(self) -> StoreInfo:
        with self._lease() as store:
            return store.info()

    def text_index(self) -> TextIndex | None:
        with self._lease() as store:
            return store.text_index()

    def dump_path(self, fmt: str) -> Path | None:
        with self._lease() as store:
            return store.dump_path(fmt)

    def worker_pids(self) -> list[int]:
        with self._lease() as store:
            return list(getattr(store, "worker_pids", list)())

    def close(self) -> None:
        self._stop.set()
        with self._lock:
            current = self._current
            current.retired = True
            close = current.users == 0
        if close:
            current.store.close()
