"""Clean lifecycles of a real `kg serve`: signals, worker deaths, restarts, temp folders, crashes.

Each test starts its own server, sends it signals or kills its workers, and checks what a
user or an operator would: one line on stop, no process left, no folder left, the port free
at once, and a request that lost its idle worker still answered.
"""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from live_server import alive, fetch, fetch_json, serving, start, wait_until_up

pytestmark = pytest.mark.slow


def store_dirs(pid: int) -> list[Path]:
    """The temporary store folders whose lock file `pid` holds open."""
    found = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = Path(os.readlink(fd))
        except OSError:
            continue
        if target.name == ".lock" and target.parent.name.startswith("kg-store-"):
            found.append(target.parent)
    return found


def gone(pids: list[int], seconds: float = 5) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if not any(alive(pid) for pid in pids):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_with_one_line_and_leaves_nothing(tmp_path: Path, sig: signal.Signals) -> None:
    live = start(tmp_path / "serve.log", "--workers", "2")
    try:
        assert fetch(f"{live.url}/sparql?query=ASK%7B%7D")[0] == 200
        workers, folders = live.workers(), store_dirs(live.process.pid)
        assert len(workers) == 2 and len(folders) == 1 and folders[0].is_dir()
        before = live.stderr()
        live.process.send_signal(sig)
        assert live.process.wait(15) == 0
    finally:
        live.process.kill()
    after = live.stderr()[len(before):]
    assert after.splitlines() == [f"kg serve: stopped ({sig.name}); query workers and "
                                  "temporary files removed"]
    assert "Traceback" not in live.stderr()
    assert gone(workers) and not folders[0].exists()


def test_sigkill_takes_the_workers_and_the_port_is_free_at_once(tmp_path: Path) -> None:
    live = start(tmp_path / "first.log", "--workers", "2")
    workers, folders = live.workers(), store_dirs(live.process.pid)
    live.process.kill()
    live.process.wait(10)
    assert gone(workers), "workers outlived a SIGKILLed server"
    with serving(tmp_path / "second.log", "--workers", "2", port=live.port) as again:
        assert fetch(f"{again.url}/sparql?query=ASK%7B%7D")[0] == 200
        assert not folders[0].exists(), "the killed server's folder was not swept"


def test_a_worker_killed_while_idle_costs_no_request(tmp_path: Path) -> None:
    with serving(tmp_path / "serve.log", "--workers", "2") as live:
        for pid in live.workers():
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.3)
        status, body = fetch_json(f"{live.url}/sparql?query=ASK%7B%7D")
        assert (status, body["boolean"]) == (200, True)
        assert "died while idle; replacing it" in live.stderr()
        end = time.monotonic() + 10
        while len(live.workers()) != 2 and time.monotonic() < end:
            time.sleep(0.1)
        assert len(live.workers()) == 2


def test_parser_overflow_and_bad_names_are_client_errors(tmp_path: Path) -> None:
    with serving(tmp_path / "serve.log", "--workers", "1") as live:
        deep = "SELECT * WHERE " + "{" * 10_000 + "}" * 10_000
        status, body = fetch_json(f"{live.url}/sparql", data=deep.encode(),
                                  headers={"Content-Type": "application/sparql-query"})
        assert (status, body["error"]) == (400, "bad_query") and "nested" in body["message"]
        for key in ("a%20b", "%22", "%7B", "%5C", "%3C", "%00", "%60"):
            assert fetch(f"{live.url}/id/person/{key}")[0] == 404, key
        assert fetch(f"{live.url}/sparql?query=ASK%7B%7D")[0] == 200
        assert "Traceback" not in live.stderr()


def test_restart_after_a_crash_of_the_server(tmp_path: Path) -> None:
    """A server that dies of a fault (SIGSEGV here) behaves like SIGKILL: nothing survives."""
    live = start(tmp_path / "first.log", "--workers", "2")
    workers = live.workers()
    live.process.send_signal(signal.SIGSEGV)
    live.process.wait(10)
    assert gone(workers)
    live = start(tmp_path / "second.log", "--workers", "1", port=live.port)
    try:
        wait_until_up(live)
    finally:
        live.process.terminate()
        live.process.wait(10)


def test_answers_past_the_byte_cap_and_memory_cap_are_503(tmp_path: Path) -> None:
    """A cross product whose answer is past the byte cap (the review's was 334 MB) and a query
    that eats memory: each a clear 503, its worker replaced, the server still answering."""
    group = "SELECT * WHERE { ?a ?p ?x . ?s ?q ?o }"
    greedy = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?l ?i ?f ?c"
    with serving(tmp_path / "serve.log", "--workers", "2", "--max-mb", "0.5",
                 "--worker-memory", "256", "--timeout", "60") as live:
        before = set(live.workers())
        for query, words in ((group, "524,288 bytes a query may return"), (greedy, "256 MB of memory")):
            status, body = fetch_json(f"{live.url}/sparql", data=query.encode(),
                                      headers={"Content-Type": "application/sparql-query"})
            assert (status, body["error"]) == (503, "too_large") and words in body["message"]
        assert fetch(f"{live.url}/sparql?query=ASK%7B%7D")[0] == 200
        end = time.monotonic() + 10
        while len(live.workers()) != 2 and time.monotonic() < end:
            time.sleep(0.1)
        assert len(live.workers()) == 2 and set(live.workers()) != before
