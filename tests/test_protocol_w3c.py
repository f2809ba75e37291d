"""The W3C SPARQL 1.1 Protocol test suite's query-operation tests, adapted to our dataset.

Source: http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/ (manifest.ttl).
The suite loads data1.rdf..data3.rdf as named graphs; we use our own graphs instead (the
ontology and doc1 graphs of tests/data/mini.trig). Update tests expect 403 (read-only).
Every test runs twice: through Flask's test client, and over HTTP against a live `kg serve`
(waitress, the query workers, the sandbox), where the suite's clients would meet it.
"""
from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient

from live_server import Live, LiveClient, serving

ID = "https://newskg.example/id/"
G1, G2 = f"{ID}graph/ontology", f"{ID}graph/doc1"
ENTITIES = f"{ID}graph/entities"
KALIN = f"{ID}person/ibrahim-kalin"
RESULT_TYPES = {"application/sparql-results+xml", "application/sparql-results+json",
                "text/csv", "text/tab-separated-values"}
GRAPH_TYPES = {"application/rdf+xml", "text/turtle", "application/n-triples"}


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with serving(tmp_path_factory.mktemp("w3c") / "serve.log", "--workers", "2") as running:
        yield running


@pytest.fixture(params=["test-client", pytest.param("live-server", marks=pytest.mark.slow)])
def client(request: pytest.FixtureRequest) -> FlaskClient | LiveClient:
    """The app in-process, then the same requests over HTTP to a live `kg serve`."""
    if request.param == "test-client":
        return request.getfixturevalue("app").test_client()
    return LiveClient(request.getfixturevalue("live").url)


def test_query_get(client: FlaskClient) -> None:
    response = client.get("/sparql?query=ASK%20%7B%7D")
    assert response.status_code == 200 and response.mimetype in RESULT_TYPES


