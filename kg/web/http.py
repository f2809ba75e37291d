"""HTTP helpers the views share: content negotiation over the format table, CORS, and this
service's own URLs (from configuration, never from the request's Host header)."""
from __future__ import annotations

from functools import cache, lru_cache

from flask import Response, current_app, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from kg.store import GRAPH_FORMATS, RESULT_FORMATS, Format, NotAcceptable
from kg.store.formats import find

__all__ = ["ROWS_HEADER", "TRUNCATED_HEADER", "acceptable", "add_cors", "negotiate", "public_url"]

ROWS_HEADER = "X-KG-Rows"            # rows in a /sparql answer (also in the access log line)
TRUNCATED_HEADER = "X-KG-Truncated"  # "true" when the answer was cut at the row cap
CORS_HEADERS = (("Access-Control-Allow-Origin", "*"),
                ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                ("Access-Control-Allow-Headers", "Accept, Content-Type"),
                ("Access-Control-Expose-Headers", f"{TRUNCATED_HEADER}, {ROWS_HEADER}"),
                ("Access-Control-Max-Age", "86400"))


def negotiate(form: str) -> Format:
    """The format for a query of `form` from ?format= or the Accept header (q-values honoured).

    :raises NotAcceptable: nothing the client accepts fits this query form.
    """
    formats = RESULT_FORMATS if form in ("SELECT", "ASK") else GRAPH_FORMATS
    fmt = acceptable(formats)
    if fmt is not None:
        return fmt
    wanted = request.values.getlist("format")
    if wanted:
        raise NotAcceptable(f"format {wanted[0]!r} does not fit a {form} query; "
                            f"use one of {', '.join(f.name for f in formats)}")
    raise NotAcceptable(f"none of the accepted types fit a {form} query; supported: "
                        f"{', '.join(f.media_type for f in formats)}")


def acceptable(formats: tuple[Format, ...]) -> Format | None:
    """The first ?format= value naming one of `formats` (clients such as SPARQLWrapper send
    several), else the best Accept match; None when the client accepts none of them."""
    wanted = request.values.getlist("format")
    if wanted:
        return next((fmt for fmt in (find(formats, name) for name in wanted) if fmt), None)
    return _best_match(formats, request.headers.get("Accept", ""))


@lru_cache(maxsize=512)
def _best_match(formats: tuple[Format, ...], accept: str) -> Format | None:
    """The best of `formats` for an Accept header value (q-values honoured): clients send the
    same few headers again and again, and matching costs more than the rest of a small query."""
    accepted = parse_accept_header(accept, MIMEAccept)
    if not accepted:
        return formats[0]
    offered, types = _offered(formats)
    best = accepted.best_match(types)
    return offered[best] if best is not None else None


@cache
def _offered(formats: tuple[Format, ...]) -> tuple[dict[str, Format], tuple[str, ...]]:
    """Media type -> format for `formats` (aliases that are media types too), and its keys
    in order: built once per format family, not per request."""
    offered = {t: f for f in formats for t in (f.media_type, *(a for a in f.aliases if "/" in a))}
    return offered, tuple(offered)


def public_url(path: str = "") -> str:
    """An absolute URL of this service from configuration (KG_PUBLIC_URL, else the address
    it serves on), never from the request's Host header, which any client can set."""
    base = current_app.config.get("KG_PUBLIC_URL") or \
        f"http://{current_app.config['KG_HOST']}:{current_app.config['KG_PORT']}/"
    return str(base).rstrip("/") + "/" + path.lstrip("/")


def add_cors(response: Response) -> Response:
    """CORS headers for a public read-only resource, including preflight answers."""
    if CORS_HEADERS[0][0] not in response.headers:  # an error page may have them already
        response.headers.extend(CORS_HEADERS)
    return response
