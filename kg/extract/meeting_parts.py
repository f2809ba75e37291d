"""The parts of a meeting frame: its nouns, the "with" side, status, place, date and topics.

Status comes from tense, modality and negation on the trigger and the verbs above it:
"will hold", "set to meet", "arrived ... for talks" are planned; "did not meet", "refused
to meet", "was not expected to meet" are negated (a denied plan is still not a meeting).
"""
from __future__ import annotations

from spacy.tokens import Token

from kg.extract import clauses
from kg.extract.agents import AgentReader, dedupe
from kg.extract.frames import Agent, MeetingFrame, Sentence
from kg.extract.mentions import PLACE_KINDS
from kg.extract.timing import ROUND_NOUNS, Timing
from kg.extract.topics import TopicRules

NOT_JOINT = {"parallel", "separate", "respective"}
ANAPHORIC_DETS = {"the", "this", "that", "these", "their", "its", "both", "such"}
DURING_PREPS = {"during", "at", "on", "amid", "in"}
SEQUENCE_VERBS = {"follow", "precede"}


class MeetingParts:
    """Readings shared by the verb and noun meeting rules."""

    def __init__(self, reader: AgentReader, cues: dict[str, frozenset[str]]) -> None:
        self.r, self.m, self.cues = reader, reader.m, cues
        self.nouns = cues["meeting_nouns"]
        self.topics = TopicRules(reader, cues)
        self.time = Timing(reader.m, cues)

    def is_noun(self, token: Token) -> bool:
        return token.pos_ in ("NOUN", "PROPN") and (token.lower_ in self.nouns
                                                    or token.lemma_.lower() in self.nouns)

    def event_noun(self, token: Token) -> Token | None:
        """The meeting noun an object names: "talks", "another round of peace talks"."""
        if self.is_noun(token):
            return token
        if token.lower_ in ROUND_NOUNS:
            for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
                for obj in prep.children:
                    if self.is_noun(obj):
                        return obj
        return None

    def not_joint(self, noun: Token) -> bool:
        """"held separate talks with A and B"; but "separate talks with Kinshasa" are joint."""
        with_object = any(c.dep_ == "prep" and c.lower_ in ("with", "between") for c in noun.children)
        return not with_object and any(c.lower_ in NOT_JOINT for c in noun.children)

    def refers_back(self, subj: Token) -> bool:
        """"The two sides", "both delegations": a subject naming parties told before."""
        return not self.m.at(subj) and subj.lemma_.lower() in ("side", "party", "delegation") \
            and any(c.lower_ in ("two", "both", "the", "three") for c in subj.children)

    def with_(self, noun: Token) -> list[Agent]:
        """Agents after "with": the parsed object, else the last name before a break."""
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "with":
                return self.with_objects(child)
        return []

    def with_objects(self, prep: Token) -> list[Agent]:
        """The parsed objects of "with", and the names the surface lists after it."""
        objects = [m for obj in prep.children for m in self.r.agents(obj)]
        return dedupe([*objects, *self.r.listed_after(prep)])

    def along_with(self, verb: Token) -> list[Agent]:
        """"A and B, along with C, met": C is another party."""
        found: list[Agent] = []
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "along"):
            for inner in (c for c in prep.children if c.lower_ == "with"):
                found.extend(m for obj in inner.children for m in self.r.agents(obj))
        return found

    def first_side(self, noun: Token) -> tuple[list[Agent], Token | None]:
        """Who holds the meeting a noun names: its possessor, the subject of its verb; for
        "said during a news conference with X", the speaker."""
        if noun.head.lower_ in DURING_PREPS and noun.head.dep_ == "prep":
            verb = noun.head.head
            subj = clauses.subject(verb) if verb.pos_ in ("VERB", "AUX") else None
            if subj is not None and not any(c.dep_ == "poss" for c in noun.children):
                return self.r.agents(subj), verb
        if noun.head.dep_ == "agent" and noun.head.head.lemma_.lower() in SEQUENCE_VERBS:
            earlier = clauses.subject(noun.head.head)   # "A's meeting with B was followed by
            if earlier is not None and self.is_noun(earlier):   # talks with C": A's talks
                return self.r.of_event_noun(earlier, clauses.REPORT_VERBS)
        return self.r.of_event_noun(noun, clauses.REPORT_VERBS)

    def venue_others(self, verb: Token) -> list[Agent]:
        """"A urged B to reopen X during meetings": B is the other side (of a verb that
        addresses someone: urge, press, tell, brief; not "thanked B during the talks")."""
        if not any(t.lemma_.lower() in self.cues["address_verbs"] for t in [verb, *verb.ancestors][:3]):
            return []
        for _ in range(3):
            others = [m for c in verb.children if c.dep_ in ("dobj", "dative")
                      for m in self.r.agents(c)]
            if others or verb.dep_ not in ("xcomp", "advcl", "conj"):
                return others
            verb = verb.head
        return []

    def attendees(self, noun: Token) -> list[list[Agent]]:
        """One side per attendee named in "attended by ..." or "between ..." of a meeting noun."""
        sides: list[list[Agent]] = []
        for child in noun.children:
            if child.dep_ == "acl" and child.lemma_ in self.cues["attend_verbs"]:
                for agent in (c for c in child.children if c.dep_ == "agent"):
                    for obj in agent.children:
                        sides.extend([m] for m in self.r.agents(obj))
            elif child.dep_ == "prep" and child.lower_ == "between":
                for obj in child.children:
                    sides.extend(self.r.agents(t, False) for t in clauses.phrase_heads(obj))
        return [s for s in sides if s]

    # -- frames --------------------------------------------------------------------------
    def frame(self, sides: list[list[Agent]], verb: Token, sent: Sentence,
              anaphoric: bool = False) -> MeetingFrame:
        tokens = clauses.clause_tokens(verb)
        place = clauses.location(tokens, self.m) or clauses.location(
            clauses.predicate_tokens(verb), self.m) or self._visit_place(verb) or \
            self._arrival_place(verb) or self._where(verb)
        when = (clauses.date_text(tokens, self.m)
                or clauses.date_text(clauses.predicate_tokens(verb), self.m))
        if verb.dep_ == "relcl" and any(c.lower_ == "where" for c in verb.children):
            named = self.m.at(verb.head)     # "traveled to Amman on Sunday, where he held talks"
            place = place or (named if named is not None and named.kind in PLACE_KINDS else None)
            outer = clauses.governing_verb(verb.head)
            when = when or (clauses.date_text(clauses.clause_tokens(outer), self.m) if outer else None)
        frame = MeetingFrame([s for s in sides if s], sent, verb.i, self.time.status(verb), place, when,
                             anaphoric=anaphoric, separate=self.time.sequenced(verb),
                             offset_days=self.time.offset(verb), later=self.time.later(verb),
                             anchor_when=self.time.anchor_when(verb))
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        for child in [*verb.children, *(c for o in objects for c in o.children)]:
            if child.dep_ in ("advcl", "xcomp", "acl") and child.lemma_ in self.cues["topic_verbs"]:
                frame.topics.extend(self.topics.of_verb(child))
            if child.dep_ == "prep" and child.lower_ in ("for", "about") or child.dep_ == "prep" \
                    and child.lower_ in ("on", "over") and verb.lemma_.lower() not in self.cues["meet_verbs"]:
                for noun in child.children:    # "met on the sidelines of ..." names no topic
                    frame.topics.extend(self.topics.of_noun(noun, bare=child.lower_ != "for"))
        return frame

    def noun_frame(self, sides: list[list[Agent]], noun: Token, sent: Sentence) -> MeetingFrame:
        tokens = clauses.clause_tokens(noun)
        verb = clauses.governing_verb(noun)
        scope = clauses.clause_tokens(verb) if verb is not None else tokens
        place = (clauses.location(list(noun.children), self.m) or clauses.location(scope, self.m)
                 or clauses.location(tokens, self.m))
        if place is None and verb is not None and verb.lemma_.lower() in self.cues["motion_verbs"]:
            place = clauses.location(scope, self.m, {"to", "in"})   # "travel to Doha for talks"
        sides = [s for s in sides if s]
        frame = MeetingFrame(sides, sent, noun.i, self.time.status(noun), place,
                             clauses.date_text(tokens, self.m) or clauses.date_text(scope, self.m),
                             anaphoric=not sides and self._definite(noun),
                             separate=self.time.sequenced(noun), offset_days=self.time.offset(noun),
                             anchor_when=self.time.anchor_when(noun),
                             links_calls=verb is not None and self._call_subject(verb),
                             earlier=not sides and self.time.earlier(noun), later=self.time.later(noun))
        frame.topics.extend(self.topics.of_noun(noun))
        if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.lemma_ in self.cues["topic_verbs"]:
            frame.topics.extend(self.topics.of_verb(noun.head))   # "The meeting ... focused on X"
        return frame

    def _definite(self, noun: Token) -> bool:
        return any(c.lower_ in ANAPHORIC_DETS for c in noun.children) or noun.head.lower_ in \
            ("during", "at") or any(c.dep_ == "poss" for c in noun.children)

    def _call_subject(self, verb: Token) -> bool:
        """"The call came during ...": the previous sentence's demands were made here."""
        subj = clauses.subject(verb)
        return subj is not None and subj.lemma_.lower() in self.cues["call_nouns"]

    def status(self, trigger: Token) -> str:
        return self.time.status(trigger)

    def _where(self, verb: Token) -> object:
        """"travel to Moscow, where he is expected to meet Putin": the place "where" names."""
        for token in [verb, *list(verb.ancestors)[:3]]:
            if token.dep_ == "relcl" and any(c.lower_ == "where" for c in token.children):
                place = self.m.at(token.head)
                return place if place is not None and place.kind in PLACE_KINDS else None
        return None

    def _arrival_place(self, verb: Token) -> object:
        """"arrived in Munich to hold meetings": the place the purpose clause's head names."""
        head = verb.head
        if verb.dep_ in ("xcomp", "advcl") and head.lemma_.lower() in self.cues["motion_verbs"]:
            return clauses.location([c for c in head.children if c.i < verb.i], self.m,
                                    {"in", "at", "to"})
        return None

    def _visit_place(self, verb: Token) -> object:
        """"During a visit to Cairo, Merz met ...": the place of the visit."""
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in DURING_PREPS):
            for noun in (o for o in prep.children if self.is_noun(o)):
                place = clauses.location(list(noun.children), self.m, {"to"})
                if place is not None:
                    return place
        return None

