"""`kg ingest` while `kg serve` runs: the server switches graphs without a restart or a failure."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.store.reload import ReloadingStore
from kg.store import open_store
from tests.servers import free_port, stop_group, wait_until_up

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
MINI = ROOT / "tests" / "data" / "mini.trig"


def get_json(url: str) -> dict:
    return json.loads(urllib.request.urlopen(url, timeout=30).read())


@pytest.mark.slow
@pytest.mark.model
def test_ingest_while_serving(tmp_path: Path) -> None:
    corpus, incoming, graph = tmp_path / "corpus", tmp_path / "incoming", tmp_path / "data" / "graph.trig"
    corpus.mkdir()
    incoming.mkdir()
    for path in SEEDS[:2]:
        shutil.copy(path, corpus / path.name)
    for path in SEEDS[2:]:
        shutil.copy(path, incoming / path.name)
    (incoming / "empty.txt").write_bytes(b"")
    runner = CliRunner()
    assert runner.invoke(cli, ["build", str(corpus), "--out", str(graph)]).exit_code == 0
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--graph", str(graph), "--port",
                               str(port), "--workers", "2", "--reload", "0.2"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    statuses: list[int] = []
    stop = threading.Event()

    def hammer() -> None:
        while not stop.is_set():
            for path in ("/queries/who-met-whom.json?topic=", "/healthz", "/sparql?query=ASK%7B%7D"):
                try:
                    with urllib.request.urlopen(base + path, timeout=30) as response:
                        response.read()
                        statuses.append(response.status)
                except urllib.error.HTTPError as exc:
                    statuses.append(exc.code)

    try:
        wait_until_up(f"{base}/healthz", server)
        before = get_json(f"{base}/healthz")
        assert before["articles"] == 2 and before["built_at"]
        clients = [threading.Thread(target=hammer) for _ in range(2)]
        for client in clients:
            client.start()
        result = runner.invoke(cli, ["ingest", str(incoming), "--seeds", str(corpus), "--out", str(graph)])
        assert result.exit_code == 0, result.output
        assert f"ingested {len(SEEDS) - 2} new and 0 changed" in result.output
        assert f"{len(SEEDS) - 2} extracted, 2 from cache" in result.output
        assert "skipped empty.txt" in result.output and not (corpus / "empty.txt").exists()
        deadline = time.monotonic() + 30
        while get_json(f"{base}/healthz")["articles"] != len(SEEDS) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)                       # keep requests running across the swap
        stop.set()
        for client in clients:
            client.join(60)
        after = get_json(f"{base}/healthz")
        assert after["articles"] == len(SEEDS) and after["reloads"] == 1
        assert after["triples"] > before["triples"]
        assert server.poll() is None           # same process: no restart
        assert statuses and set(statuses) == {200}, sorted(set(statuses))
    finally:
        stop.set()
        stop_group(server)


def test_reloading_store_swaps_and_keeps_serving_on_a_bad_file(tmp_path: Path) -> None:
    graph = tmp_path / "graph.trig"
    shutil.copy(MINI, graph)
    opened: list = []

    def opener(path: Path):
        store = open_store(path, workers=0)
        opened.append(store)
        return store

    store = ReloadingStore(graph, opener, interval=3600)
    try:
        count = store.triple_count()
        assert store.check() is False                      # nothing changed
        partial = tmp_path / "new.trig"
        partial.write_text(MINI.read_text("utf-8") + "\n<urn:a> <urn:b> <urn:c> .\n", "utf-8")
        partial.replace(graph)
        assert store.check() is True and store.triple_count() == count + 1
        assert opened[0]._engine is None                   # the old store was closed
        graph.write_text("this is { not trig", "utf-8")
        assert store.check() is False                      # bad file: keep serving the last graph
        assert store.triple_count() == count + 1 and store.reloads == 1
    finally:
        store.close()
