"""A real `kg serve` process queried by third-party clients (SPARQLWrapper, rdflib SPARQLStore,
Comunica in Node.js), and the waitress channel kg.server runs it with."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper
from waitress.adjustments import Adjustments

from kg.server import GuardedChannel

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


def test_comunica(base_url: str) -> None:
    """Comunica (tests/js, installed by `scripts/setup.sh --test`) as a JS user runs it: SELECT,
    ASK, an aggregate and CONSTRUCT against our endpoint, with its own HTTP and parsers."""
    node, script = shutil.which("node"), ROOT / "tests" / "js" / "comunica.mjs"
    if node is None or not (ROOT / "tests" / "js" / "node_modules" / "@comunica").is_dir():
        pytest.skip("Node.js or tests/js/node_modules missing: run bash scripts/setup.sh --test")
    done = subprocess.run([node, str(script), f"{base_url}/sparql"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    distinct = {q.triple for q in ox.parse(path=str(ROOT / "tests/data/mini.trig"),
                                           format=ox.RdfFormat.TRIG)}
    assert answer["people"] == ["Ibrahim Kalin"] and answer["met"] is True
    assert answer["triples"] == len(distinct)
    assert answer["constructed"] == [[f"{ID}person/ibrahim-kalin", "Ibrahim Kalin"]]


def test_healthz_and_update_refused(base_url: str) -> None:
    health = json.load(urllib.request.urlopen(f"{base_url}/healthz"))
    assert health["graph_loaded"] and health["workers"] == 2
    request = urllib.request.Request(f"{base_url}/sparql", data=b"CLEAR ALL",
                                     headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request)
    assert caught.value.code == 403


def test_the_main_loop_leaves_a_running_requests_output_to_its_thread() -> None:
    """poll(2) must not be asked to wake on a channel whose request thread is still sending
    (it would return at once, again and again, holding the GIL): only output past the high
    watermark, or a channel about to close, is the loop's business then."""
    channel = GuardedChannel.__new__(GuardedChannel)  # the state, without a socket
    channel.adj, channel.requests = Adjustments(), [object()]
    channel.will_close = channel.close_when_flushed = False
    channel.total_outbufs_len = 10_000
    assert not channel.writable()
    channel.total_outbufs_len = channel.adj.outbuf_high_watermark + 1
    assert channel.writable()
    channel.total_outbufs_len, channel.will_close = 10_000, True
    assert channel.writable()
    channel.will_close, channel.requests = False, []
    assert channel.writable()  # the request ended: what is left is sent by the loop
    channel.total_outbufs_len = 0
    assert not channel.writable()


def test_a_large_answer_reaches_a_slow_reader_whole(base_url: str) -> None:
    """What a request's thread could not send (the client reads slowly) is sent by the main
    loop once the request ends, and the kept-alive connection serves the next request."""
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 10000"
    port = int(base_url.rsplit(":", 1)[1])
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.settimeout(30)
        sock.connect(("127.0.0.1", port))
        sock.sendall(f"GET /sparql?{urllib.parse.urlencode({'query': query})} HTTP/1.1\r\n"
                     "Host: x\r\nAccept: application/sparql-results+json\r\n\r\n".encode())
        time.sleep(1.0)  # the request's thread is done; most of the answer still waits
        head, body = _read_answer(sock, pause=0.002)
        assert head.startswith(b"HTTP/1.1 200") and b"x-kg-rows: 10000" in head.lower()
        assert len(body) > 1 << 20
        assert len(json.loads(body)["results"]["bindings"]) == 10_000
        sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n"
                     b"Accept: application/sparql-results+json\r\n\r\n")
        head, body = _read_answer(sock)
        assert head.startswith(b"HTTP/1.1 200") and json.loads(body)["boolean"] is True


def _read_answer(sock: socket.socket, pause: float = 0.0) -> tuple[bytes, bytes]:
    """One HTTP response with a Content-Length: (head, body), read 4 KB at a time."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(4096)
    head, body = data.split(b"\r\n\r\n", 1)
    length = int(next(line.split(b":", 1)[1] for line in head.split(b"\r\n")
                      if line.lower().startswith(b"content-length:")))
    while len(body) < length:
        chunk = sock.recv(4096)
        assert chunk, "the server closed the connection before the whole answer"
        body += chunk
        time.sleep(pause)
    return head, body
