"""The one place views get the store and the saved queries from (flaskr's db.py).

`init_app` opens the configured store (or takes KG_STORE, an open store its owner closes)
and loads `queries/*.rq`, so a broken saved query stops start-up with its file and reason.
"""
from __future__ import annotations

import atexit
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from kg.queries import SavedQuery, load_queries
from kg.store import Store, is_remote, open_store

__all__ = ["get_store", "init_app", "saved_queries"]


def get_store() -> Store:
    """The store this app serves."""
    return current_app.extensions["kg"]


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
    def opener(source: Any) -> Store:
        return open_store(source, timeout=float(config["KG_TIMEOUT"]),
                          max_rows=int(config["KG_MAX_ROWS"]), workers=int(config["KG_WORKERS"]))

    source, interval = config["KG_GRAPH"], float(config.get("KG_RELOAD") or 0)
    if interval <= 0 or is_remote(source):
        return opener(source)
    from kg.store.reload import ReloadingStore

    return ReloadingStore(Path(source), opener, interval)
