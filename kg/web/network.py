"""Draw who-met-whom answers as a small network picture (inline SVG, no JavaScript).

Nodes are the participants, placed on a circle; one edge per pair, labelled with the
topics and dates of their meetings. Only coordinates and strings are computed here: the
template writes the SVG, so every label is escaped by Jinja like any other text.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from kg.store import Table, Term
from kg.web.render import entity_href

WIDTH, HEIGHT, MARGIN = 720, 460, 90
PAIR = ("participant", "met_with")
MAX_NODES = 40


@dataclass(frozen=True)
class Node:
    """A participant: its label, page link and position."""

    label: str
    href: str | None
    x: float
    y: float


@dataclass(frozen=True)
class Edge:
    """A met-with pair: endpoints, the label's anchor and its lines (topic · date)."""

    x1: float
    y1: float
    x2: float
    y2: float
    lx: float
    ly: float
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Picture:
    """What the SVG template needs."""

    width: int
    height: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


def draw(table: Table) -> Picture | None:
    """The picture for a table with participant/met_with columns, or None if it has none."""
    col = {name: i for i, name in enumerate(table.columns)}
    if not set(PAIR) <= set(col) or not table.rows:
        return None
    labels: dict[str, str] = {}
    pairs: dict[tuple[str, str], list[str]] = {}
    for row in table.rows:
        a, b = row[col["participant"]], row[col["met_with"]]
        if a is None or b is None:
            continue
        for end, name in ((a, "participant_label"), (b, "met_with_label")):
            labels.setdefault(end.value, _text(row, col, name) or end.value)
        note = " · ".join(x for x in (_text(row, col, "topics"), _text(row, col, "date")) if x)
        notes = pairs.setdefault(tuple(sorted((a.value, b.value))), [])
        if note and note not in notes:
            notes.append(note)
    return _layout(labels, pairs) if 0 < len(labels) <= MAX_NODES else None


def _text(row: tuple[Term | None, ...], col: dict[str, int], name: str) -> str:
    """The value of column `name` in `row`, or "" when absent or unbound."""
    term = row[col[name]] if name in col else None
    return term.value if term is not None else ""


def _layout(labels: dict[str, str], pairs: dict[tuple[str, str], list[str]]) -> Picture:
    """Place nodes on a circle (sorted by label, so the picture is stable) and label edges."""
    order = sorted(labels, key=lambda iri: labels[iri].lower())
    cx, cy = WIDTH / 2, HEIGHT / 2
    radius = min(cx, cy) - MARGIN + 30
    where: dict[str, tuple[float, float]] = {}
    for i, iri in enumerate(order):
        angle = -math.pi / 2 + 2 * math.pi * i / len(order)
        where[iri] = (round(cx + radius * math.cos(angle), 1), round(cy + radius * math.sin(angle), 1))
    nodes = tuple(Node(labels[iri], entity_href(iri), *where[iri]) for iri in order)
    edges = []
    for (a, b), notes in sorted(pairs.items()):
        (x1, y1), (x2, y2) = where[a], where[b]
        lines = tuple(notes[:3]) + ((f"+{len(notes) - 3} more",) if len(notes) > 3 else ())
        edges.append(Edge(x1, y1, x2, y2, round((x1 + x2) / 2, 1), round((y1 + y2) / 2, 1), lines))
    return Picture(WIDTH, HEIGHT, nodes, tuple(edges))
