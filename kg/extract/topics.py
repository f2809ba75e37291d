"""What meetings were about: "to discuss X", "talks on X", "The discussions focused on X"."""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from kg.extract import clauses
from kg.extract.agents import AgentReader
from kg.records import Topic

if TYPE_CHECKING:
    from kg.extract.meetings import MeetingDraft

TOPIC_PREPS = ("on", "about", "over", "regarding", "concerning")


class TopicRules:
    """Reads topics off meeting nouns, topic verbs and follow-up sentences."""

    def __init__(self, reader: AgentReader, cues: dict[str, frozenset[str]]) -> None:
        self.r, self.m, self.cues = reader, reader.m, cues

    def of_noun(self, noun: Token) -> list[Topic]:
        """"talks on the ceasefire", "a meeting that discussed aid"."""
        topics: list[Topic] = []
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in TOPIC_PREPS:
                for obj in child.children:
                    topics.extend(clauses.topics_of(obj, self.m))
            elif child.dep_ in ("acl", "relcl") and child.lemma_ in self.cues["topic_verbs"]:
                topics.extend(self.of_verb(child))
        return topics

    def of_verb(self, verb: Token) -> list[Topic]:
        """What a topic verb ("discuss", "focus on", "agreed to ...") names."""
        topics: list[Topic] = []
        for child in verb.children:
            if child.dep_ in ("dobj", "xcomp", "ccomp") and not child.is_punct:
                topics.extend(clauses.topics_of(child, self.m))
            elif child.dep_ == "prep" and child.lower_ in ("on", "upon", "about", "over"):
                for obj in child.children:
                    topics.extend(clauses.topics_of(obj, self.m))
        return topics

    def statement(self, sent: Span, last: MeetingDraft) -> list[Topic]:
        """"The discussions focused on ...", "the two sides agreed to ...", "Burhan and the
        crown prince discussed ...": what the last meeting was about."""
        topics: list[Topic] = []
        for token in sent:
            if token.lemma_.lower() not in self.cues["topic_verbs"]:
                continue
            subj = clauses.subject(token)
            if subj is None:
                continue
            about_meeting = subj.lemma_.lower() in self.cues["topic_subjects"] | {"talk"} or any(
                c.lower_ in ("two", "three", "both") for c in subj.children)   # "the two leaders"
            by_participant = {m.key or m.text for m in self.r.agents(subj)} & last.participants()
            if about_meeting or by_participant:
                topics.extend(self.of_verb(token))
        return topics
