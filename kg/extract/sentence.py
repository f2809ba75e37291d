"""The per-sentence half of extraction: every rule reads one sentence and returns frames.

Rules run only where their cue words occur (most sentences have none) and only on lines
that state facts: captions give place facts only, page furniture (bylines, credits,
navigation) nothing.
"""
from __future__ import annotations

from spacy.tokens import Span

from kg.extract.agents import AgentReader
from kg.extract.datelines import dateline_containments
from kg.extract.demands import FOR_ONLY, DemandRules
from kg.extract.frames import ContainmentFrame, Frames, MeetingFrame, Sentence, ident
from kg.extract.joins import JoinRules
from kg.extract.mediation import MediationRules
from kg.extract.meetings import MeetingRules
from kg.extract.spans import line_of
from kg.extract.places import PLACE_NOUNS, PlaceRules
from kg.extract.roles import RoleRules


class SentenceRules:
    """All per-sentence rules of one document."""

    def __init__(self, reader: AgentReader) -> None:
        cues = reader.gaz.cues
        self.meetings = MeetingRules(reader, cues)
        self.joins = JoinRules(reader, cues, self.meetings.parts.is_noun, self.meetings.parts.status)
        self.demands = DemandRules(reader, cues)
        self.mediations = MediationRules(reader, cues)
        self.places = PlaceRules(reader, cues)
        self.roles = RoleRules(reader)
        self.topics = self.meetings.parts.topics
        self.m, self.gaz = reader.m, reader.gaz
        self.meeting_words = (cues["meet_verbs"] | cues["host_verbs"] | cues["visit_verbs"]
                              | cues["hold_verbs"] | cues["meeting_nouns"])
        self.join_words = (cues["attend_verbs"] | cues["composition_verbs"] | cues["lead_verbs"]
                           | cues["represent_verbs"] | cues["host_verbs"])
        self.demand_words = (cues["call_verbs"] | cues["need_verbs"] | cues["call_nouns"]
                             | set(FOR_ONLY))
        self.mediation_words = cues["mediation_nouns"] | cues["mediation_verbs"]
        self.topic_words = cues["topic_verbs"]

    def read(self, span: Span, index: int) -> Frames:
        """The frames one sentence gives."""
        line = line_of(span.doc, span.start_char)
        kind = line.kind if line is not None else "body"
        sent = Sentence(index, span.start_char, span.end_char, span.start, kind)
        frames = Frames()
        if kind == "skip":
            return frames
        frames.containments.extend(dateline_containments(span, sent, self.gaz))
        kinds = {m.kind for m in self.m.within(span)}
        words = self.m.words.of(span)
        if "Place" in kinds or words & PLACE_NOUNS:       # "the Swiss city" names no place
            frames.containments.extend(self.places.find(span, sent))
        if kind == "caption":
            return frames
        if "Person" in kinds:
            frames.roles.extend(self.roles.find(span, sent))
        if words & self.meeting_words:
            frames.meetings.extend(self.meetings.find(span, sent))
            frames.containments = [c for c in frames.containments
                                   if not _venue_of_talks(c, frames.meetings)]
        if words & self.join_words:
            frames.joins.extend(self.joins.find(span, sent))
        if words & self.topic_words:
            frames.topics.extend(self.topics.statements(span, sent))
        if words & self.demand_words:
            frames.demands.extend(self.demands.find(span, sent))
        if words & self.mediation_words:
            frames.mediations.extend(self.mediations.find(span, sent))
        return frames


def _venue_of_talks(containment: ContainmentFrame, meetings: list[MeetingFrame]) -> bool:
    """"Talks on the Rafah crossing in Cairo": Cairo is where the talks were held (the
    meeting's place), not where the crossing they were about lies."""
    return any(meeting.location is not None and ident(meeting.location) == ident(containment.container)
               and any(topic.entity is not None and ident(topic.entity) == ident(containment.place)
                       for topic in meeting.topics)
               for meeting in meetings)
