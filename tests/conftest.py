"""Generic fixtures: one store over tests/data/mini.trig shared by the session, an app, a client, a CLI runner."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from kg.store import Store, open_store
from kg.web import create_app

MINI = Path(__file__).parent / "data" / "mini.trig"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def seeds_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """seeds/ built once per session (needs the model): the graph page, query and store tests use."""
    from kg.build import build_dataset

    folder = tmp_path_factory.mktemp("seeds-build")
    out = folder / "graph.trig"
    build_dataset(ROOT / "seeds", out, cache=folder / "cache")
    return out


@pytest.fixture(scope="session")
def seeds_store(seeds_graph: Path) -> Iterator[Store]:
    """The seeds graph in a store (in-process queries: no workers to start)."""
    with open_store(seeds_graph, timeout=30, workers=0) as opened:
        yield opened


@pytest.fixture(scope="session")
def store() -> Iterator[Store]:
    """The mini dataset in a 2-worker store (opening one costs worker start-ups, so share it)."""
    with open_store(MINI, timeout=10, max_rows=1000, workers=2) as opened:
        yield opened


@pytest.fixture()
def app(store: Store) -> Flask:
    """The app over the shared mini store."""
    return create_app({"TESTING": True, "KG_GRAPH": str(MINI), "KG_STORE": store})


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()
