"""The OS-level confinement of query workers, each shown next to a control without it.

These fork real processes: the network filter holds even when the guard is bypassed (the
engine is called directly), dropped sockets free the port, the memory cap stops the engine,
and a worker dies with its parent.
"""
from __future__ import annotations

import errno
import faulthandler
import os
import signal
import socket
import time

import pyoxigraph as ox
import pytest

from kg.store import sandbox
from live_server import Listener, alive


def in_child(body) -> int:
    """Run `body()` in a forked child; its exit status (negative: killed by that signal)."""
    pid = os.fork()
    if pid == 0:
        try:
            code = body() or 0
        except BaseException:  # noqa: BLE001 - the child must never return into pytest
            code = 99
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


@pytest.mark.parametrize("confined", [True, False])
def test_network_filter_holds_without_the_guard(confined: bool) -> None:
    listener = Listener()
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}"

    def run() -> int:
        if confined:
            sandbox.forbid_network()
        try:
            list(ox.Store().query(query))
        except PermissionError:
            return 13
        except (OSError, RuntimeError, SyntaxError):
            return 1
        return 0

    code = in_child(run)
    time.sleep(0.3)
    listener.close()
    if confined:
        assert (code, listener.hits) == (13, [])
    else:
        assert listener.hits, "control: without the filter the engine does connect"


def test_filter_refuses_ipv6_and_keeps_unix_sockets() -> None:
    def run() -> int:
        sandbox.forbid_network()
        try:
            socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
            return 1
        except OSError as exc:
            if exc.errno != errno.EACCES:
                return 2
        socket.socketpair()[0].close()  # the worker's own pipe kind still works
        return 0

    assert in_child(run) == 0


@pytest.mark.parametrize("drop", [True, False])
def test_dropped_listening_socket_frees_the_port(drop: bool) -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(reader)
        if drop:
            sandbox.drop_inherited_sockets(keep=-1)
        os.write(writer, b"x")
        time.sleep(5)
        os._exit(0)
    os.close(writer)
    os.read(reader, 1)
    server.close()
    try:
        again = socket.socket()
        try:
            again.bind(("127.0.0.1", port))
            again.listen()
            bound = True
        except OSError:
            bound = False
        again.close()
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    assert bound is drop


def test_memory_cap_stops_the_engine() -> None:
    store = ox.Store()
    store.extend([ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal("x" * 50))
                  for i in range(200)])
    greedy = "SELECT (GROUP_CONCAT(CONCAT(?a, ?b, ?c)) AS ?x) WHERE { ?s ?p ?a . ?t ?q ?b . ?u ?r ?c }"

    def run() -> int:
        faulthandler.disable()  # pytest's: it would print a Python traceback on the abort
        os.dup2(os.open(os.devnull, os.O_WRONLY), 2)  # the engine's one-line abort message
        sandbox.limit_memory(64 << 20)
        list(store.query(greedy))
        return 0

    assert in_child(run) == -signal.SIGABRT


def test_worker_dies_with_its_parent() -> None:
    reader, writer = os.pipe()
    parent = os.fork()
    if parent == 0:
        worker = os.fork()
        if worker == 0:
            sandbox.die_with_parent(os.getppid())
            time.sleep(30)
            os._exit(0)
        os.write(writer, str(worker).encode())
        time.sleep(30)
        os._exit(0)
    worker = int(os.read(reader, 20))
    time.sleep(0.2)  # let the worker arm its death signal
    assert alive(worker)
    os.kill(parent, signal.SIGKILL)
    os.waitpid(parent, 0)
    end = time.monotonic() + 5
    while alive(worker) and time.monotonic() < end:
        time.sleep(0.05)
    assert not alive(worker)
