"""Human pages: home, saved queries (kg.web.saved), entity pages (kg.web.entities), editor.

`create_app` registers `bp`; registering it loads and validates `queries/*.rq`, so a broken
saved query stops start-up with its file name and the reason (`SavedQueryError`).
"""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, render_template, request
from flask.blueprints import BlueprintSetupState
from werkzeug.exceptions import HTTPException

from kg.queries import load_queries
from kg.iri import prefix_lines
from kg.store import QueryError, QueryTimeout
from kg.web import entities, saved
from kg.web.render import view

bp = Blueprint("pages", __name__)
bp.register_blueprint(saved.bp)
bp.register_blueprint(entities.bp)

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


@bp.record_once
def _load(state: BlueprintSetupState) -> None:
    """Validate every saved query now: a broken file must stop the server from starting."""
    folder = state.app.config.get("KG_QUERIES", "queries")
    state.app.extensions["kg_queries"] = load_queries(folder)


@bp.app_context_processor
def _nav() -> dict[str, object]:
    """Values every template may use (the navigation needs the saved-query list)."""
    return {"nav_queries": sorted(current_app.extensions.get("kg_queries", {}).values(),
                                  key=lambda q: q.title)}


@bp.errorhandler(404)
def _not_found(error: HTTPException) -> tuple[str, int]:
    """A readable 404 page for unknown saved queries and entities."""
    return render_template("error.html", error=error), 404


@bp.get("/")
def home() -> str:
    """What is in the graph, and where to go from here."""
    store = saved.store()
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
                           counts=[(name, counts.get(name, 0)) for name in CLASS_NAMES.values()])


@bp.get("/editor")
def editor() -> str:
    """The YASGUI query editor on /sparql, served from local files (no CDN)."""
    static = Path(current_app.static_folder or "static")
    return render_template("editor.html", query=request.args.get("query", ""),
                           vendored=(static / YASGUI_JS).is_file())
