"""Meetings told in one sentence: who met whom, with status, place, date expression, topics.

Triggers are verbs ("met", "hosted", "held talks"), nouns ("Abdelatty's meeting with
Landau", "talks with", "meeting between", "a joint news conference with") and headline
compounds ("Türkiye–Hamas talks"). Participants are grouped in sides; pairs are made only
across sides, so "A and B met C" gives A–C and B–C but not A–B. A meeting noun with no
participants of its own ("The meeting focused on ...") is an anaphoric frame: the
discourse pass adds what it says to the meeting it refers to.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract import clauses
from kg.extract.agents import AgentReader, dedupe, is_possessor
from kg.extract.frames import Agent, MeetingFrame, Sentence, ident
from kg.extract.meeting_parts import MeetingParts
from kg.extract.timing import ROUND_NOUNS
from kg.records import Mention

DASHES = {"–", "—", "-", "/"}
NOT_JOINT = {"parallel", "separate", "respective", "bilateral-only"}
MISPARSED_OBJECTS = {"advcl", "npadvmod", "attr", "oprd", "dep"}
VENUE_PREPS = {"during", "at", "on", "in", "after", "before", "amid", "ahead"}
AGENTS = ("Person", "Organization", "Country")


class MeetingRules:
    """Finds the meetings one sentence tells of."""

    def __init__(self, reader: AgentReader, cues: dict[str, frozenset[str]]) -> None:
        self.r, self.m, self.cues = reader, reader.m, cues
        self.verbs = cues["meet_verbs"] | cues["host_verbs"] | cues["visit_verbs"]
        self.parts = MeetingParts(reader, cues)

    def find(self, span: Span, sent: Sentence) -> list[MeetingFrame]:
        frames: list[MeetingFrame] = []
        used: set[int] = set()
        w, hold = self.m.words, self.cues["hold_verbs"]
        for token in w.where(span, lambda i: w.pos[i] in ("VERB", "AUX") and
                             (w.lemma[i] in self.verbs or w.lemma[i] in hold)):
            if token.lemma_.lower() in self.verbs:
                frames.extend(self._verb(token, sent, used))
            else:
                frames.extend(self._hold(token, sent, used))
        nouns = self.parts.nouns
        for token in w.where(span, lambda i: w.pos[i] in ("NOUN", "PROPN") and
                             (w.lower[i] in nouns or w.lemma[i] in nouns)):
            if token.i not in used:
                frames.extend(self._noun(token, span, sent))
        if not any(len(f.sides) >= 2 for f in frames):
            frames.extend(self._adjacent(span, sent))
        return frames

    # -- verbs ---------------------------------------------------------------------------
    def _verb(self, verb: Token, sent: Sentence, used: set[int]) -> list[MeetingFrame]:
        subj = clauses.subject(verb)
        if subj is None:
            return []
        for child in verb.children:
            if self.parts.is_noun(child):
                used.add(child.i)
        objects = self._objects(verb)
        hosted = [c for c in verb.children if c.dep_ == "dobj" and self.parts.is_noun(c)]
        if hosted and not objects:       # "hosted a summit attended by A, B and C"
            guests = self.parts.attendees(hosted[0])
            if guests:
                frame = self.parts.frame([self.r.agents(subj), *guests], verb, sent)
                frame.topics.extend(self.parts.topics.of_noun(hosted[0]))
                return [frame]
            if verb.lemma_.lower() in self.cues["host_verbs"]:
                return []     # "A and B offered to host the talks": hosts do not meet each other
        if verb.lemma_.lower() in self.cues["visit_verbs"]:
            objects = [m for m in objects if not isinstance(m, Mention) or m.kind in
                       ("Person", "Organization")]
        if objects:
            frame = self.parts.frame([self.r.agents(subj), objects], verb, sent)
            frame.subject_side = True
            return [frame]
        loose = [[a] for a in self.parts.along_with(verb)]
        frame = self.parts.frame(self.r.parties(subj) + loose, verb, sent,
                                 anaphoric=self.parts.refers_back(subj))
        frame.loose = {ident(s[0]) for s in loose}
        return [frame]

    def _objects(self, verb: Token) -> list[Agent]:
        found: list[Agent] = []
        for child in verb.children:
            if child.dep_ == "agent":         # "was received by Macron": the host
                found.extend(m for obj in child.children for m in self.r.agents(obj))
            if child.dep_ in ("dobj", "dative"):
                found.extend(self.r.agents(child) or self.r.owner_from_verb(child))
            elif child.dep_ == "prep" and child.lower_ == "with":
                found.extend(self.parts.with_objects(child))
            elif child.dep_ in MISPARSED_OBJECTS and child.pos_ == "PROPN" and child.i > verb.i:
                found.extend(self.r.agents(child))   # "met ... chief Hassan Rashad" as advcl
        return dedupe(found) or self._shifted_object(verb)

    def _shifted_object(self, verb: Token) -> list[Agent]:
        """"received today at the ministry in Riyadh the Foreign Secretary of the United
        Kingdom, Yvette Cooper" (the agencies' readout style): the object comes after the
        places, and the parser apposes it to the last place; people are not a place's
        apposition, so it is the object."""
        for token in verb.subtree:
            place = self.m.at(token.head)
            if token.dep_ == "appos" and token.i > verb.i and place is not None \
                    and place.kind == "Place" and self.m.at(token) is None:
                found = [a for a in self.r.agents(token)
                         if not isinstance(a, Mention) or a.kind in ("Person", "Organization")]
                if found:
                    return found
        return []

    def _hold(self, verb: Token, sent: Sentence, used: set[int]) -> list[MeetingFrame]:
        nouns = [n for c in verb.children if c.dep_ == "dobj" for n in [self.parts.event_noun(c)] if n]
        subj = clauses.subject(verb)
        if not nouns or subj is None or self.parts.not_joint(nouns[0]):
            return []
        used.add(nouns[0].i)
        others = self.parts.with_(nouns[0]) or [m for c in verb.children if c.dep_ == "prep"
                                                and c.lower_ == "with"
                                                for m in self.parts.with_objects(c)]
        loose = [] if others else [[a] for a in self.parts.along_with(verb)]
        sides = [self.r.agents(subj), others] if others else self.r.parties(subj) + loose
        frame = self.parts.frame(sides, verb, sent, anaphoric=self.parts.refers_back(subj))
        frame.loose = {ident(s[0]) for s in loose}
        frame.subject_side = bool(others)
        frame.topics.extend(self.parts.topics.of_noun(nouns[0]))
        return [frame]

    # -- nouns ---------------------------------------------------------------------------
    def _noun(self, noun: Token, span: Span, sent: Sentence) -> list[MeetingFrame]:
        between = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "between"]
        if not between and noun.dep_ in ("nsubj", "nsubjpass") and noun.head.pos_ in ("VERB", "AUX"):
            between = [c for c in noun.head.children   # "Talks were held ... between A and B"
                       if c.dep_ == "prep" and c.lower_ == "between"]
        if between and not self.parts.not_joint(noun):
            sides = [side for obj in between[0].children for side in self.r.parties(obj)]
            return [self.parts.noun_frame(sides, noun, sent)]
        if self.parts.not_joint(noun):
            return []
        others = self.parts.with_(noun)
        if noun.dep_ in ("nsubj", "nsubjpass") and not others:
            return self._dash(noun, span, sent) or self._format(noun, span, sent) \
                or [self.parts.noun_frame([], noun, sent)]
        first, verb = self.parts.first_side(noun)
        if verb is not None and not others and verb.lemma_.lower() in self.verbs:
            return []     # "During a visit to Cairo, Merz met ...": the verb says it all
        if verb is not None and first and not others and noun.head.lower_ in VENUE_PREPS \
                and not any(c.dep_ == "poss" for c in noun.children):
            others = self.parts.venue_others(verb)
        if not others or not first:
            return self._dash(noun, span, sent) or self._format(noun, span, sent) \
                or [self.parts.noun_frame([], noun, sent)]
        frame = self.parts.noun_frame([first, others], noun, sent)
        frame.subject_side = True
        return [frame]

    def _dash(self, noun: Token, span: Span, sent: Sentence) -> list[MeetingFrame]:
        """Headline compounds: "Türkiye–Hamas talks", "US-Israel meeting"."""
        sides: list[list[Agent]] = []
        doc, i = noun.doc, noun.i - 1
        while i >= span.start:
            mention = self.m.at(doc[i]) or self.m.country(doc[i])
            if mention is None or mention.kind not in AGENTS:
                break
            sides.insert(0, [self.r.metonym(mention)])
            while i >= span.start and (self.m.at(doc[i]) or self.m.country(doc[i])) == mention:
                i -= 1
            if i < span.start or doc[i].text not in DASHES:
                break
            i -= 1
        if len({ident(s[0]) for s in sides}) < 2:
            return []
        return [self.parts.noun_frame(sides, noun, sent)]

    def _format(self, noun: Token, span: Span, sent: Sentence) -> list[MeetingFrame]:
        """"talks will be held in the trilateral Russia-US-Ukraine format": the parties are
        the compound of the format noun the verb of the talks takes."""
        head = noun.head.head if noun.head.lower_ == "of" and noun.head.head.lower_ in ROUND_NOUNS \
            else noun                                     # "the next round of talks"
        if head.dep_ not in ("nsubj", "nsubjpass"):
            return []
        formats = [obj for prep in head.head.children if prep.dep_ == "prep"
                   for obj in prep.children if obj.lemma_.lower() in self.cues["format_nouns"]]
        for obj in formats:
            frames = self._dash(obj, span, sent)
            if frames:
                frames[0].trigger = noun.i
                return frames
        return []

    def _qualifies(self, token: Token) -> bool:
        """"Trump envoy": a person named before a role word owns the role, is not a party
        ("Hamas leaders" are Hamas)."""
        mention = self.m.at(token)
        if mention is None or mention.kind != "Person":
            return False
        nxt = token.i + 1
        while nxt < len(token.doc) and self.m.at(token.doc[nxt]) is self.m.at(token):
            nxt += 1
        return nxt < len(token.doc) and self.r.d.is_descriptor(token.doc[nxt])

    def _adjacent(self, span: Span, sent: Sentence) -> list[MeetingFrame]:
        """Headlines the parser gets wrong ("Qatar hosts Hamas leaders as truce talks
        resume"): a name, a meeting verb, a name, side by side. Headlines only (no final
        full stop): in running text the parse is trusted."""
        if span.text.rstrip().endswith((".", "?", "!", "”", '"')):
            return []
        w = self.m.words
        for token in w.where(span, lambda i: w.lemma[i] in self.verbs):
            if token.i == span.start:
                continue
            left = self.m.at(token.doc[token.i - 1])
            right = next((self.m.at(t) or self.m.country(t)
                          for t in token.doc[token.i + 1: min(token.i + 4, span.end)]
                          if (self.m.at(t) or self.m.country(t)) and not is_possessor(t)
                          and not self._qualifies(t)), None)
            if left and right and left.kind in AGENTS and right.kind in AGENTS \
                    and ident(left) != ident(right):
                return [MeetingFrame([[self.r.metonym(left)], [self.r.metonym(right)]], sent,
                                     token.i, self.parts.status(token))]
        return []
