"""The `kg_relations` spaCy component and its conversion to plain records.

The component reads every sentence with the per-sentence rules (`kg.extract.sentence`),
then runs one discourse pass over the article's frames (`kg.extract.discourse`).
`to_extraction` resolves date expressions against the article date and turns what was
found into `kg.records`, so no spaCy object leaves `kg.extract`. Evidence text is cut
from the article as written (the model read a punctuation-normalized copy of the same
length).
"""

import datetime as dt

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.agents import AgentReader
from kg.extract.dates import resolve_date
from kg.extract.discourse import Found, discourse
from kg.extract.event_model import Event
from kg.extract.frames import Frames, Sentence
from kg.extract.mentions import Mentions
from kg.extract.sentence import SentenceRules
from kg.gazetteer import Gazetteer, load as load_gazetteer
from kg.records import (
    Article, Containment, Demand, Evidence, Extraction, Mediation, Meeting, Post,
)

if not Doc.has_extension("kg_relations"):
    Doc.set_extension("kg_relations", default=None)


@Language.factory("kg_relations")
def make_relations(nlp: Language, name: str) -> "RelationFinder":
    """Rule-based relations over the parse; rules and cue words come from kg/data."""
    return RelationFinder()


class RelationFinder:
    """Sets `Doc._.kg_relations` to what the discourse pass found."""

    def __init__(self) -> None:
        self.gaz = load_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        reader, frames = read_frames(doc, self.gaz)
        doc._.kg_relations = discourse(doc, reader, frames)
        return doc


def read_frames(doc: Doc, gaz: Gazetteer) -> tuple[AgentReader, Frames]:
    """The per-sentence frames of a Doc, and the reader of its mentions."""
    reader = AgentReader(Mentions(doc, gaz), gaz)
    rules = SentenceRules(reader)
    frames = Frames()
    for index, span in enumerate(doc.sents):
        frames.extend(rules.read(span, index))
    return reader, frames


def _evidence(article: Article, sent: Sentence) -> Evidence:
    """The sentence as the article wrote it, without surrounding whitespace."""
    raw = article.text[sent.start:sent.end]
    start = sent.start + (len(raw) - len(raw.lstrip()))
    text = raw.strip()
    return Evidence(start, start + len(text), text)


def _dates(article: Article, events: list[Event]) -> dict[int, object]:
    """Each event's date: its own expression, else its offset from the event it is told
    relative to ("two days after ...")."""
    dates = {id(e): resolve_date(e.when, article.date, e.status == "planned") if e.when else None
             for e in events}
    for event in events:
        anchor = dates.get(id(event.anchor)) if event.anchor is not None else None
        if anchor is None and event.anchor_when:
            anchor = resolve_date(event.anchor_when, article.date)
        if dates[id(event)] is None and anchor is not None:
            dates[id(event)] = anchor + dt.timedelta(days=event.offset)
    return dates


def _meetings(article: Article, events: list[Event]) -> tuple[Meeting, ...]:
    out = []
    dates = _dates(article, events)
    for number, event in enumerate(events, start=1):
        when = dates[id(event)]
        support = tuple(_evidence(article, s) for s in event.sentences)
        for group in event.groups:
            sides = tuple(tuple(side) for side in group.resolved if side)
            topics = tuple(dict.fromkeys([*event.topics, *group.topics]))
            if len(sides) >= 2:
                out.append(Meeting(sides, topics, event.location, when, event.status,
                                   _evidence(article, group.sent), support, number))
    return tuple(out)


def to_extraction(article: Article, doc: Doc) -> Extraction:
    """Records for one article; dates resolve against the article's own date."""
    found: Found = doc._.kg_relations
    demands = tuple(
        Demand(caller, frame.label, tuple(dict.fromkeys(a for a in frame.about if a is not None)),
               addressee, _evidence(article, frame.sent))
        for caller, frame, addressee in found.demands)
    return Extraction(
        article=article, mentions=tuple(found.mentions), meetings=_meetings(article, found.events),
        demands=demands,
        mediations=tuple(Mediation(m, label, party, _evidence(article, sent))
                         for m, label, party, sent in found.mediations),
        containments=tuple(Containment(p, c, _evidence(article, sent))
                           for p, c, sent in found.containments),
        posts=tuple(Post(r.holder, r.post, r.organization, _evidence(article, r.sent))
                    for r in found.posts if r.organization is not None))


__all__ = ["RelationFinder", "read_frames", "to_extraction"]
