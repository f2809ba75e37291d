"""No request makes the server open a connection or a file: real `kg serve`, live listeners.

Each bypass from the review (escapes that a lexer reads as a comment, by GET, form POST and
direct POST, in SELECT/ASK/CONSTRUCT, with VALUES for BIND) and the parser differentials
found since (bare CR, a quote spelled as an escape) is sent to the server with a loopback
listener as the SERVICE target; the listener must never see a connection. A FIFO plays the
listener for files: opening it for reading anywhere would wake a writer blocked on it.
"""
from __future__ import annotations

import os
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from live_server import Listener, Live, fetch, serving

pytestmark = pytest.mark.slow
A = "<urn:\\u0061#>"


def bypasses(target: str) -> list[str]:
    """Queries that try to reach `target` past the guard. All are refused (400) but one:
    escapes are expanded before parsing, so in the quote trick both parsers see SERVICE
    inside a comment, and the engine runs that expanded text (200, no SERVICE)."""
    service = f"SERVICE <{target}> {{ ?leak ?p ?o }}"
    return [
        f"SELECT ?leak WHERE {{ BIND({A} AS ?x) {service} }}",
        f"SELECT ?leak WHERE {{ BIND(<urn:\\U00000041#> AS ?x) {service} }}",
        f"SELECT ?leak WHERE {{ VALUES ?x {{ {A} }} {service} }}",
        f"ASK {{ BIND({A} AS ?x) {service} }}",
        f"CONSTRUCT {{ ?leak ?p ?o }} WHERE {{ BIND({A} AS ?x) {service} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{target}> {{ ?leak ?p ?o }} }}",
        f"SELECT * WHERE {{ #\r {service} #\n}}",
        f'SELECT * WHERE {{ ?s ?p "\\u0022 }} #" . {service} }}',
        f"SELECT * WHERE {{ FILTER EXISTS {{ {service} }} }}",
        f"SELECT * WHERE {{ {{ SELECT ?leak WHERE {{ {service} }} }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?leak ?p ?o }} }}",
        f"PREFIX t: <{target}> SELECT * WHERE {{ SERVICE t: {{ ?leak ?p ?o }} }}",
    ]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with serving(tmp_path_factory.mktemp("ssrf") / "serve.log", "--workers", "2") as running:
        yield running


@pytest.fixture()
def listener() -> Iterator[Listener]:
    opened = Listener()
    yield opened
    opened.close()


def send(live: Live, query: str, how: str) -> int:
    """Send `query` to /sparql by GET, form POST or direct POST; the status."""
    if how == "get":
        return fetch(f"{live.url}/sparql?" + urllib.parse.urlencode({"query": query}))[0]
    if how == "form":
        return fetch(f"{live.url}/sparql", urllib.parse.urlencode({"query": query}).encode(),
                     {"Content-Type": "application/x-www-form-urlencoded"})[0]
    return fetch(f"{live.url}/sparql", query.encode(), {"Content-Type": "application/sparql-query"})[0]


@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_bypass_queries_never_reach_the_listener(live: Live, listener: Listener, how: str) -> None:
    target = f"http://127.0.0.1:{listener.port}/sparql"
    statuses = [send(live, query, how) for query in bypasses(target)]
    assert listener.hits == []
    assert statuses == [400] * 7 + [200] + [400] * 4
    assert send(live, "ASK {}", how) == 200  # the server still answers


def test_workers_are_confined(live: Live) -> None:
    """Every worker runs under a seccomp filter and holds no socket but its own pipe."""
    pids = live.workers()
    assert len(pids) == 2
    for pid in pids:
        status = Path(f"/proc/{pid}/status").read_text()
        assert "Seccomp:\t2" in status and "NoNewPrivs:\t1" in status
        sockets = [fd for fd in Path(f"/proc/{pid}/fd").iterdir()
                   if os.readlink(fd).startswith("socket:")]
        assert len(sockets) == 1, f"worker {pid} holds {len(sockets)} sockets"


class FifoWatch:
    """A FIFO whose opening for reading by anyone is recorded by a blocked writer."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "secret.txt"
        os.mkfifo(self.path)
        self.opened = False
        self._done = False
        self._thread = threading.Thread(target=self._wait, daemon=True)
        self._thread.start()

    def _wait(self) -> None:
        fd = os.open(self.path, os.O_WRONLY)  # blocks until a reader opens the FIFO
        self.opened = not self._done
        os.close(fd)

    def close(self) -> None:
        self._done = True
        os.close(os.open(self.path, os.O_RDONLY | os.O_NONBLOCK))  # release the writer
        self._thread.join(2)


def test_queries_naming_a_file_never_open_it(live: Live, tmp_path: Path) -> None:
    watch = FifoWatch(tmp_path)
    iri = watch.path.as_uri()
    queries = [f"SELECT * FROM <{iri}> WHERE {{ ?s ?p ?o }}",
               f"SELECT * FROM NAMED <{iri}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
               f"SELECT * WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}",
               f"SELECT * WHERE {{ SERVICE <{iri}> {{ ?s ?p ?o }} }}",
               f"DESCRIBE <{iri}>"]
    try:
        answers = [send(live, query, "get") for query in queries]
        for name in ("default-graph-uri", "named-graph-uri"):
            answers.append(fetch(f"{live.url}/sparql?" + urllib.parse.urlencode(
                {"query": "SELECT * WHERE { ?s ?p ?o }", name: iri}))[0])
        answers.append(fetch(f"{live.url}/sparql", f"LOAD <{iri}>".encode(),
                             {"Content-Type": "application/sparql-update"})[0])
    finally:
        watch.close()
    assert not watch.opened
    assert answers == [200, 200, 200, 400, 200, 200, 200, 403]
