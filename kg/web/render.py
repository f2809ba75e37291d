"""Turn result terms into what HTML pages show: text, a link, a hint; no markup is built here.

Templates do the markup (Jinja autoescapes every value), so article text such as
`<script>` is always shown, never run. Resource IRIs under the configured base link to
their entity pages; other IRIs are shown as prefixed names (`kg:Meeting`).
"""
from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from flask import current_app, url_for

from kg.iri import BASE
from kg.iri import PREFIXES as ALL_PREFIXES
from kg.store import Table, Term

DEFAULT_BASE = BASE
# kgr: is left out: resource IRIs link to their pages instead.
PREFIXES: dict[str, str] = {p: ns for p, ns in ALL_PREFIXES.items() if p != "kgr"}


@dataclass(frozen=True)
class Cell:
    """One value as shown: its text, an optional link and a tooltip (the full IRI or datatype)."""

    text: str
    href: str | None = None
    hint: str | None = None
    kind: str = "literal"


def base() -> str:
    """The resource base of this server's dataset (config `KG_BASE`)."""
    return str(current_app.config.get("KG_BASE") or DEFAULT_BASE)


def entity_href(iri: str) -> str | None:
    """The local page of a resource IRI, or None when the IRI is not under the base."""
    prefix = base()
    if not iri.startswith(prefix) or len(iri) == len(prefix):
        return None
    return url_for("entities.entity", key=iri[len(prefix):])


def short(iri: str) -> str:
    """A prefixed name (`kg:Meeting`, `kgr:person/x`) when a known namespace fits, else the IRI."""
    if iri.startswith(base()):
        return "kgr:" + iri[len(base()):]
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def cell(term: Term | None, label: str | None = None) -> Cell:
    """How one term is shown; `label` replaces the IRI text when known."""
    if term is None:
        return Cell("", kind="empty")
    if term.kind == "uri":
        href = entity_href(term.value)
        if href is None and term.value.startswith(("http://", "https://")) \
                and not any(term.value.startswith(ns) for ns in PREFIXES.values()):
            href = term.value
        return Cell(label or short(term.value), href, term.value, "uri")
    if term.kind == "bnode":
        return Cell("_:" + term.value, kind="bnode")
    hint = f"@{term.lang}" if term.lang else (short(term.datatype) if term.datatype else None)
    return Cell(term.value, hint=hint)


def heading(column: str) -> str:
    """A column name as a table heading: `participant_label` -> `participant`."""
    name = column[:-len("_label")] if column.endswith("_label") else column
    return name.replace("_", " ")


@dataclass(frozen=True)
class View:
    """A result table ready for a template: headings and rows of cells."""

    headings: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    truncated: bool


def view(table: Table, hidden: Collection[str] = ()) -> View:
    """Fold `x` into `x_label` (the label links to x's page) and drop `hidden` columns."""
    index = {name: i for i, name in enumerate(table.columns)}
    folded = {c[:-len("_label")] for c in table.columns if c.endswith("_label")} & set(index)
    shown = [c for c in table.columns if c not in hidden and c not in folded]
    rows = tuple(tuple(_cell_of(row, index, column) for column in shown) for row in table.rows)
    return View(tuple(heading(c) for c in shown), rows, table.truncated)


def _cell_of(row: Sequence[Term | None], index: dict[str, int], column: str) -> Cell:
    """The cell for `column`; a label column borrows the link of its resource column."""
    term = row[index[column]]
    stem = column[:-len("_label")] if column.endswith("_label") else None
    if stem in index and term is not None:
        target = row[index[stem]]
        if target is not None and target.kind == "uri":
            return cell(target, term.value)
    return cell(term)
