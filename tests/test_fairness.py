"""Fair under load, on a real `kg serve`: one client's runaway queries, idle and slow
connections must not keep another client waiting. Client A is 127.0.0.1, client B 127.0.0.2
(both loopback, so the server tells them apart as it would two machines).
"""
from __future__ import annotations

import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from live_server import Live, fetch, serving

pytestmark = pytest.mark.slow
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?x ?y }"
A, B = "127.0.0.1", "127.0.0.2"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    log = tmp_path_factory.mktemp("fair") / "serve.log"
    with serving(log, "--workers", "4", "--timeout", "6", "--queue-timeout", "2",
                 "--request-timeout", "2", "--per-ip", "32") as running:
        yield running


def timed(url: str, source: str = B) -> tuple[int, float, dict[str, str]]:
    started = time.monotonic()
    status, headers, _ = fetch(url, source=source, timeout=30)
    return status, time.monotonic() - started, headers


def idle_connections(live: Live, count: int, source: str = A) -> list[socket.socket]:
    """`count` connections that never send a byte."""
    opened = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", live.port), source_address=(source, 0))
        opened.append(sock)
    return opened


def test_runaways_and_idle_connections_do_not_block_another_client(live: Live) -> None:
    """The issue's done-when: 4 runaway queries and 100 idle connections from one client;
    another client's ASK {} and the who-met-whom page answer within 1 s."""
    url = f"{live.url}/sparql?" + urllib.parse.urlencode({"query": RUNAWAY})
    answers: list[tuple[int, dict[str, str]]] = []
    runaways = [threading.Thread(target=lambda: answers.append(timed(url, A)[::2]))
                for _ in range(4)]
    for thread in runaways:
        thread.start()
    time.sleep(0.5)
    idle = idle_connections(live, 100)
    try:
        time.sleep(0.3)
        ask = timed(f"{live.url}/sparql?query=ASK%7B%7D")
        page = timed(f"{live.url}/queries/who-met-whom?topic=Rafah")
        assert ask[0] == 200 and ask[1] < 1, ask
        assert page[0] == 200 and page[1] < 1, page
    finally:
        for sock in idle:
            sock.close()
        for thread in runaways:
            thread.join(30)
    statuses = sorted(status for status, _ in answers)
    assert statuses == [429, 429, 503, 503]  # two ran to the deadline, two waited their turn
    assert all(headers.get("Retry-After") for status, headers in answers if status == 429)


def test_connections_past_the_per_address_cap_are_turned_away(live: Live) -> None:
    idle = idle_connections(live, 40)
    try:
        time.sleep(0.5)
        refused = 0
        for sock in idle:
            sock.settimeout(0.2)
            try:
                refused += sock.recv(200).startswith(b"HTTP/1.1 503")
            except TimeoutError:
                pass
        assert refused == 40 - 32
        assert timed(f"{live.url}/sparql?query=ASK%7B%7D")[0] == 200
    finally:
        for sock in idle:
            sock.close()


def test_slowloris_connections_are_dropped_and_others_served(live: Live) -> None:
    slow = idle_connections(live, 30)
    for sock in slow:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    try:
        for _ in range(6):  # one more header byte every 0.5 s: never a whole request
            time.sleep(0.5)
            for sock in slow:
                try:
                    sock.sendall(b"X")
                except OSError:
                    pass
            status, seconds, _ = timed(f"{live.url}/sparql?query=ASK%7B%7D")
            assert status == 200 and seconds < 1
        assert sum(closed_by_server(sock) for sock in slow) == len(slow)  # the 2 s deadline
    finally:
        for sock in slow:
            sock.close()


def closed_by_server(sock: socket.socket) -> bool:
    """True when the server closed the connection (after a 503 for one over the cap, or
    with a reset because our late bytes were unread); False if it is still open."""
    sock.settimeout(2)
    try:
        while sock.recv(4096):
            pass
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False
    return True


def test_busy_workers_answer_503_with_retry_after(tmp_path: Path) -> None:
    with serving(tmp_path / "serve.log", "--workers", "1", "--timeout", "4",
                 "--queue-timeout", "1") as one:
        url = f"{one.url}/sparql?" + urllib.parse.urlencode({"query": RUNAWAY})
        runaway = threading.Thread(target=fetch, args=(url,), kwargs={"source": A})
        runaway.start()
        time.sleep(0.5)
        status, seconds, headers = timed(f"{one.url}/sparql?query=ASK%7B%7D")
        runaway.join(30)
    assert (status, headers.get("Retry-After")) == (503, "1") and seconds < 3
