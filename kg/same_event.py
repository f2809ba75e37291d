"""One event across articles: the corpus-wide stage that links reports of the same meeting.

Several outlets report one meeting ("Kalin met al-Hayya in Istanbul on Saturday"). Each
article's graph keeps what that article said; this stage finds the article events that
tell of the same meeting (same status, at least two participants in common, compatible
dates and places, in different articles) so that the graph can link each article's
meetings to one shared event that lists every reporting article.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kg.records import Extraction, Meeting

EventId = tuple[str, int]            # (article id, event number within the article)


@dataclass(frozen=True)
class Report:
    """What one article says of one event, reduced to what identifies a meeting."""

    event: EventId
    status: str
    participants: frozenset[str]
    date: object
    place: str | None


def reports(extractions: Sequence[Extraction]) -> list[Report]:
    """One report per article event (meetings of one event number grouped)."""
    out = []
    for extraction in extractions:
        grouped: dict[int, list[Meeting]] = {}
        for meeting in extraction.meetings:
            if meeting.event:
                grouped.setdefault(meeting.event, []).append(meeting)
        for number, told in grouped.items():
            keys = frozenset(str(m.key) for meeting in told for side in meeting.sides for m in side)
            first = told[0]
            place = str(first.location.key) if first.location is not None else None
            out.append(Report((extraction.article.doc_id, number), first.status, keys,
                              first.date, place))
    return out


def same_events(extractions: Sequence[Extraction]) -> dict[EventId, list[EventId]]:
    """Each article event reported by more than one article -> the article events of its
    group (sorted; the first names the shared event)."""
    found = reports(extractions)
    parent = {r.event: r.event for r in found}

    def root(event: EventId) -> EventId:
        while parent[event] != event:
            parent[event] = parent[parent[event]]
            event = parent[event]
        return event

    for i, a in enumerate(found):
        for b in found[i + 1:]:
            if a.event[0] != b.event[0] and _compatible(a, b):
                parent[root(b.event)] = root(a.event)
    groups: dict[EventId, list[EventId]] = {}
    for report in found:
        groups.setdefault(root(report.event), []).append(report.event)
    out: dict[EventId, list[EventId]] = {}
    for members in groups.values():
        if len({doc for doc, _ in members}) > 1:
            for member in members:
                out[member] = sorted(members)
    return out


def _compatible(a: Report, b: Report) -> bool:
    """Same status, two participants in common, no conflicting date or place."""
    if a.status != b.status or len(a.participants & b.participants) < 2:
        return False
    if a.date is not None and b.date is not None and a.date != b.date:
        return False
    return a.place is None or b.place is None or a.place == b.place
