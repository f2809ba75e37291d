"""The one place views get the store and the saved queries from (flaskr's db.py).

`init_app` opens the configured store (or takes KG_STORE, an open store its owner closes)
and loads `queries/*.rq`, so a broken saved query stops start-up with its file and reason.
"""
from __future__ import annotations

import atexit
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from flask import Flask, current_app

from kg.counts import Facet, count_all
from kg.matching import prepare
from kg.queries import SavedQuery, bind, load_queries
from kg.store import Limits, Store, Table, Term, is_remote, open_store
from kg.web.finder import NAMES, Finder

__all__ = ["get_counts", "get_finder", "get_store", "init_app", "per_graph", "run_saved", "saved_queries"]
T = TypeVar("T")


def get_store() -> Store:
    """The store this app serves."""
    return current_app.extensions["kg"]


def per_graph(name: str, build: Callable[[Store], T]) -> T:
    """`build(store)`, kept in `app.extensions[name]` until the store loads a new graph."""
    store = get_store()
    stamp = store.info().loaded_at
    cached = current_app.extensions.get(name)
    if cached is None or cached[0] != stamp:
        cached = current_app.extensions[name] = (stamp, build(store))
    return cached[1]


def get_counts() -> list[tuple[Facet, int]]:
    """How many things of each kind the graph holds (kg.counts), counted once per graph."""
    return per_graph("kg_counts", lambda store: count_all(lambda query: store.select(query).rows))


def get_finder() -> Finder:
    """The name index of the graph being served (rebuilt when the store loads a new graph)."""
    return per_graph("kg_finder", lambda store: Finder(
        (r[0].value, r[1].value, r[2] and r[2].value, r[3] and r[3].value)
        for r in _all_rows(store, NAMES) if r[0] is not None and r[1] is not None))


def _all_rows(store: Store, query: str) -> list[tuple]:
    """Every row of `query`, fetched a page (the store's row cap) at a time."""
    rows: list[tuple] = []
    while True:
        page = store.select(f"{query} ORDER BY ?entity ?name ?type LIMIT {store.max_rows} "
                            f"OFFSET {len(rows)}")
        rows += page.rows
        if len(page.rows) < store.max_rows:
            return rows


def run_saved(query: SavedQuery, values: dict[str, str]) -> Table:
    """Run a saved query with `values` bound as typed terms (names matched through the
    store's text index where it has one); the parameter echo columns are dropped.

    :raises QueryError: a value does not fit its parameter type, or the query fails.
    :raises QueryTimeout: the query ran past the server's deadline.
    """
    params: dict[str, Term] = bind(query, values)
    cap = int(current_app.config.get("KG_MAX_ROWS", 10_000))
    text = prepare(query.text, query.index, params, get_store().text_index())
    table = get_store().select(text, params, min(query.limit or cap, cap))
    hidden = {p.name for p in query.params}
    keep = [i for i, c in enumerate(table.columns) if c not in hidden]
    return Table(tuple(table.columns[i] for i in keep),
                 tuple(tuple(row[i] for i in keep) for row in table.rows), table.truncated)


def saved_queries() -> dict[str, SavedQuery]:
    """The saved queries validated at start-up, by name."""
    return current_app.extensions["kg_queries"]


def init_app(app: Flask) -> None:
    """Open the store and load the saved queries into `app.extensions`."""
    store = app.config.get("KG_STORE")
    if store is None:
        store = _open(app.config)
        atexit.register(store.close)
    app.extensions["kg"] = store
    app.extensions["kg_queries"] = load_queries(app.config["KG_QUERIES"])


def _open(config: Any) -> Store:
    """The configured store; with KG_RELOAD seconds > 0, one that follows a rebuilt file."""
    limits = Limits(memory_mb=int(config["KG_WORKER_MEMORY"]),
                    max_bytes=int(float(config["KG_MAX_MB"]) * 2**20),
                    queue_timeout=float(config["KG_QUEUE_TIMEOUT"]))

    def opener(source: Any) -> Store:
        return open_store(source, timeout=float(config["KG_TIMEOUT"]),
                          max_rows=int(config["KG_MAX_ROWS"]), workers=int(config["KG_WORKERS"]),
                          limits=limits)

    source, interval = config["KG_GRAPH"], float(config.get("KG_RELOAD") or 0)
    if interval <= 0 or is_remote(source):
        return opener(source)
    from kg.store.reload import ReloadingStore

    return ReloadingStore(Path(source), opener, interval)
