"""Hostile queries: reaching outside the dataset, writing, running away, eating memory."""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from kg.store import Limits, open_store
from kg.web import create_app

MINI = Path(__file__).parent / "data" / "mini.trig"
# ~120 quads to the 5th power counted: far more work than 2 s, in constant memory.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?x ?y }"
# ORDER BY must hold every one of ~120^4 rows: past any memory budget within a second.
GREEDY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?l ?i ?f ?c"


@pytest.fixture(scope="module")
def strict_app() -> Iterator[Flask]:
    """An app whose queries may run 2 s, on two workers."""
    with open_store(MINI, timeout=2, max_rows=10_000, workers=2) as store:
        yield create_app({"TESTING": True, "KG_STORE": store})


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "select * where { service <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
])
def test_outside_world_is_refused(strict_app: Flask, query: str) -> None:
    response = strict_app.test_client().get("/sparql", query_string={"query": query})
    assert response.status_code == 400 and response.is_json
    assert response.json["message"].startswith("SERVICE is not allowed")  # not any other 400


@pytest.mark.parametrize("query", [
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://127.0.0.1:1/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
])
def test_graphs_from_elsewhere_are_empty(strict_app: Flask, query: str) -> None:
    response = strict_app.test_client().get("/sparql", query_string={"query": query})
    assert response.status_code == 200 and response.json["results"]["bindings"] == []


def test_service_in_a_string_is_fine(strict_app: Flask) -> None:
    query = 'SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1:1/>" }'
    assert strict_app.test_client().get("/sparql", query_string={"query": query}).status_code == 200


@pytest.mark.parametrize("update", ["LOAD <file:///etc/passwd>", "INSERT DATA { <a:b> <a:b> <a:b> }",
                                    "CLEAR ALL"])
def test_updates_are_forbidden(strict_app: Flask, update: str) -> None:
    client = strict_app.test_client()
    assert client.post("/sparql", data={"update": update}).status_code == 403
    assert client.get("/sparql", query_string={"query": update}).status_code == 403


def test_runaway_query_is_stopped_while_others_are_served(strict_app: Flask) -> None:
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        response = strict_app.test_client().get("/sparql", query_string={"query": RUNAWAY})
        outcome.update(status=response.status_code, body=response.json,
                       seconds=time.monotonic() - started)

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    quick = strict_app.test_client().get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    assert quick.status_code == 200 and quick.json["boolean"] is True
    assert thread.is_alive(), "the runaway query should still be running"
    thread.join(30)
    assert outcome["status"] == 503
    assert outcome["body"]["error"] == "timeout" and "2 s" in outcome["body"]["message"]
    assert 1.5 < outcome["seconds"] < 6
    after = strict_app.test_client().get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    assert after.status_code == 200  # the killed worker was replaced


def test_memory_hog_is_stopped_and_its_worker_replaced() -> None:
    with open_store(MINI, timeout=30, workers=1, limits=Limits(memory_mb=256)) as store:
        client = create_app({"TESTING": True, "KG_STORE": store}).test_client()
        started = time.monotonic()
        response = client.get("/sparql", query_string={"query": GREEDY})
        assert response.status_code == 503 and response.json["error"] == "too_large"
        assert "256 MB of memory" in response.json["message"] and time.monotonic() - started < 20
        assert client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"}).json["boolean"] is True
