"""The web layer: a Flask application factory (the only package that imports Flask)."""
from __future__ import annotations

from typing import Any

from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the app: defaults, then instance/config.py, then `test_config`."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        KG_GRAPH="data/graph.trig",
        KG_QUERIES="queries",
        KG_TIMEOUT=20.0,
        KG_MAX_ROWS=10_000,
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)
    return app
