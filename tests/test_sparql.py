"""/sparql routes, downloads, VoID and health through the Flask test client."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from kg.store import open_store
from kg.web import create_app

ID = "https://newskg.example/id/"
SELECT = "SELECT ?s ?l WHERE { ?s a kg:Person ; rdfs:label ?l }"
MINI = Path(__file__).parent / "data" / "mini.trig"


@pytest.fixture(scope="module")
def capped() -> Iterator[FlaskClient]:
    """A client whose store returns at most 2 rows."""
    with open_store(MINI, timeout=10, max_rows=2, workers=1) as store:
        yield create_app({"TESTING": True, "KG_STORE": store}).test_client()


def test_get_select_json(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": SELECT})
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+json"
    assert response.headers["X-KG-Truncated"] == "false"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.json["head"]["vars"] == ["s", "l"]
    assert response.json["results"]["bindings"][0]["l"] == {"type": "literal", "value": "Ibrahim Kalin"}


@pytest.mark.parametrize("accept,mimetype", [
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"), ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("text/html, */*;q=0.1", "application/sparql-results+json"),
    ("application/json", "application/sparql-results+json"),
])
def test_select_conneg(client: FlaskClient, accept: str, mimetype: str) -> None:
    response = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": accept})
    assert (response.status_code, response.mimetype) == (200, mimetype)


@pytest.mark.parametrize("fmt,mimetype", [("csv", "text/csv"), ("xml", "application/sparql-results+xml"),
                                          ("tsv", "text/tab-separated-values")])
def test_format_parameter_overrides_accept(client: FlaskClient, fmt: str, mimetype: str) -> None:
    response = client.get("/sparql", query_string={"query": SELECT, "format": fmt},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.mimetype == mimetype


@pytest.mark.parametrize("accept,fmt", [
    ("text/turtle", ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", ox.RdfFormat.JSON_LD), ("application/rdf+xml", ox.RdfFormat.RDF_XML),
])
def test_construct_conneg(client: FlaskClient, accept: str, fmt: ox.RdfFormat) -> None:
    query = "CONSTRUCT { ?s a kg:Person } WHERE { ?s a kg:Person }"
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert response.mimetype == accept
    triples = list(ox.parse(response.data, format=fmt))
    assert [t.subject.value for t in triples] == [f"{ID}person/ibrahim-kalin"]


def test_describe(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": f"DESCRIBE <{ID}organization/hamas>"})
    assert response.mimetype == "text/turtle" and b"Hamas" in response.data


def test_not_acceptable_lists_types(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": "text/turtle"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.json["message"]
    response = client.get("/sparql", query_string={"query": "ASK {}", "format": "turtle"})
    assert response.status_code == 406


def test_bad_query_is_json_400(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT ?s WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert response.json["error"] == "bad_query" and "syntax error" in response.json["message"]


@pytest.mark.parametrize("kwargs", [
    {"query_string": {"update": "CLEAR ALL"}},
    {"query_string": {"query": "INSERT DATA { <a:b> <a:b> <a:b> }"}},
    {"method": "POST", "data": {"update": "DROP ALL"}},
    {"method": "POST", "data": "CLEAR ALL", "content_type": "application/sparql-update"},
    {"method": "POST", "data": "LOAD <file:///etc/passwd>", "content_type": "application/sparql-query"},
])
def test_updates_are_forbidden(client: FlaskClient, kwargs: dict) -> None:
    response = client.open("/sparql", **kwargs)
    assert response.status_code == 403 and response.json["error"] == "forbidden"


def test_dataset_parameters(client: FlaskClient) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    union = client.get("/sparql", query_string={"query": count}).json
    one = client.get("/sparql", query_string={"query": count, "default-graph-uri": f"{ID}graph/ontology"}).json
    n = lambda doc: int(doc["results"]["bindings"][0]["n"]["value"])  # noqa: E731
    assert 0 < n(one) < n(union)
    elsewhere = client.get("/sparql", query_string={"query": count, "default-graph-uri": "file:///etc/passwd"})
    assert elsewhere.status_code == 200 and n(elsewhere.json) == 0  # an unknown graph is empty


def test_from_clause_uses_local_graph_only(client: FlaskClient) -> None:
    ok = client.get("/sparql", query_string={"query": f"ASK FROM <{ID}graph/ontology> {{ ?s a kg:Person }}"})
    assert ok.json["boolean"] is False  # no Person instance in the ontology graph
    unknown = client.get("/sparql", query_string={"query": "ASK FROM <http://example.org/> { ?s ?p ?o }"})
    assert unknown.status_code == 200 and unknown.json["boolean"] is False


def test_truncation_said_in_every_format(capped: FlaskClient) -> None:
    query = {"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"}
    as_json = capped.get("/sparql", query_string=query)
    assert as_json.headers["X-KG-Truncated"] == "true"
    assert as_json.json["truncated"] is True and len(as_json.json["results"]["bindings"]) == 2
    xml = capped.get("/sparql", query_string={**query, "format": "xml"})
    links = ElementTree.fromstring(xml.data).findall(".//{http://www.w3.org/2005/sparql-results#}link")
    assert [link.get("href") for link in links] == ["urn:kg:truncated"]
    rows = list(csv.reader(io.StringIO(capped.get("/sparql", query_string={**query, "format": "csv"}).text)))
    assert len(rows) == 4 and rows[-1][0].startswith("# truncated")
    tsv = capped.get("/sparql", query_string={**query, "format": "tsv"}).text.splitlines()
    assert tsv[-1].startswith("# truncated")
    ttl = capped.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert ttl.headers["X-KG-Truncated"] == "true" and b"# truncated" in ttl.data


def test_results_are_stable(client: FlaskClient) -> None:
    query = {"query": "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"}
    bodies = {client.get("/sparql", query_string=query).data for _ in range(6)}
    assert len(bodies) == 1


def test_service_description(client: FlaskClient) -> None:
    response = client.get("/sparql")
    assert response.mimetype == "text/turtle"
    triples = list(ox.parse(response.data, format=ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert any(t.object == ox.NamedNode(f"{sd}UnionDefaultGraph") for t in triples)
    names = {t.object.value for t in triples if t.predicate.value == f"{sd}name"}
    assert f"{ID}graph/doc1" in names


def test_cors_preflight(client: FlaskClient) -> None:
    response = client.options("/sparql", headers={"Origin": "https://example.org",
                                                  "Access-Control-Request-Method": "POST"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_cors_headers_once_on_answers_and_errors(client: FlaskClient) -> None:
    """The error handler and the blueprint both add CORS headers: each must appear once."""
    for query in (SELECT, "SELEC"):
        response = client.get("/sparql", query_string={"query": query})
        names = [name for name, _ in response.headers if name.startswith("Access-Control-")]
        assert len(names) == len(set(names)) == 5, (response.status_code, names)


def test_body_cap(client: FlaskClient) -> None:
    big = "ASK {} #" + "x" * (2 << 20)
    response = client.post("/sparql", data=big, content_type="application/sparql-query")
    assert response.status_code == 413 and response.is_json


def test_downloads(client: FlaskClient) -> None:
    trig = client.get("/data/graph.trig")
    assert trig.mimetype == "application/trig" and trig.headers["Access-Control-Allow-Origin"] == "*"
    quads = list(ox.parse(client.get("/data/graph.nq").data, format=ox.RdfFormat.N_QUADS))
    assert len(quads) == len(list(ox.parse(trig.data, format=ox.RdfFormat.TRIG)))
    assert client.get("/data/graph.exe").status_code == 404


def test_void_and_health(client: FlaskClient) -> None:
    void = client.get("/.well-known/void")
    triples = list(ox.parse(void.data, format=ox.RdfFormat.TURTLE))
    predicates = {t.predicate.value.rsplit("#", 1)[-1] for t in triples}
    assert {"triples", "sparqlEndpoint", "dataDump", "subset"} <= predicates
    health = client.get("/healthz").json
    assert health["graph_loaded"] and health["triples"] > 100 and health["graphs"] >= 2
    assert json.dumps(health)


def test_query_log_lines(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    """One INFO line per request (the access log, with the rows); the store's own line per
    query is DEBUG when it answered, INFO when it failed."""
    caplog.set_level("INFO", logger="kg.access")
    caplog.set_level("DEBUG", logger="kg.store")  # last: it sets the capture's level too
    client.get("/sparql", query_string={"query": SELECT})
    client.get("/sparql", query_string={"query": "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }"})
    store = [(r.levelname, r.getMessage()) for r in caplog.records
             if r.name == "kg.store" and r.getMessage().startswith("query op=")]
    access = [r.getMessage() for r in caplog.records if r.name == "kg.access"]
    assert store[0][0] == "DEBUG" and "rows=1" in store[0][1] and "ms=" in store[0][1]
    assert store[1][0] == "INFO" and store[1][1].endswith(" refused")
    assert access[0].startswith("GET /sparql?query=") and access[0].endswith(" ms rows=1")
    assert " 400 " in access[1] and "rows=" not in access[1]
