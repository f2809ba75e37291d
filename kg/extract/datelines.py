"""Where a dateline's place lies: "ABU DHABI, United Arab Emirates (AFP) —", "RAMALLAH, West
Bank, Jan 9 (Reuters) -". A dateline names where the reporter filed, never a meeting's venue
(kg.extract.text cuts it off the story, and its names are not mentions), but its place parts
are an apposition like "Khartoum, Sudan": each lies in the next one.
"""
from __future__ import annotations

from spacy.tokens import Span

from kg.extract.frames import ContainmentFrame, Sentence
from kg.extract.mentions import PLACE_KINDS
from kg.extract.spans import line_of, source
from kg.extract.text import dateline_parts
from kg.gazetteer import Gazetteer
from kg.records import Mention


def dateline_containments(span: Span, sent: Sentence, gaz: Gazetteer) -> list[ContainmentFrame]:
    """The first place of the dateline that opens `span` in the next one, when the gazetteer
    knows both and does not put the first in another country."""
    line = line_of(span.doc, span.start_char)
    if line is None or not line.dateline or span.start_char != line.start:
        return []
    places: list[Mention] = []
    for offset, name in dateline_parts(source(span.doc, line.start, line.start + line.dateline)):
        start = line.start + offset
        known = gaz.known.get(gaz.by_name.get(name.lower(), ""))
        if known is not None and known.kind in PLACE_KINDS:
            places.append(Mention(start, start + len(name), known.label, known.kind, known.key))
        elif not places:                   # the filing place: a place by position, even when
            label = name.title() if name.isupper() else name     # the gazetteer lacks it
            places.append(Mention(start, start + len(name), label, "Place"))
        else:
            break                          # a date, an agency or a name we do not know
    if len(places) < 2 or places[0].kind != "Place":
        return []
    inner, outer = places[0], places[1]
    country = gaz.country_of(inner.key or "")
    if outer.kind == "Country" and country is not None and country != outer.key:
        return []
    return [ContainmentFrame(inner, outer, sent)]
