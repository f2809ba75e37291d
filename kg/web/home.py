"""The home page and the query editor; the navigation values every page uses."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, render_template, request

from kg.counts import OCCASION, Facet
from kg.iri import prefix_lines
from kg.store import QueryError, QueryTimeout
from kg.store.formats import DOWNLOAD_FORMATS
from kg.web.db import get_counts, get_store, saved_queries
from kg.web.render import view

bp = Blueprint("home", __name__)

YASGUI_JS = Path("vendor") / "yasgui" / "yasgui.min.js"
# The editor's first query: every prefix the data uses (schema: is https://schema.org/),
# and each pair once.
DEFAULT_QUERY = prefix_lines() + """
SELECT DISTINCT ?a_label ?b_label WHERE {
  ?a kg:metWith ?b .
  ?a rdfs:label ?a_label . ?b rdfs:label ?b_label .
  FILTER(STR(?a_label) < STR(?b_label))
} ORDER BY ?a_label ?b_label LIMIT 100
"""
PREFIX = prefix_lines(["kg", "rdfs", "schema"])
# Meetings counted as kg.counts counts them (an event's encounters are one meeting).
BUSIEST = PREFIX + f"""SELECT ?agent_label (COUNT(DISTINCT ?entity) AS ?meetings) ?agent WHERE {{
  {OCCASION} ?m kg:participant ?agent . ?agent rdfs:label ?agent_label
}} GROUP BY ?agent ?agent_label ORDER BY DESC(?meetings) ?agent_label LIMIT 15"""


@bp.app_context_processor
def _nav() -> dict[str, object]:
    """Values every template may use (the navigation needs the saved-query list)."""
    return {"nav_queries": sorted(saved_queries().values(), key=lambda q: q.title)}


@bp.get("/")
def home() -> str:
    """What is in the graph, and where to go from here."""
    store = get_store()
    counts: list[tuple[Facet, int]] = []
    busiest, error = None, None
    try:
        counts = get_counts()
        busiest = view(store.select(BUSIEST))
    except (QueryError, QueryTimeout) as exc:
        error = str(exc)
    return render_template("home.html", info=store.info(), error=error, busiest=busiest,
                           downloads=DOWNLOAD_FORMATS,
                           counts=counts)


@bp.get("/editor")
def editor() -> str:
    """The YASGUI query editor on /sparql, served from local files (no CDN)."""
    static = Path(current_app.static_folder or "static")
    return render_template("editor.html", query=request.args.get("query", ""),
                           default_query=DEFAULT_QUERY, vendored=(static / YASGUI_JS).is_file())
