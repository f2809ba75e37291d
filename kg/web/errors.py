"""The one place errors become responses: a JSON body for the API, an HTML page for people.

The API is /sparql, /data/, /.well-known/, /healthz, /api/ and every machine format of a
page (`.json`, `.csv`, `.tsv`, `.ttl`, `.jsonld` ...); everything else is a page, and gets
the site's error page with the same status and message.
"""
from __future__ import annotations

from flask import Flask, Response, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException, NotFound

from kg.store import (NotAcceptable, Overloaded, QueryError, QueryForbidden, QueryTimeout,
                      QueryTooLarge, WorkerCrashed)
from kg.store.formats import FORMATS
from kg.web.http import add_cors

__all__ = ["NotFoundHere", "UnsupportedMediaType", "init_app", "wants_json"]

API_PREFIXES = ("/sparql", "/data/", "/.well-known/", "/healthz", "/api/")
MACHINE_SUFFIXES = tuple({"." + f.extension for f in FORMATS} | {".json", ".csv", ".tsv"})


class UnsupportedMediaType(QueryError):
    """A POST body that is neither form-encoded nor application/sparql-query (HTTP 415)."""


class NotFoundHere(NotFound):
    """A 404 that offers what the visitor may have meant (pages list them, JSON has them)."""

    def __init__(self, description: str, suggestions: list[dict[str, str]]) -> None:
        super().__init__(description)
        self.suggestions = suggestions


# Most specific first: QueryForbidden and UnsupportedMediaType are QueryErrors, Overloaded
# and QueryTooLarge are QueryTimeouts (limits of the server, all 503).
STATUS = ((QueryForbidden, 403, "forbidden"), (UnsupportedMediaType, 415, "unsupported_media_type"),
          (QueryError, 400, "bad_query"), (NotAcceptable, 406, "not_acceptable"),
          (Overloaded, 503, "overloaded"), (QueryTooLarge, 503, "too_large"),
          (QueryTimeout, 503, "timeout"), (WorkerCrashed, 500, "worker_crashed"))


def wants_json() -> bool:
    """True when the request is for the API or a machine format, not a page."""
    path = request.path
    return path.startswith(API_PREFIXES) or path.endswith(MACHINE_SUFFIXES)


def init_app(app: Flask) -> None:
    """Register the handlers on `app`."""
    for exc_type, status, code in STATUS:
        app.register_error_handler(exc_type, _handler(status, code))
    app.register_error_handler(HTTPException, _http_error)


def _handler(status: int, code: str):
    """A handler answering `status` with the error's message."""
    def handle(exc: Exception) -> Response:
        response = make_response(respond(status, code, str(exc),
                                         title=code.replace("_", " ").capitalize()))
        if isinstance(exc, Overloaded):  # no worker came free: say when to come back
            response.headers["Retry-After"] = str(exc.retry_after)
        return response
    return handle


def _http_error(exc: HTTPException) -> Response:
    """Flask's own HTTP errors (404, 405, 413, 500 ...) in the same two shapes."""
    status = exc.code or 500
    response = make_response(respond(status, (exc.name or "error").lower().replace(" ", "_"),
                                     exc.description or "", title=exc.name or "Error",
                                     suggestions=getattr(exc, "suggestions", [])))
    for name, value in exc.get_headers():  # e.g. Allow on a 405
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def respond(status: int, code: str, message: str, title: str,
            suggestions: list[dict[str, str]] | None = None) -> tuple[Response | str, int]:
    """JSON {"error", "status", "message"[, "did_you_mean"]} for the API; else the HTML page."""
    if wants_json():
        body: dict[str, object] = {"error": code, "status": status, "message": message}
        if suggestions:
            body["did_you_mean"] = suggestions
        return add_cors(jsonify(body)), status
    return render_template("error.html", status=status, title=title, message=message,
                           suggestions=suggestions or []), status
