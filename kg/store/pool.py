"""A pool of confined query worker processes over the parent's in-memory dataset or an on-disk index.

Why processes: a runaway query cannot be interrupted inside pyoxigraph, but its process can
be killed. At the deadline the worker is killed and replaced while other workers keep
serving. Workers are forked from the process that loaded the in-memory store, so they share
its pages copy-on-write (a replacement is ready in milliseconds) and query memory, about ten
times faster than an on-disk index. pyoxigraph writes to the pages it reads, so each worker
ends up with its own copy: large datasets go to an on-disk index instead (kg.store.local).
The parent never queries the store, so no lock of it can be held by another thread at fork.

A query that runs past half a second has its worker's CPU priority lowered (nice 10) until
it ends, so on a small machine runaway queries do not starve short ones of other clients.

Lifecycle: one long-lived spawner thread forks every worker (kg.store.worker), so their
death signal (kg.store.sandbox) is tied to the pool, not to a request thread that may end.
A worker that died while idle is replaced when taken, never handed a job; a job sent to a
worker that is already gone (the send fails) is retried once on another worker.
"""
from __future__ import annotations

import logging
import math
import queue
import threading
import time

import pyoxigraph

from kg.store import sandbox
from kg.store.model import Job, Overloaded, QueryTimeout, QueryTooLarge, WorkerCrashed
from kg.store.worker import DEMOTE_AFTER, Limits, Worker

log = logging.getLogger("kg.store")


class _NotStarted(Exception):
    """The worker was gone before the job reached it: safe to run it elsewhere."""


class WorkerPool:
    """`size` workers over `store`; `run` borrows one per job."""

    def __init__(self, store: pyoxigraph.Store | str, size: int, limits: Limits | None = None) -> None:
        self.store, self.size, self.limits = store, size, limits or Limits()
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._requests: queue.Queue[bool] = queue.Queue()
        self._started: queue.Queue[Exception | None] = queue.Queue()
        self._spawner = threading.Thread(target=self._spawn_loop, name="kg-worker-spawner",
                                         daemon=True)
        self._spawner.start()
        for _ in range(size):
            self._requests.put(True)
        failures = [error for error in (self._started.get() for _ in range(size)) if error]
        if failures:
            self.close()
            raise failures[0]

    def _spawn_loop(self) -> None:
        """Start a worker per request until the pool closes (the workers' parent thread).

        The first `size` outcomes go to `_started` for the constructor; later failures are
        logged and retried every second."""
        reported = 0
        while self._requests.get() and not self._closed:
            try:
                worker = Worker(self.store, self.limits)
                worker.wait_ready()
            except (sandbox.SandboxError, OSError) as exc:
                log.error("query worker failed to start: %s", exc)
                if reported < self.size:
                    reported += 1
                    self._started.put(exc)
                time.sleep(1)
                self._requests.put(True)
                continue
            with self._lock:
                closed = self._closed
                if not closed:
                    self._all.add(worker)
            if closed:
                worker.kill()
                return
            self._idle.put(worker)
            if reported < self.size:
                reported += 1
                self._started.put(None)

    def _replace(self, worker: Worker) -> None:
        """Kill `worker` and have a fresh one started in its place."""
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            if not self._closed:
                self._requests.put(True)

    def pids(self) -> list[int]:
        """Process ids of the live workers (for memory reports)."""
        with self._lock:
            return [w.process.pid for w in self._all if w.process.pid]

    def run(self, job: Job, timeout: float) -> object:
        """Run `job` on a free worker within `timeout` seconds of run time.

        :raises Overloaded: no worker came free within the queue timeout.
        :raises QueryTimeout: the query outran the deadline (its worker is replaced).
        :raises QueryTooLarge: the query went over its memory or answer size (replaced).
        :raises WorkerCrashed: the worker died on the query (it is replaced).
        :raises QueryError: the worker refused the query.
        """
        deadline = time.monotonic() + self.limits.queue_timeout + timeout
        try:
            return self._attempt(self._take(), job, timeout)
        except _NotStarted:
            log.warning("query worker was dead before the job started; retrying once")
        try:
            return self._attempt(self._take(), job, max(0.1, deadline - time.monotonic()))
        except _NotStarted:
            raise WorkerCrashed("two query workers died before starting this query") from None

    def _take(self) -> Worker:
        """A live idle worker, waiting up to the queue timeout (less when the pool closes).

        An idle worker only has something to say when it died (EOF): such workers are
        replaced on the spot and never handed out."""
        deadline = time.monotonic() + self.limits.queue_timeout
        while not self._closed:
            try:
                worker = self._idle.get(timeout=min(0.25, max(0.0, deadline - time.monotonic())))
            except queue.Empty:
                if time.monotonic() >= deadline:
                    wait = math.ceil(self.limits.queue_timeout)
                    raise Overloaded(f"all {self.size} query workers stayed busy for {wait} s; "
                                     f"try again in {wait} s", retry_after=wait) from None
                continue
            if not worker.ready(0):
                return worker
            log.warning("query worker %s died while idle; replacing it", worker.process.pid)
            self._replace(worker)
        raise WorkerCrashed("the server is shutting down")

    def _attempt(self, worker: Worker, job: Job, timeout: float) -> object:
        """Send `job` to `worker` and wait for the answer, replacing the worker when needed."""
        deadline = time.monotonic() + timeout
        try:
            worker.conn.send(job)  # to a worker that is gone: EPIPE, so the job never started
        except OSError:
            self._replace(worker)
            raise _NotStarted from None
        try:
            if not worker.ready(min(DEMOTE_AFTER, max(0.0, deadline - time.monotonic()))):
                worker.demote()    # a long query: short ones of other clients go first
                if not worker.ready(deadline - time.monotonic()):
                    self._replace(worker)
                    raise QueryTimeout(f"the query ran past the {timeout:g} s limit and was stopped")
            status, value = worker.conn.recv()
        except (EOFError, OSError):
            error = worker.death(self.limits)
            self._replace(worker)
            raise error from None
        if status == "error" and isinstance(value, QueryTooLarge) or not worker.restore():
            self._replace(worker)  # give its memory back, or a worker stuck at low priority
        else:
            self._idle.put(worker)
        if status == "error":
            raise value
        return value

    def close(self) -> None:
        """Kill every worker and stop the spawner; the pool is unusable afterwards."""
        with self._lock:
            self._closed = True
            workers, self._all = list(self._all), set()
        self._requests.put(False)
        for worker in workers:
            worker.kill()