def test_query_post_form(client: FlaskClient) -> None:
    response = client.post("/sparql", data="query=ASK%20%7B%7D",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and response.json["boolean"] is True


def test_query_post_direct(client: FlaskClient) -> None:
    response = client.post("/sparql", data="ASK {}", content_type="application/sparql-query")
    assert response.status_code == 200 and response.json["boolean"] is True


@pytest.mark.parametrize("method", ["get", "post"])
def test_query_dataset_default_graph(client: FlaskClient, method: str) -> None:
    query = f"ASK {{ <{KALIN}> ?p ?o }}"
    url = f"/sparql?default-graph-uri={quote(G2)}"
    if method == "get":
        response = client.get(f"{url}&query={quote(query)}")
    else:
        response = client.post(url, data=query, content_type="application/sparql-query")
    assert response.json["boolean"] is True
    only_ontology = client.get(f"/sparql?default-graph-uri={quote(G1)}&query={quote(query)}")
    assert only_ontology.json["boolean"] is False


def test_query_dataset_default_graphs(client: FlaskClient) -> None:
    query = f"ASK {{ <{KALIN}> ?p ?o . <https://newskg.example/ontology#Person> ?q ?r }}"
    url = f"/sparql?default-graph-uri={quote(G1)}&default-graph-uri={quote(G2)}"
    response = client.post(url, data=query, content_type="application/sparql-query")
    assert response.json["boolean"] is True


@pytest.mark.parametrize("method", ["get", "post"])
def test_query_dataset_named_graphs(client: FlaskClient, method: str) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    params = {"named-graph-uri": [G1, G2], "query": query}
    response = (client.get("/sparql", query_string=params) if method == "get"
                else client.post("/sparql", data=params))
    graphs = sorted(b["g"]["value"] for b in response.json["results"]["bindings"])
    assert graphs == sorted([G1, G2])
    one = client.get("/sparql", query_string={"named-graph-uri": G1, "query": query}).json
    assert [b["g"]["value"] for b in one["results"]["bindings"]] == [G1]


def test_query_dataset_full(client: FlaskClient) -> None:
    """The ontology as default graph, the entities graph as the only named one. They share an
    object; so do the ontology and the inferred graph, which is not named and must not match."""
    query = "SELECT DISTINCT ?g WHERE { ?x ?y ?o GRAPH ?g { ?s ?p ?o } }"
    url = f"/sparql?default-graph-uri={quote(G1)}&named-graph-uri={quote(ENTITIES)}"
    response = client.post(url, data=query, content_type="application/sparql-query")
    assert response.status_code == 200
    assert {b["g"]["value"] for b in response.json["results"]["bindings"]} == {ENTITIES}


def test_query_multiple_dataset(client: FlaskClient) -> None:
    """The protocol dataset wins over the query's FROM."""
    query = f"ASK FROM <{G1}> {{ <{KALIN}> ?p ?o }}"
    response = client.post(f"/sparql?default-graph-uri={quote(G2)}", data=query,
                           content_type="application/sparql-query")
    assert response.json["boolean"] is True


@pytest.mark.parametrize("query,types", [
    ("SELECT (1 AS ?value) {}", RESULT_TYPES),
    ("ASK {}", {"application/sparql-results+xml", "application/sparql-results+json"}),
    (f"DESCRIBE <{KALIN}>", GRAPH_TYPES),
    ("CONSTRUCT { <http://example.org/s> <http://example.org/p> 1 } WHERE {}", GRAPH_TYPES),
])
def test_query_content_type(client: FlaskClient, query: str, types: set[str]) -> None:
    response = client.post("/sparql", data=query, content_type="application/sparql-query")
    assert response.status_code == 200 and response.mimetype in types


def test_bad_query_method(client: FlaskClient) -> None:
    assert client.put("/sparql?query=ASK%20%7B%7D").status_code == 405


def test_bad_multiple_queries(client: FlaskClient) -> None:
    assert client.get("/sparql?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D").status_code == 400


def test_bad_query_wrong_media_type(client: FlaskClient) -> None:
    response = client.post("/sparql", data="ASK {}", content_type="text/plain")
    assert 400 <= response.status_code < 500


def test_bad_query_missing_form_type(client: FlaskClient) -> None:
    response = client.post("/sparql", data=b"query=ASK%20%7B%7D")
    assert 400 <= response.status_code < 500


def test_bad_query_missing_direct_type(client: FlaskClient) -> None:
    response = client.post("/sparql", data=b"ASK {}")
    assert 400 <= response.status_code < 500


def test_bad_query_non_utf8(client: FlaskClient) -> None:
    response = client.post("/sparql", data="ASK {}".encode("utf-16"),
                           content_type="application/sparql-query; charset=UTF-16")
    assert response.status_code == 400
    undeclared = client.post("/sparql", data="ASK {}".encode("utf-16"),
                             content_type="application/sparql-query")
    assert undeclared.status_code == 400


def test_bad_query_syntax(client: FlaskClient) -> None:
    assert client.get("/sparql?query=ASK%20%7B").status_code == 400


@pytest.mark.parametrize("kwargs", [
    {"method": "GET", "query_string": {"update": "CLEAR ALL"}},                        # bad_update_get
    {"method": "POST", "data": "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT",          # bad_multiple_updates
     "content_type": "application/x-www-form-urlencoded"},
    {"method": "POST", "data": "update=CLEAR%20ALL",                                   # update_post_form
     "content_type": "application/x-www-form-urlencoded"},
    {"method": "POST", "data": "CLEAR ALL", "content_type": "application/sparql-update"},  # update_post_direct
    {"method": "POST", "data": "CLEAR NAMED".encode("utf-16"),                         # bad_update_non_utf8
     "content_type": "application/sparql-update; charset=UTF-16"},
])
def test_update_operations_are_forbidden(client: FlaskClient, kwargs: dict) -> None:
    assert client.open("/sparql", **kwargs).status_code == 403


# The suite's own dataset tests name graphs this store does not hold (data1.rdf ...). Such a
# graph is an empty graph, never fetched: each request is answered 200 with what an empty
# graph gives, in the format the suite expects.
W3C = "http://kasei.us/2009/09/sparql/data/"
D1, D2, D3 = f"{W3C}data1.rdf", f"{W3C}data2.rdf", f"{W3C}data3.rdf"


@pytest.mark.parametrize("url,query,expected", [
    (f"?default-graph-uri={quote(D1)}", f"ASK {{ <{D1}> ?p ?o }}", False),       # default_graph
    (f"?default-graph-uri={quote(D1)}&default-graph-uri={quote(D2)}",            # default_graphs
     f"ASK {{ <{D1}> ?p ?o . <{D2}> ?p ?o }}", False),
    (f"?named-graph-uri={quote(D1)}&named-graph-uri={quote(D2)}",                # named_graphs
     "ASK { GRAPH ?g { ?s ?p ?o } }", False),
    (f"?default-graph-uri={quote(D2)}", f"ASK FROM <{D1}> {{ <data1.rdf> ?p ?o }}", False),  # multiple
])
@pytest.mark.parametrize("method", ["get", "post"])
def test_w3c_dataset_graphs_unknown_here_are_empty(client: FlaskClient, url: str, query: str,
                                                     expected: bool, method: str) -> None:
    if method == "get":
        response = client.get(f"/sparql{url}&query={quote(query)}")
    else:
        response = client.post(f"/sparql{url}", data=query, content_type="application/sparql-query")
    assert response.status_code == 200 and response.mimetype in RESULT_TYPES
    assert response.json["boolean"] is expected


def test_w3c_query_dataset_full_with_unknown_graphs(client: FlaskClient) -> None:
    url = f"/sparql?default-graph-uri={quote(D3)}&named-graph-uri={quote(D1)}&named-graph-uri={quote(D2)}"
    response = client.post(url, data="SELECT ?g ?x ?s { ?x ?y ?o  GRAPH ?g { ?s ?p ?o } }",
                           content_type="application/sparql-query")
    assert response.status_code == 200 and response.json["results"]["bindings"] == []


@pytest.mark.parametrize("name,media", [
    ("rdf+xml", "application/rdf+xml"), ("rdf xml", "application/rdf+xml"), ("rdf", "application/rdf+xml"),
    ("xml", "application/rdf+xml"), ("turtle", "text/turtle"), ("ttl", "text/turtle"), ("n3", "text/n3"),
    ("json-ld", "application/ld+json"), ("json", "application/ld+json"), ("nt", "application/n-triples"),
])
def test_format_names_clients_send_for_graphs(client: FlaskClient, name: str, media: str) -> None:
    query = "CONSTRUCT { <http://example.org/s> <http://example.org/p> 1 } WHERE {}"
    response = client.get("/sparql", query_string={"query": query, "format": name})
    assert response.status_code == 200 and response.mimetype == media


@pytest.mark.parametrize("name,media", [
    ("json", "application/sparql-results+json"), ("sparql-results+json", "application/sparql-results+json"),
    ("xml", "application/sparql-results+xml"), ("csv", "text/csv"), ("tsv", "text/tab-separated-values"),
])
def test_format_names_clients_send_for_results(client: FlaskClient, name: str, media: str) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT (1 AS ?x) {}", "format": name})
    assert response.status_code == 200 and response.mimetype == media


def test_sparqlwrapper_sends_two_format_values(client: FlaskClient) -> None:
    """SPARQLWrapper repeats format= with a media type for RDF/XML; the first known one wins."""
    response = client.get("/sparql?query=" + quote(f"DESCRIBE <{KALIN}>")
                          + "&format=rdf%2Bxml&format=application%2Frdf%2Bxml")
    assert response.status_code == 200 and response.mimetype == "application/rdf+xml"


@pytest.mark.parametrize("request_args", [
    {"method": "GET", "path": "/sparql?query=ASK%20%7B%7D%FF%FE"},
    {"method": "POST", "path": "/sparql", "data": b"query=ASK%20%7B%7D%FF%FE",
     "content_type": "application/x-www-form-urlencoded"},
    {"method": "POST", "path": "/sparql", "data": b"ASK {}\xff\xfe", "content_type": "application/sparql-query"},
])
def test_invalid_utf8_is_a_bad_request(client: FlaskClient, request_args: dict) -> None:
    args = dict(request_args)
    response = client.open(args.pop("path"), **args)
    assert response.status_code == 400 and "UTF-8" in response.json["message"]
