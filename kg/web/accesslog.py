"""One log line per request: method, path, status, milliseconds, and the rows of a SPARQL
answer (WSGI middleware, so errors, static files and every blueprint are counted alike)."""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from kg.web.http import ROWS_HEADER

ROWS = ROWS_HEADER.lower()  # Werkzeug sends it as X-Kg-Rows

log = logging.getLogger("kg.access")
MAX_PATH = 300  # long query strings (SPARQL in GET) are cut in the log

__all__ = ["AccessLog"]


class AccessLog:
    """Wraps a WSGI app; logs `GET /queries/who-met-whom?topic=Rafah 200 12.3 ms`."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        started, status, rows = time.perf_counter(), ["-"], [""]

        def start(line: str, headers: list, exc_info: Any = None) -> Any:
            status[0] = line.split(" ", 1)[0]
            for name, value in headers:
                if name.lower() == ROWS:
                    rows[0] = f" rows={value}"
            return start_response(line, headers, exc_info)

        try:
            return self.app(environ, start)
        finally:
            path = environ.get("PATH_INFO", "")
            if environ.get("QUERY_STRING"):
                path += "?" + environ["QUERY_STRING"]
            if len(path) > MAX_PATH:
                path = path[:MAX_PATH] + "..."
            log.info("%s %s %s %.1f ms%s", environ.get("REQUEST_METHOD", "-"), path, status[0],
                     1000 * (time.perf_counter() - started), rows[0])
