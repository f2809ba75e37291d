"""One confined query worker process: the code that runs on each side of its pipe.

The child confines itself (kg.store.sandbox), opens the store, says "ready", then answers
one job at a time. Queries run in a thread with a large stack, so deeply nested queries that
pass the guard cannot overflow it. The parent side knows how to wait for the child, kill it,
and tell a client why it died.
"""
from __future__ import annotations

import faulthandler
import math
import multiprocessing
import os
import select
import signal
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection

import pyoxigraph

from kg.store import sandbox
from kg.store.engine import Engine
from kg.store.model import NotAcceptable, QueryError, QueryTimeout, QueryTooLarge, WorkerCrashed

_CTX = multiprocessing.get_context("fork")
STACK_BYTES = 256 << 20
DEMOTE_AFTER = 0.5    # seconds a query runs before its worker yields the CPU to short queries
DEMOTED_NICE = 10


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-worker bounds: memory one query may add (MB, 0 = none), bytes one answer may have,
    and seconds a job may wait for a free worker."""

    memory_mb: int = 1024
    max_bytes: int = 16 << 20
    queue_timeout: float = 5.0


def _serve(conn: Connection, source: pyoxigraph.Store | str, limits: Limits, parent: int) -> None:
    """Worker main: confine this process, open the store, answer jobs until EOF."""
    faulthandler.disable()  # an engine abort is reported by the pool in one line
    sandbox.die_with_parent(parent)
    sandbox.drop_inherited_sockets(conn.fileno())
    try:
        sandbox.forbid_network()
        store = source if isinstance(source, pyoxigraph.Store) else pyoxigraph.Store.read_only(source)
        if limits.memory_mb:
            sandbox.limit_memory((limits.memory_mb << 20) + STACK_BYTES)
    except (sandbox.SandboxError, OSError) as exc:
        conn.send(("failed", str(exc)))
        return
    threading.stack_size(STACK_BYTES)
    loop = threading.Thread(target=_answer, args=(conn, Engine(store, limits.max_bytes)))
    loop.start()
    loop.join()


def _answer(conn: Connection, engine: Engine) -> None:
    """Say ready, then answer each job: ("ok", result) or ("error", exc)."""
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = ("ok", engine.run(job))
        except (QueryError, NotAcceptable, QueryTimeout) as exc:
            reply = ("error", exc)
        except MemoryError:
            reply = ("error", QueryTooLarge("the query needed more memory than a query may use"))
        conn.send(reply)


class Worker:
    """One worker process and our end of its pipe."""

    demoted = False

    def __init__(self, source: pyoxigraph.Store | str, limits: Limits) -> None:
        self.conn, child = _CTX.Pipe()
        self.process = _CTX.Process(target=_serve, args=(child, source, limits, os.getpid()),
                                    name="kg-query-worker", daemon=True)
        self.process.start()
        child.close()
        self._poller = select.poll()  # one, reused: Connection.poll builds a selector per call
        self._poller.register(self.conn.fileno(), select.POLLIN)

    def ready(self, seconds: float) -> bool:
        """Whether the worker has said something (an answer, or EOF when it died) within
        `seconds`; the pool's thread that holds the worker is the only one asking."""
        return bool(self._poller.poll(max(0, math.ceil(seconds * 1000))))

    def wait_ready(self, seconds: float = 120.0) -> None:
        """Block until the worker can take jobs.

        :raises sandbox.SandboxError: the worker could not confine itself or open the store.
        """
        message = self.conn.recv() if self.ready(seconds) else ("failed", "no answer")
        if message[0] != "ready":
            self.kill()
            raise sandbox.SandboxError(f"query worker did not start: {message[1]}")

    def demote(self) -> None:
        """Lower the process's CPU priority: it has run a long query, and short ones from
        other clients should not wait for CPU behind it on a small machine."""
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid, DEMOTED_NICE)
            self.demoted = True
        except OSError:
            pass                    # gone already, or not ours to change: nothing to gain

    def restore(self) -> bool:
        """Back to normal priority after a demoted query; False when the system does not let
        an unprivileged process raise it again (the pool then replaces the worker)."""
        if not self.demoted:
            return True
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid, 0)
        except OSError:
            return False
        self.demoted = False
        return True

    def kill(self) -> None:
        """Stop the process now, whatever it is doing."""
        self.process.kill()
        self.process.join(5)
        self.conn.close()

    def death(self, limits: Limits) -> QueryTimeout | WorkerCrashed:
        """Why the worker ended while running a query, as the error the client gets."""
        self.process.join(2)
        code = self.process.exitcode
        if code == -signal.SIGABRT:
            return QueryTooLarge(f"the query needed more than the {limits.memory_mb} MB of memory "
                                 "a query may use, and was stopped")
        if code == -signal.SIGKILL:
            return WorkerCrashed("the query worker was killed (out of memory on the server?)")
        reason = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        return WorkerCrashed(f"the query worker died on this query ({reason})")
