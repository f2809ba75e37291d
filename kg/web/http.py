"""HTTP helpers the views share: content negotiation over the format table, and CORS."""
from __future__ import annotations

from flask import Response, request

from kg.store import GRAPH_FORMATS, RESULT_FORMATS, Format, NotAcceptable
from kg.store.formats import find

__all__ = ["add_cors", "negotiate"]


def negotiate(form: str) -> Format:
    """The format for a query of `form` from ?format= or the Accept header (q-values honoured).

    :raises NotAcceptable: nothing the client accepts fits this query form.
    """
    formats = RESULT_FORMATS if form in ("SELECT", "ASK") else GRAPH_FORMATS
    wanted = request.values.get("format")
    if wanted:
        fmt = find(formats, wanted)
        if fmt is None:
            raise NotAcceptable(f"format {wanted!r} does not fit a {form} query; "
                                f"use one of {', '.join(f.name for f in formats)}")
        return fmt
    if not request.accept_mimetypes:
        return formats[0]
    offered = {t: f for f in formats for t in (f.media_type, *(a for a in f.aliases if "/" in a))}
    best = request.accept_mimetypes.best_match(list(offered))
    if best is None:
        raise NotAcceptable(f"none of the accepted types fit a {form} query; supported: "
                            f"{', '.join(f.media_type for f in formats)}")
    return offered[best]


def add_cors(response: Response) -> Response:
    """CORS headers for a public read-only resource, including preflight answers."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
    response.headers["Access-Control-Expose-Headers"] = "X-KG-Truncated, X-KG-Rows"
    response.headers["Access-Control-Max-Age"] = "86400"
    return response
