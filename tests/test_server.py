"""A real `kg serve` process queried by third-party clients (SPARQLWrapper, rdflib SPARQLStore)."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

ROOT = Path(__file__).parents[1]
ID = "https://newskg.example/id/"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    """`kg serve --graph tests/data/mini.trig` on a free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--graph", "tests/data/mini.trig",
                               "--port", str(port), "--timeout", "5", "--workers", "2"],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(url, server)
        yield url
    finally:
        server.terminate()
        server.wait(10)


def _wait(url: str, server: subprocess.Popen) -> None:
    """Poll /healthz until the server answers (or fail with its stderr)."""
    for _ in range(150):
        if server.poll() is not None:
            pytest.fail(f"kg serve exited: {server.stderr.read().decode()}")
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail("kg serve did not start within 15 s")


def test_sparqlwrapper_select(base_url: str) -> None:
    client = SPARQLWrapper(f"{base_url}/sparql")
    client.setQuery("SELECT ?l WHERE { ?p a <https://newskg.example/ontology#Person> ; "
                    "<http://www.w3.org/2000/01/rdf-schema#label> ?l }")
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert [r["l"]["value"] for r in rows] == ["Ibrahim Kalin"]


def test_sparqlwrapper_post_ask(base_url: str) -> None:
    client = SPARQLWrapper(f"{base_url}/sparql")
    client.setMethod("POST")
    client.setQuery("ASK { ?a <https://newskg.example/ontology#metWith> ?b }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


def test_rdflib_sparqlstore(base_url: str) -> None:
    store = SPARQLStore(f"{base_url}/sparql", returnFormat="json")
    rows = list(store.query("SELECT ?name WHERE { <%sorganization/hamas> "
                            "<http://www.w3.org/2000/01/rdf-schema#label> ?name }" % ID))
    assert [row[0] for row in rows] == [Literal("Hamas")]
    triples = list(store.triples((URIRef(f"{ID}person/ibrahim-kalin"), None, None)))
    assert triples
    distinct = {q.triple for q in ox.parse(path=str(ROOT / "tests/data/mini.trig"),
                                           format=ox.RdfFormat.TRIG)}
    assert len(store) == len(distinct)  # the default graph is a set, not a triple per graph


def test_healthz_and_update_refused(base_url: str) -> None:
    health = json.load(urllib.request.urlopen(f"{base_url}/healthz"))
    assert health["graph_loaded"] and health["workers"] == 2
    request = urllib.request.Request(f"{base_url}/sparql", data=b"CLEAR ALL",
                                     headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request)
    assert caught.value.code == 403
