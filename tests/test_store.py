"""The store package: query guard, engine results, parameters, caps, export, remote backend."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store import (QueryError, QueryForbidden, QueryRefused, Store, Term, inspect_query,
                      open_store)
from kg.store.export import export

KG = "https://newskg.example/ontology#"
ID = "https://newskg.example/id/"
GRAPHS = {f"{ID}graph/doc1", f"{ID}graph/ontology"}
WHO_MET = (Path(__file__).parents[1] / "queries" / "who-met-whom.rq").read_text(encoding="utf-8")
MINI = Path(__file__).parent / "data" / "mini.trig"
QUADS = list(ox.parse(path=str(MINI), format=ox.RdfFormat.TRIG))


@pytest.mark.parametrize("query", [
    "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "select * { service <http://example.org/sparql> { ?s ?p ?o } }",
    "PREFIX ex: <http://example.org/> SELECT * { SeRvIcE ex:sparql { ?s ?p ?o } }",
    "SELECT * { SERVICE SILENT <http://example.org/> { ?s ?p ?o } }",
    "SELECT * { ?s ?p ?o # a comment\n SERVICE <http://x/> {} }",
    "SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://example.org/remote> { GRAPH ?g { ?s ?p ?o } }",
    "PREFIX f: <file:///etc/> SELECT * FROM f:passwd { ?s ?p ?o }",
    "BASE <file:///etc/> SELECT * FROM <passwd> { ?s ?p ?o }",
])
def test_guard_refuses_reaching_outside(query: str) -> None:
    with pytest.raises(QueryRefused):
        inspect_query(query, GRAPHS)


@pytest.mark.parametrize("query", [
    'SELECT * { ?s ?p "SERVICE <http://example.org/> { }" }',
    "SELECT * { ?s ?p '''FROM <file:///etc/passwd>''' }",
    "SELECT ?service { ?service ?p ?o }",
    "PREFIX service: <http://example.org/> SELECT * { ?s service:from ?o }",
    "SELECT * { ?s <http://example.org/SERVICE#x> ?o } # SERVICE <http://x/> in a comment",
    f"SELECT * FROM <{ID}graph/doc1> {{ ?s ?p ?o }}",
    "SELECT * FROM kgr:graph\\/doc1 FROM NAMED kgr:graph\\/ontology { ?s ?p ?o }",
])
def test_guard_allows_lookalikes_and_local_graphs(query: str) -> None:
    assert inspect_query(query, GRAPHS).form == "SELECT"


@pytest.mark.parametrize("update", [
    "INSERT DATA { <a:b> <a:b> <a:b> }", "delete where { ?s ?p ?o }", "LOAD <file:///etc/passwd>",
    "PREFIX ex: <http://e/> CLEAR ALL", "DROP GRAPH <http://e/>", "WITH <http://e/> DELETE { ?s ?p ?o } WHERE {}",
])
def test_guard_forbids_updates(update: str) -> None:
    with pytest.raises(QueryForbidden):
        inspect_query(update, GRAPHS)


def test_guard_notes_order_and_dataset() -> None:
    info = inspect_query(f"SELECT * FROM <{ID}graph/doc1> {{ ?s ?p ?o }} ORDER BY ?s", GRAPHS)
    assert (info.ordered, info.from_graphs, info.has_dataset) == (True, (f"{ID}graph/doc1",), True)


def test_select_binds_typed_parameters(store: Store) -> None:
    table = store.select(WHO_MET, {"topic": Term.literal("Rafah")})
    assert table.columns[-3:] == ("topic", "who", "place")
    assert [(r[0].value, r[1].value) for r in table.rows] == [("Hamas", "Ibrahim Kalin")]
    assert store.select(WHO_MET, {"topic": Term.literal("Atlantis")}).rows == ()


def test_parameter_is_a_term_not_text(store: Store) -> None:
    sneaky = Term.literal('") } SERVICE <http://example.org/> { ("')
    assert store.select(WHO_MET, {"topic": sneaky}).rows == ()


def test_union_default_graph_and_caps(store: Store) -> None:
    table = store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", limit=5)
    assert len(table.rows) == 5 and table.truncated
    assert table.rows == store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", limit=5).rows  # stable
    assert not store.select("SELECT * { ?s a kg:Person }").truncated


def test_ask_construct_and_entity(store: Store) -> None:
    assert store.ask("ASK { ?p kg:metWith ?q }")
    turtle = store.construct("CONSTRUCT { ?p a kg:Person } WHERE { ?p a kg:Person }")
    assert list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))
    rows = store.describe_entity(f"{ID}organization/hamas").rows
    assert store.describe_entity(f"{ID}organization/hamas").columns == ("graph", "subject", "predicate", "object")
    assert any(r[2].value == f"{KG}participant" for r in rows)


def test_info(store: Store) -> None:
    assert store.triple_count() == len({q.triple for q in QUADS})
    assert store.info().quads == len(QUADS)
    assert f"{ID}graph/doc1" in store.graphs()


def test_bad_query_message(store: Store) -> None:
    with pytest.raises(QueryError, match="syntax error"):
        store.select("SELECT ?s WHERE { ?s ?p }")


def test_missing_file() -> None:
    with pytest.raises(QueryError, match="no such dataset file"):
        open_store("nowhere.trig", workers=0)


@pytest.mark.parametrize("fmt,parse_as", [
    ("trig", ox.RdfFormat.TRIG), ("nq", ox.RdfFormat.N_QUADS), ("ttl", ox.RdfFormat.TURTLE),
    ("nt", ox.RdfFormat.N_TRIPLES), ("jsonld", ox.RdfFormat.JSON_LD), ("xml", ox.RdfFormat.RDF_XML),
])
def test_export_formats(tmp_path: Path, fmt: str, parse_as: ox.RdfFormat) -> None:
    out = tmp_path / f"out.{fmt}"
    export(MINI, fmt, out)
    parsed = list(ox.parse(path=str(out), format=parse_as))
    assert len(parsed) == (len(QUADS) if parse_as.supports_datasets else len({q.triple for q in QUADS}))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_url(tmp_path_factory: pytest.TempPathFactory):
    """`oxigraph serve-read-only` over the mini dataset, union default graph like ours."""
    binary = shutil.which("oxigraph") or str(Path(__file__).parents[1] / ".venv" / "bin" / "oxigraph")
    location = tmp_path_factory.mktemp("oxigraph")
    subprocess.run([binary, "load", "--location", str(location), "--file", str(MINI)],
                   check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen([binary, "serve-read-only", "--location", str(location), "--bind",
                               f"127.0.0.1:{port}", "--union-default-graph"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    yield url
    server.kill()
    server.wait()


@pytest.mark.slow
def test_remote_store_matches_local(oxigraph_url: str, store: Store) -> None:
    remote = open_store(oxigraph_url, timeout=10)
    assert remote.triple_count() == store.triple_count()
    assert remote.graphs() == store.graphs()
    params = {"topic": Term.literal("Rafah")}
    assert remote.select(WHO_MET, params).rows == store.select(WHO_MET, params).rows
    assert remote.ask("ASK { ?p kg:metWith ?q }".replace("kg:", f"<{KG}") .replace("metWith", "metWith>"))
    assert remote.describe_entity(f"{ID}organization/hamas").rows == store.describe_entity(f"{ID}organization/hamas").rows
    with pytest.raises(QueryRefused):
        remote.select("SELECT * { SERVICE <http://example.org/> { ?s ?p ?o } }")
    with pytest.raises(QueryError, match="syntax error"):  # found by our guard, before sending
        remote.select("SELECT * { ?s ?p }")
    body = json.loads(remote.protocol(__import__("kg.store", fromlist=["Job"]).Job(
        "http", "SELECT ?s { ?s ?p ?o }", limit=3, fmt="json")).body)
    assert body["truncated"] is True and len(body["results"]["bindings"]) == 3


@pytest.mark.parametrize("limit_mb", ["64", "0"])
def test_memory_and_disk_backends_answer_alike(monkeypatch, limit_mb) -> None:
    """Small files are served from memory, large ones from an on-disk index: same answers."""
    monkeypatch.setenv("KG_IN_MEMORY_MAX_MB", limit_mb)
    mini = Path(__file__).parent / "data" / "mini.trig"
    with open_store(mini, timeout=5, workers=1) as store:
        assert (store._memory is not None) == (limit_mb != "0")
        table = store.select("SELECT ?s ?o WHERE { ?s kg:metWith ?o } ORDER BY ?s ?o")
        assert [tuple(t.value for t in row) for row in table.rows] == [
            ("https://newskg.example/id/organization/hamas", "https://newskg.example/id/person/ibrahim-kalin"),
            ("https://newskg.example/id/person/ibrahim-kalin", "https://newskg.example/id/organization/hamas")]
