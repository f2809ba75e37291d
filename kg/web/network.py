"""The who-met-whom network as data for the interactive view (static/network.js, cytoscape).

One node per participant, coloured by kind; one edge per pair, as wide as the number of
their meetings, carrying the topics, dates and the evidence (sentence, article, and the
link to the sentence's place in its article) that the view shows on hover and on click.
Only strings and numbers leave here; the page embeds them as JSON (never as markup).
"""
from __future__ import annotations

from typing import Any

from kg.store import Table, Term
from kg.web.render import base, entity_href

__all__ = ["KIND_COLOURS", "MAX_NODES", "network"]

PAIR = ("participant", "met_with")
MAX_NODES = 150
# Entity IRIs are kgr:{kind}/{slug} (docs/data-model.md); the colour key says which kind.
KIND_COLOURS = {"person": "#0b5cad", "organization": "#b8560b", "country": "#1f7a3a",
                "group": "#7a3fa0", "place": "#5b6573"}


def network(table: Table) -> dict[str, Any] | None:
    """Nodes and edges for a table with participant/met_with columns, or None if it has none."""
    col = {name: i for i, name in enumerate(table.columns)}
    if not set(PAIR) <= set(col) or not table.rows:
        return None
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for row in table.rows:
        a, b = row[col["participant"]], row[col["met_with"]]
        if a is None or b is None:
            continue
        for end, label in ((a, "participant_label"), (b, "met_with_label")):
            nodes.setdefault(end.value, _node(end.value, _text(row, col, label) or end.value))
        pair = tuple(sorted((a.value, b.value)))
        edge = edges.setdefault(pair, {"id": f"e{len(edges)}", "source": pair[0], "target": pair[1],
                                       "meetings": 0, "topics": [], "dates": [], "evidence": []})
        edge["meetings"] += 1
        for name, key in (("topics", "topics"), ("date", "dates")):
            for item in _text(row, col, name).split(", "):
                if item and item not in edge[key]:
                    edge[key].append(item)
        edge["evidence"].append(_evidence(row, col))
    if len(nodes) > MAX_NODES:
        return None
    return {"nodes": list(nodes.values()), "edges": list(edges.values()), "colours": KIND_COLOURS}


def _node(iri: str, label: str) -> dict[str, Any]:
    kind = iri[len(base()):].split("/", 1)[0] if iri.startswith(base()) else ""
    return {"id": iri, "label": label, "kind": kind, "colour": KIND_COLOURS.get(kind, "#5b6573"),
            "href": entity_href(iri)}


def _evidence(row: tuple[Term | None, ...], col: dict[str, int]) -> dict[str, Any]:
    """The sentence behind one row, with where to read it."""
    sentence = row[col["evidence"]] if "evidence" in col else None
    return {"text": _text(row, col, "evidence_label"), "article": _text(row, col, "article_label"),
            "date": _text(row, col, "date"), "href": entity_href(sentence.value) if sentence else None}


def _text(row: tuple[Term | None, ...], col: dict[str, int], name: str) -> str:
    """The value of column `name` in `row`, or "" when absent or unbound."""
    term = row[col[name]] if name in col else None
    return term.value if term is not None else ""
