"""The home page and the query editor; the navigation values every page uses."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, render_template, request

from kg.iri import prefix_lines
from kg.store import QueryError, QueryTimeout
from kg.store.formats import DOWNLOAD_FORMATS
from kg.web.db import get_store, saved_queries
from kg.web.render import view

bp = Blueprint("home", __name__)

YASGUI_JS = Path("vendor") / "yasgui" / "yasgui.min.js"
PREFIX = prefix_lines(["kg", "rdfs"])
COUNTS = PREFIX + """SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  VALUES ?class { kg:Person kg:Organization kg:Country kg:Place kg:Meeting kg:Demand kg:Article }
  ?s a ?class } GROUP BY ?class"""
BUSIEST = PREFIX + """SELECT ?agent_label (COUNT(DISTINCT ?meeting) AS ?meetings) ?agent WHERE {
  ?meeting a kg:Meeting ; kg:participant ?agent . ?agent rdfs:label ?agent_label
} GROUP BY ?agent ?agent_label ORDER BY DESC(?meetings) ?agent_label LIMIT 15"""
CLASS_NAMES = {"Person": "people", "Organization": "organisations", "Country": "countries",
               "Place": "places", "Meeting": "meetings", "Demand": "demands", "Article": "articles"}


@bp.app_context_processor
def _nav() -> dict[str, object]:
    """Values every template may use (the navigation needs the saved-query list)."""
    return {"nav_queries": sorted(saved_queries().values(), key=lambda q: q.title)}


@bp.get("/")
def home() -> str:
    """What is in the graph, and where to go from here."""
    store = get_store()
    counts: dict[str, int] = {}
    busiest, error = None, None
    try:
        for cls, n in store.select(COUNTS).rows:
            if cls is not None and n is not None:
                counts[CLASS_NAMES[cls.value.rsplit("#", 1)[-1]]] = int(n.value)
        busiest = view(store.select(BUSIEST))
    except (QueryError, QueryTimeout) as exc:
        error = str(exc)
    return render_template("home.html", info=store.info(), error=error, busiest=busiest,
                           downloads=DOWNLOAD_FORMATS,
                           counts=[(name, counts.get(name, 0)) for name in CLASS_NAMES.values()])


@bp.get("/editor")
def editor() -> str:
    """The YASGUI query editor on /sparql, served from local files (no CDN)."""
    static = Path(current_app.static_folder or "static")
    return render_template("editor.html", query=request.args.get("query", ""),
                           vendored=(static / YASGUI_JS).is_file())
