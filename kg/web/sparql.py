"""/sparql: the SPARQL 1.1 Protocol query operation (read-only), with content negotiation.

GET ?query=, POST form-encoded and POST application/sparql-query. default-graph-uri and
named-graph-uri name graphs of the dataset; one it does not hold is an empty graph (never
fetched). Without either, the default graph is the union of all graphs. Parameters must be
UTF-8 (else 400). Updates get 403, errors a JSON body: {"error": ..., "message": ...}.
The query form (and so the format family) is known only once the worker has parsed the
query, so both families are negotiated here and the worker picks.
"""
from __future__ import annotations

from urllib.parse import unquote_to_bytes

from flask import Blueprint, Response, request

from kg.store import GRAPH_FORMATS, RESULT_FORMATS, Job, QueryError, QueryForbidden
from kg.store.describe import convert_turtle, service_description
from kg.store.formats import by_name
from kg.web.db import get_store
from kg.web.errors import UnsupportedMediaType
from kg.web.http import (ROWS_HEADER, TRUNCATED_HEADER, acceptable, add_cors, negotiate,
                         public_url)

bp = Blueprint("sparql", __name__)
QUERY_TYPES = ("application/x-www-form-urlencoded", "application/sparql-query")


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    """Answer one protocol query, or describe the service when there is no query."""
    query = _read_query()
    if query is None:
        return _service_description()
    default, named = _dataset()
    results, graphs = acceptable(RESULT_FORMATS), acceptable(GRAPH_FORMATS)
    if results is None and graphs is None:
        negotiate("SELECT")  # raises NotAcceptable with the reason
    store = get_store()
    payload = store.protocol(Job("http", query, limit=store.max_rows,
                                 fmt=results.name if results else None,
                                 graph_fmt=graphs.name if graphs else None,
                                 default_graphs=default, named_graphs=named))
    response = Response(payload.body, content_type=by_name(payload.fmt).content_type)
    response.headers[TRUNCATED_HEADER] = "true" if payload.truncated else "false"
    response.headers[ROWS_HEADER] = str(payload.rows)
    response.vary.add("Accept")
    return response


def _read_query() -> str | None:
    """The query text from GET, form POST or direct POST; None when no query was sent.

    :raises QueryForbidden: an update was sent (any of the three ways).
    :raises QueryError: several queries, a bad body encoding, or an unsupported media type.
    """
    check_utf8(request.query_string)
    if "update" in request.args:
        raise QueryForbidden("updates are not accepted: this endpoint is read-only")
    queries = request.args.getlist("query")
    if request.method == "POST":
        queries += _post_queries()
    if len(queries) > 1:
        raise QueryError("send exactly one query (several 'query' values were given)")
    if not queries:
        return None
    if not queries[0].strip():
        raise QueryError("the query is empty")
    return queries[0]


def _post_queries() -> list[str]:
    """Queries carried in a POST body."""
    mimetype = request.mimetype
    if mimetype == "application/sparql-update":
        raise QueryForbidden("updates are not accepted: this endpoint is read-only")
    if mimetype == "application/x-www-form-urlencoded":
        check_utf8(request.get_data())
        if "update" in request.form:
            raise QueryForbidden("updates are not accepted: this endpoint is read-only")
        return request.form.getlist("query")
    if mimetype == "application/sparql-query":
        charset = request.mimetype_params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise QueryError(f"the query body must be UTF-8, not {charset}")
        try:
            return [request.get_data().decode("utf-8")]
        except UnicodeDecodeError:
            raise QueryError("the query body is not valid UTF-8") from None
    raise UnsupportedMediaType(f"POST the query as {' or '.join(QUERY_TYPES)}, "
                               f"not {mimetype or 'a body without Content-Type'}")


def _dataset() -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    """Protocol dataset: (default graphs, named graphs), None when not given."""
    default = tuple(request.values.getlist("default-graph-uri"))
    named = tuple(request.values.getlist("named-graph-uri"))
    if not default and not named:
        return None, None
    return default, named


def check_utf8(raw: bytes) -> None:
    """Refuse form-encoded text whose percent-escapes are not UTF-8 (Werkzeug would quietly
    turn them into U+FFFD and run a different query than the one sent).

    :raises QueryError: a parameter is not valid UTF-8.
    """
    if raw.isascii() and b"%" not in raw:
        return  # nothing to decode: the common case, checked without splitting
    for field in raw.replace(b";", b"&").split(b"&"):
        try:
            unquote_to_bytes(field.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError as exc:
            name = field.split(b"=", 1)[0].decode("ascii", "replace")
            raise QueryError(f"parameter {name!r} is not valid UTF-8 "
                             f"(byte 0x{exc.object[exc.start]:02X})") from None


def _service_description() -> Response:
    """The sd:Service description (Turtle unless the client asks for another RDF format)."""
    fmt = negotiate("DESCRIBE")
    text = service_description(public_url("sparql"), get_store().info())
    return Response(convert_turtle(text, fmt.name), content_type=fmt.content_type)


@bp.after_request
def _cors(response: Response) -> Response:
    """Let browser pages anywhere query us (no credentials: nothing here is private)."""
    return add_cors(response)
