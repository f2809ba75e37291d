"""The dataset a query runs on (kg.store.dataset): a default graph naming several graphs is
their merge, each triple once, whether FROM or the protocol's default-graph-uri names them."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from kg.store import open_store
from kg.store.dataset import dataset
from kg.store.guard import inspect_query
from kg.store.model import Job
from kg.web import create_app

G1, G2, G3 = "https://newskg.example/id/graph/a1", "https://newskg.example/id/graph/a2", "https://newskg.example/id/graph/a3"
TRIG = f"""
@prefix x: <http://example.org/> .
<{G1}> {{ x:kalin x:metWith x:hamas . x:kalin x:label "Kalin" . }}
<{G2}> {{ x:kalin x:metWith x:hamas . x:rashad x:metWith x:hamas . }}
<{G3}> {{ x:other x:metWith x:hamas . }}
"""
COUNT = "SELECT (COUNT(*) AS ?n) {from} WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    """Two articles' graphs telling the same fact, in a store with a real query worker."""
    path = Path(tmp_path_factory.mktemp("dataset")) / "overlap.trig"
    path.write_text(TRIG, encoding="utf-8")
    with open_store(path, timeout=10, workers=1) as store:
        yield create_app({"TESTING": True, "KG_STORE": store}).test_client()


def rows(client: FlaskClient, **params: object) -> list[dict]:
    response = client.get("/sparql", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json["results"]["bindings"]


def count(client: FlaskClient, **params: object) -> int:
    return int(rows(client, **params)[0]["n"]["value"])


def test_from_several_graphs_is_their_merge(client: FlaskClient) -> None:
    both = f"FROM <{G1}> FROM <{G2}>"
    assert count(client, query=COUNT.replace("{from}", both)) == 3
    found = rows(client, query=f"SELECT ?s ?o {both} WHERE {{ ?s <http://example.org/metWith> ?o }}")
    assert sorted(r["s"]["value"] for r in found) == ["http://example.org/kalin", "http://example.org/rashad"]
    assert count(client, query=COUNT.replace("{from}", f"FROM <{G1}> FROM <{G1}>")) == 2


def test_protocol_default_graphs_are_merged_too(client: FlaskClient) -> None:
    query = COUNT.replace("{from}", "")
    assert count(client, query=query, **{"default-graph-uri": [G1, G2]}) == 3
    assert count(client, query=query, **{"default-graph-uri": [G1, G2, G3]}) == 4
    assert count(client, query=query) == 4  # no dataset: the union of all graphs, each triple once
    # the protocol's graphs override the query's FROM
    assert count(client, query=COUNT.replace("{from}", f"FROM <{G3}>"),
                 **{"default-graph-uri": [G1, G2]}) == 3


def test_named_graphs_stay_apart_beside_a_merged_default(client: FlaskClient) -> None:
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    found = rows(client, query=query, **{"default-graph-uri": [G1, G2], "named-graph-uri": [G2]})
    assert [(r["g"]["value"], r["n"]["value"]) for r in found] == [(G2, "2")]
    assert rows(client, query=query, **{"default-graph-uri": [G1, G2]}) == []  # none named


def test_construct_from_several_graphs_has_each_triple_once(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={
        "query": f"CONSTRUCT {{ ?s ?p ?o }} FROM <{G1}> FROM <{G2}> WHERE {{ ?s ?p ?o }}",
        "format": "nt"})
    triples = list(ox.parse(response.data, format=ox.RdfFormat.N_TRIPLES))
    assert len(triples) == len(set(triples)) == 3


@pytest.mark.parametrize(("job", "query", "expected"), [
    (Job("http", ""), "SELECT * WHERE { ?s ?p ?o }", (None, None)),
    (Job("http", ""), f"SELECT * FROM <{G1}> FROM <{G1}> WHERE {{ ?s ?p ?o }}", ((G1,), ())),
    (Job("http", ""), f"SELECT * FROM NAMED <{G2}> WHERE {{ ?s ?p ?o }}", ((), (G2,))),
    (Job("http", "", default_graphs=(G3,)), f"SELECT * FROM <{G1}> WHERE {{ ?s ?p ?o }}", ((G3,), None)),
    (Job("http", "", named_graphs=(G2,)), f"SELECT * FROM <{G1}> WHERE {{ ?s ?p ?o }}", ((), (G2,))),
])
def test_protocol_then_from_then_union(job: Job, query: str, expected: tuple) -> None:
    assert dataset(job, inspect_query(query)) == expected
