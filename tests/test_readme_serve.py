"""The server started exactly as the README says (`bash scripts/serve.sh`, which runs
`kg serve --graph data/graph.trig`: a relative path), then every download read back.

The first start builds data/graph.trig when it is missing or older than an article (as
on a fresh checkout); the restart that follows must answer within 5 s, since nothing
changed: setup skips what is installed and `kg serve` does not rebuild.
"""
from __future__ import annotations

import json
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from kg.store.formats import DOWNLOAD_FORMATS
from tests.servers import free_port, stop_group, wait_until_up

pytestmark = [pytest.mark.slow, pytest.mark.model,
              pytest.mark.filterwarnings("ignore::DeprecationWarning")]  # rdflib parsers
ROOT = Path(__file__).resolve().parents[1]
RDFLIB_NAMES = {"trig": "trig", "nq": "nquads", "jsonld": "json-ld", "turtle": "turtle",
                "nt": "nt", "rdfxml": "xml", "n3": "n3"}  # what rdflib calls our formats
RESTART_BUDGET = 5.0


def start(port: int) -> tuple[subprocess.Popen, float]:
    """`bash scripts/serve.sh --port P --workers 1` from the checkout; (process, seconds to
    the first answered page)."""
    began = time.monotonic()
    proc = subprocess.Popen(["bash", "scripts/serve.sh", "--port", str(port), "--workers", "1"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", proc, seconds=300)
    except RuntimeError:
        stop_group(proc)
        pytest.fail(f"serve.sh did not come up: {proc.stderr.read().decode()[-2000:]}")
    return proc, time.monotonic() - began


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, float]]:
    """(base URL, seconds the restart took to answer)."""
    port = free_port()
    first, _ = start(port)  # may build data/graph.trig
    stop_group(first)
    again, seconds = start(port)
    try:
        yield f"http://127.0.0.1:{port}", seconds
    finally:
        stop_group(again)


def fetch(url: str) -> tuple[bytes, str]:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read(), response.headers["Content-Type"]


def test_restart_with_nothing_changed_is_quick(server: tuple[str, float]) -> None:
    assert server[1] < RESTART_BUDGET, f"restart took {server[1]:.1f} s"


def test_home_lists_every_download(server: tuple[str, float]) -> None:
    page = fetch(server[0] + "/")[0].decode()
    for fmt in DOWNLOAD_FORMATS:
        assert f'href="/data/graph.{fmt.extension}"' in page, fmt.title


@pytest.mark.parametrize("fmt", DOWNLOAD_FORMATS, ids=lambda f: f.extension)
def test_download_round_trips(server: tuple[str, float], fmt, tmp_path: Path) -> None:
    body, content_type = fetch(f"{server[0]}/data/graph.{fmt.extension}")
    assert content_type.split(";")[0] == fmt.media_type
    mine = {q.triple for q in ox.parse(body, format=ox.RdfFormat.from_media_type(fmt.media_type))}
    path = tmp_path / f"graph.{fmt.extension}"
    path.write_bytes(body)
    theirs = Dataset()
    theirs.parse(str(path), format=RDFLIB_NAMES[fmt.name])
    assert len({(s, p, o) for s, p, o, _ in theirs.quads()}) == len(mine)
    void = fetch(f"{server[0]}/.well-known/void")[0].decode()
    assert f"void:triples {len(mine)} " in void  # the default graph's distinct triples
    if fmt.name == "jsonld":
        context = json.loads(body)["@context"]
        assert context["kg"] == "https://newskg.example/ontology#"
        assert context["metWith"] == {"@id": "kg:metWith", "@type": "@id"}
