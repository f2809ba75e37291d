"""Saved-query pages: `/queries`, `/queries.json`, `/queries/<name>` and its .json/.csv/.tsv.

A Datasette canned-query page: title, description, a GET form pre-filled with the defaults,
the results table, the query text and links to the same results in other formats.
Parameter values reach the store as typed terms (`kg.queries.bind`), never as query text.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for

from kg.queries import SavedQuery, bind
from kg.store.substitute import substitute
from kg.store import RESULT_FORMATS, Format, QueryError, QueryTimeout, Table
from kg.store.results import serialize_table
from kg.web import network
from kg.web.db import run_saved as run
from kg.web.db import saved_queries
from kg.web.http import TRUNCATED_HEADER
from kg.web.paging import page_of, requested
from kg.web.render import view

bp = Blueprint("queries", __name__)

# `/queries/<name>.json` (.xml, .csv, .tsv): the results formats of the table, by name.
DOWNLOADS = {fmt.name: fmt for fmt in RESULT_FORMATS}


def _lookup(name: str) -> SavedQuery:
    """The saved query called `name`, or 404."""
    query = saved_queries().get(name)
    if query is None:
        abort(404, description=f"There is no saved query called {name!r}.")
    return query


def form_values(query: SavedQuery) -> dict[str, str]:
    """The form's values: what the request gave, else the declared defaults."""
    return {p.name: request.args.get(p.name, p.default) for p in query.params}


@bp.get("/queries")
def index() -> str:
    """Every saved query, with its description and a link to its page."""
    return render_template("queries.html", queries=sorted(saved_queries().values(),
                                                          key=lambda q: q.title))


@bp.get("/queries.json")
def index_json() -> Response:
    """The saved queries described for programs: parameters, defaults and result URLs."""
    items = [_describe(q) for q in sorted(saved_queries().values(), key=lambda q: q.name)]
    return current_app.response_class(_dumps({"queries": items}), mimetype="application/json")


def _describe(query: SavedQuery) -> dict[str, object]:
    """One saved query as a JSON-friendly mapping."""
    urls = {ext: url_for("queries.page", name=f"{query.name}.{ext}", _external=True)
            for ext in DOWNLOADS}
    return {"name": query.name, "title": query.title, "description": query.description,
            "params": [{"name": p.name, "type": p.type, "label": p.label, "default": p.default}
                       for p in query.params],
            "limit": query.limit, "url": url_for("queries.page", name=query.name, _external=True),
            "results": urls, "sparql": query.text}


def _dumps(data: object) -> str:
    """Readable JSON (non-ASCII kept as is)."""
    import json

    return json.dumps(data, ensure_ascii=False, indent=2)


@bp.get("/queries/<name>")
def page(name: str) -> Response | tuple[str, int] | str:
    """A saved query's page, or its results as .json/.csv/.tsv when the name has that suffix."""
    stem, _, ext = name.rpartition(".")
    if stem and ext in DOWNLOADS:
        return _download(_lookup(stem), DOWNLOADS[ext])
    query = _lookup(name)
    values = form_values(query)
    table, error, status = None, None, 200
    try:
        table = run(query, values)
    except QueryError as exc:
        error, status = str(exc), 400
    except QueryTimeout as exc:
        error, status = f"The query took too long and was stopped: {exc}", 503
    pager = requested(len(table.rows) if table is not None else 0)
    shown = Table(table.columns, tuple(page_of(table.rows, pager)), table.truncated) if table else None
    return render_template(
        "query.html", query=query, values=values, error=error, pager=pager,
        table=view(shown) if shown is not None else None,
        graph=network.network(table) if table is not None else None,
        links={ext: url_for("queries.page", name=f"{query.name}.{ext}", **values)
               for ext in DOWNLOADS},
        editor_href=url_for("home.editor", query=editor_text(query, values)),
    ), status


def _download(query: SavedQuery, fmt: Format) -> Response:
    """The results in a machine format (errors: kg.web.errors answers with JSON)."""
    table = run(query, form_values(query))
    response = Response(serialize_table(table, fmt.name), content_type=fmt.content_type)
    if table.truncated:
        response.headers[TRUNCATED_HEADER] = "true"
    if fmt.name != "json":
        response.headers["Content-Disposition"] = f'inline; filename="{query.name}.{fmt.extension}"'
    return response


def editor_text(query: SavedQuery, values: dict[str, str]) -> str:
    """The query for the editor with the page's values written in as typed terms (by
    kg.store.substitute, which escapes them), so it runs as the page ran it."""
    try:
        bound = bind(query, values)
    except QueryError:
        bound = {}
    if not bound:
        return query.text
    said = ", ".join(f"{name} = {term.value!r}" for name, term in bound.items())
    return f"# Saved query {query.name} with {said}\n" + substitute(query.text, bound)
