"""Views that show patterns: where meetings happen (`/map`) and when each actor met
(`/timeline`). Both are drawn on the server as SVG (escaped by Jinja), offline: the map's
outline comes from the vendored world-atlas (kg.web.geo), coordinates from the background
graph. A meeting without a stated date is placed at its article's date, marked "reported".
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import Blueprint, render_template, request

from kg.counts import OCCASION
from kg.iri import prefix_lines
from kg.store import Term
from kg.web import geo
from kg.web.db import get_store
from kg.web.render import entity_href

bp = Blueprint("patterns", __name__)
_PREFIXES = prefix_lines(["kg", "rdfs", "skos", "schema", "prov", "dcterms"])
PLACES = _PREFIXES + f"""SELECT ?place ?label ?lat ?long (COUNT(DISTINCT ?entity) AS ?meetings) WHERE {{
  {OCCASION} ?m kg:location ?place .
  ?place rdfs:label ?label ; schema:latitude ?lat ; schema:longitude ?long .
}} GROUP BY ?place ?label ?lat ?long ORDER BY DESC(?meetings) ?label"""
# Each actor's meetings as they happened (not negated), with the stated or the article's date.
MEETINGS = _PREFIXES + f"""SELECT ?agent ?agent_label ?entity (SAMPLE(?name) AS ?label)
       (MIN(?stated) AS ?said) (MIN(?published) AS ?day) (SAMPLE(?planned) AS ?plan) ?who WHERE {{
  {OCCASION} ?m kg:participant ?agent . ?agent rdfs:label ?agent_label .
  FILTER NOT EXISTS {{ ?m kg:polarity kg:Negative }}
  OPTIONAL {{ ?entity rdfs:label ?name }}
  OPTIONAL {{ ?m kg:date ?stated }}
  OPTIONAL {{ ?m prov:wasDerivedFrom/dcterms:isPartOf/dcterms:date ?published }}
  BIND(EXISTS {{ ?m schema:eventStatus schema:EventScheduled }} AS ?planned)
  FILTER(COALESCE(?who, "") = "" || EXISTS {{ ?agent rdfs:label|skos:altLabel ?n .
         FILTER(CONTAINS(LCASE(STR(?n)), LCASE(?who))) }})
}} GROUP BY ?agent ?agent_label ?entity ?who"""
WIDTH, ROW, LEFT, TOP, MAX_ACTORS = 960, 34, 250, 30, 15


@dataclass(frozen=True)
class Dot:
    """One meeting on the map or the timeline, with what its tooltip and link say."""

    x: float
    y: float
    r: float
    label: str
    href: str | None
    reported: bool = False
    planned: bool = False


@bp.get("/map")
def map_page() -> str:
    """Meeting places on an offline outline, sized by the number of meetings held there."""
    rows = get_store().select(PLACES).rows
    places = [(float(r[2].value), float(r[3].value), r[1].value, int(r[4].value),
               entity_href(r[0].value)) for r in rows if r[2] is not None and r[3] is not None]
    most = max((p[3] for p in places), default=1)
    dots = [Dot(lon, -lat, 0.6 + 1.4 * (n / most) ** 0.5, f"{label}: {n} meeting{'s' * (n != 1)}",
                href) for lat, lon, label, n, href in places]
    return render_template("map.html", outline=geo.outline(),
                           box=geo.bounds([(p[0], p[1]) for p in places]), dots=dots,
                           places=places)


@bp.get("/timeline")
def timeline() -> str:
    """Each actor's meetings along time (the busiest first, or those matching ?who=)."""
    who = request.args.get("who", "").strip()
    rows = get_store().select(MEETINGS, {"who": Term.literal(who)} if who else None).rows
    actors: dict[str, tuple[str, list]] = {}
    for agent, agent_label, entity, label, said, day, plan in (r[:7] for r in rows):
        when = said or day
        if when is None:
            continue
        actors.setdefault(agent.value, (agent_label.value, []))[1].append(
            (dt.date.fromisoformat(when.value[:10]), label.value if label else "", entity.value,
             said is None, plan is not None and plan.value == "true"))
    chosen = sorted(actors.items(), key=lambda kv: (-len(kv[1][1]), kv[1][0]))[:MAX_ACTORS]
    days = [m[0] for _, (_, ms) in chosen for m in ms]
    return render_template("timeline.html", who=who, **_layout(chosen, days))


def _layout(chosen: list, days: list[dt.date]) -> dict[str, object]:
    """Rows, dots and date ticks of the timeline SVG."""
    first, last = (min(days), max(days)) if days else (dt.date.today(), dt.date.today())
    span = max((last - first).days, 1)
    x = lambda day: LEFT + 20 + (WIDTH - LEFT - 40) * (day - first).days / span  # noqa: E731
    rows, dots = [], []
    for i, (iri, (label, meetings)) in enumerate(chosen):
        y = TOP + ROW * i + ROW / 2
        rows.append({"label": label, "href": entity_href(iri), "y": y, "n": len(meetings)})
        for day, name, entity, reported, planned in sorted(meetings):
            note = " (date reported by the article)" if reported else ""
            dots.append(Dot(round(x(day), 1), y, 6, f"{day.isoformat()} · {name}{note}",
                            entity_href(entity), reported, planned))
    ticks = sorted({first, last} | {first + dt.timedelta(days=span * k // 4) for k in range(5)})
    return {"rows": rows, "dots": dots, "width": WIDTH, "height": TOP + ROW * max(len(rows), 1) + 40,
            "ticks": [{"x": round(x(t), 1), "label": t.isoformat()} for t in ticks], "left": LEFT}
