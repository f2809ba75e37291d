"""The web layer: a Flask application factory (the only package that imports Flask)."""
from __future__ import annotations

import atexit
import importlib.util
from pathlib import Path
from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from kg.store import (NotAcceptable, QueryError, QueryForbidden, QueryTimeout, Store,
                      WorkerCrashed, is_remote, open_store)

JSON_PREFIXES = ("/sparql", "/data/", "/.well-known/", "/healthz")
# Most specific first: QueryForbidden and UnsupportedMediaType are QueryErrors.
STATUS = ((QueryForbidden, 403, "forbidden"), (NotAcceptable, 406, "not_acceptable"),
          (QueryTimeout, 503, "timeout"), (WorkerCrashed, 500, "worker_crashed"))


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the app: defaults, then instance/config.py, then `test_config`.

    KG_GRAPH is a dataset file or an http(s) SPARQL endpoint URL; KG_RELOAD > 0 (seconds)
    makes the app serve each new build of the file without a restart. Pass KG_STORE (an open
    Store) to share one store between apps, as the tests do; its owner closes it.
    """
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(KG_GRAPH="data/graph.trig", KG_QUERIES="queries", KG_TIMEOUT=20.0,
                            KG_MAX_ROWS=10_000, KG_WORKERS=4, MAX_CONTENT_LENGTH=1 << 20)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)
    store = app.config.get("KG_STORE")
    if store is None:
        store = _open(app.config)
        atexit.register(store.close)
    app.extensions["kg"] = store
    _register(app)
    return app


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


def _register(app: Flask) -> None:
    """Blueprints (ours, and the pages one when present) and the JSON error handlers."""
    from kg.web import data, sparql

    app.register_blueprint(sparql.bp)
    app.register_blueprint(data.bp)
    if importlib.util.find_spec("kg.web.pages") is not None:
        from kg.web.pages import bp as pages_bp

        app.register_blueprint(pages_bp)
    for exc_type, status, code in STATUS:
        app.register_error_handler(exc_type, _handler(status, code))
    app.register_error_handler(sparql.UnsupportedMediaType, _handler(415, "unsupported_media_type"))
    app.register_error_handler(QueryError, _handler(400, "bad_query"))
    app.register_error_handler(HTTPException, _http_error)


def _handler(status: int, code: str):
    """An error handler answering `status` with a JSON body carrying the message."""
    def handle(exc: Exception) -> tuple[Response, int]:
        response = jsonify({"error": code, "status": status, "message": str(exc)})
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response, status
    return handle


def _http_error(exc: HTTPException) -> Response | HTTPException:
    """JSON for HTTP errors on the machine-facing routes; pages keep Flask's HTML."""
    if not request.path.startswith(JSON_PREFIXES):
        return exc
    response = jsonify({"error": (exc.name or "error").lower().replace(" ", "_"),
                        "status": exc.code, "message": exc.description})
    response.status_code = exc.code or 500
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
