"""Meetings: who met whom, with status, place, date expression and topics.

Triggers are verbs ("met", "hosted", "held talks", "attended the meeting"), nouns
("Abdelatty's meeting with Landau", "talks with", "meeting between") and headline
compounds ("Türkiye–Hamas talks"). Participants are grouped in sides; pairs are made
only across sides, so "A and B met C" gives A–C and B–C but not A–B.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from kg.extract import clauses
from kg.extract.agents import AgentReader, is_possessor
from kg.extract.topics import TopicRules
from kg.records import Mention, Topic

DASHES = {"–", "—", "-", "/"}
NOT_JOINT = {"parallel", "separate", "respective"}
NEGATORS = {"refuse", "decline", "cancel", "postpone", "reject", "deny", "call off"}
FUTURE_AUX = {"will", "shall", "'ll"}
PLANNED_AMODS = {"planned", "upcoming", "expected", "proposed", "scheduled", "future"}
MISPARSED_OBJECTS = {"advcl", "npadvmod", "attr", "oprd", "dep"}
VENUE_PREPS = {"during", "at", "on", "in", "after", "before", "amid", "ahead"}


@dataclass
class MeetingDraft:
    """A meeting as found in one sentence; `when` is resolved against the article date later."""

    sides: list[list[Mention]]
    sent: Span
    status: str = "held"
    location: Mention | None = None
    when: str | None = None
    topics: list[Topic] = field(default_factory=list)

    def participants(self) -> set[str]:
        return {m.key or m.text for side in self.sides for m in side}


class MeetingRules:
    """Finds meetings sentence by sentence; `attend` rules join the latest meeting."""

    def __init__(self, reader: AgentReader, cues: dict[str, frozenset[str]]) -> None:
        self.r, self.m = reader, reader.m
        self.cues = cues
        self.verbs = cues["meet_verbs"] | cues["host_verbs"] | cues["visit_verbs"]
        self.nouns = cues["meeting_nouns"]
        self.topics = TopicRules(reader, cues)

    def find(self, sent: Span, earlier: list[MeetingDraft]) -> list[MeetingDraft]:
        drafts: list[MeetingDraft] = []
        used: set[int] = set()
        for token in sent:
            lemma = token.lemma_.lower()
            if token.pos_ in ("VERB", "AUX") and lemma in self.verbs:
                drafts.extend(self._verb(token, sent, used))
            elif token.pos_ in ("VERB", "AUX") and lemma in self.cues["hold_verbs"]:
                drafts.extend(self._hold(token, sent, used))
            elif token.pos_ in ("VERB", "AUX") and lemma in self.cues["attend_verbs"]:
                self._attend(token, earlier + drafts)
        for token in sent:
            if self._is_noun(token) and token.i not in used:
                drafts.extend(self._noun(token, sent))
        drafts = [d for d in drafts if len([s for s in d.sides if s]) >= 2]
        return drafts or self._adjacent(sent)

    def _adjacent(self, sent: Span) -> list[MeetingDraft]:
        """Headlines the parser gets wrong ("Qatar hosts Hamas leaders as truce talks
        resume"): a name, a meeting verb, a name, side by side. Headlines only (no final
        full stop): in running text the parse is trusted."""
        if sent.text.rstrip().endswith((".", "?", "!", "”", '"')):
            return []
        for token in sent:
            if token.lemma_.lower() not in self.verbs or token.i == sent.start:
                continue
            left = self.m.at(token.doc[token.i - 1])
            right = next((self.m.at(t) or self.m.country(t)
                          for t in token.doc[token.i + 1: min(token.i + 4, sent.end)]
                          if (self.m.at(t) or self.m.country(t)) and not is_possessor(t)), None)
            agents = ("Person", "Organization", "Country")
            if left and right and left.kind in agents and right.kind in agents \
                    and (left.key or left.text) != (right.key or right.text):
                return [MeetingDraft([[self.r.metonym(left)], [self.r.metonym(right)]], sent,
                                     self._status(token))]
        return []

    def _is_noun(self, token: Token) -> bool:
        return token.pos_ in ("NOUN", "PROPN") and (token.lower_ in self.nouns
                                                    or token.lemma_.lower() in self.nouns)

    # -- verbs ---------------------------------------------------------------------------
    def _verb(self, verb: Token, sent: Span, used: set[int]) -> list[MeetingDraft]:
        subj = clauses.subject(verb)
        if subj is None:
            return []
        objects = self._objects(verb)
        hosted = [c for c in verb.children if c.dep_ == "dobj" and self._is_noun(c)]
        if hosted and not objects:       # "hosted a summit attended by A, B and C"
            guests = self._attendees(hosted[0])
            used.add(hosted[0].i)
            if guests:
                draft = self._draft([self.r.agents(subj), *guests], verb, sent)
                draft.topics.extend(self.topics.of_noun(hosted[0]))
                return [draft]
        if verb.lemma_.lower() in self.cues["visit_verbs"]:
            objects = [m for m in objects if m.kind in ("Person", "Organization")]
        if objects:
            sides = [self.r.agents(subj), objects]
        else:
            sides = [self.r.agents(t, False) for t in clauses.phrase_heads(subj)]
        for child in verb.children:
            if self._is_noun(child):
                used.add(child.i)
        return [self._draft(sides, verb, sent)]

    def _objects(self, verb: Token) -> list[Mention]:
        found: list[Mention] = []
        for child in verb.children:
            if child.dep_ in ("dobj", "dative"):
                found.extend(self.r.agents(child) or self.r.owner_from_verb(child))
            elif child.dep_ == "prep" and child.lower_ == "with":
                found.extend(m for obj in child.children for m in self.r.agents(obj))
            elif child.dep_ in MISPARSED_OBJECTS and child.pos_ == "PROPN" and child.i > verb.i:
                found.extend(self.r.agents(child))   # "met ... chief Hassan Rashad" as advcl
        return found

    def _hold(self, verb: Token, sent: Span, used: set[int]) -> list[MeetingDraft]:
        nouns = [c for c in verb.children if c.dep_ == "dobj" and self._is_noun(c)]
        subj = clauses.subject(verb)
        if not nouns or subj is None or self._not_joint(nouns[0]):
            return []
        used.add(nouns[0].i)
        others = self._with(nouns[0])
        if others:
            sides = [self.r.agents(subj), others]
        else:
            sides = [self.r.agents(t, False) for t in clauses.phrase_heads(subj)]
        draft = self._draft(sides, verb, sent)
        draft.topics.extend(self.topics.of_noun(nouns[0]))
        return [draft]

    def _attend(self, verb: Token, earlier: list[MeetingDraft]) -> None:
        nouns = [c for c in verb.children if c.dep_ == "dobj" and self._is_noun(c)]
        subj = clauses.subject(verb)
        if nouns and subj is not None and earlier:
            joined = [m for m in self.r.agents(subj) if (m.key or m.text) not in
                      earlier[-1].participants()]
            if joined:
                earlier[-1].sides.append(joined)

    # -- nouns ---------------------------------------------------------------------------
    def _noun(self, noun: Token, sent: Span) -> list[MeetingDraft]:
        between = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "between"]
        if between and not self._not_joint(noun):
            sides = [self.r.agents(t, False) for obj in between[0].children
                     for t in clauses.phrase_heads(obj)]
            return [self._noun_draft(sides, noun, sent)]
        if self._not_joint(noun) or noun.dep_ in ("nsubj", "nsubjpass") and not self._with(noun):
            return self._dash(noun, sent)
        others = self._with(noun)
        first, verb = self.r.of_event_noun(noun, clauses.REPORT_VERBS)
        if verb is not None and not others and verb.lemma_.lower() in self.verbs:
            return []     # "During a visit to Cairo, Merz met ...": the verb says it all
        if verb is not None and first and not others and noun.head.lower_ in VENUE_PREPS \
                and not any(c.dep_ == "poss" for c in noun.children):
            others = self._venue_others(verb)
        if not others or not first:
            return self._dash(noun, sent)
        return [self._noun_draft([first, others], noun, sent)]

    def _attendees(self, noun: Token) -> list[list[Mention]]:
        """One side per attendee named in "attended by ..." or "between ..." of a meeting noun."""
        sides: list[list[Mention]] = []
        for child in noun.children:
            if child.dep_ == "acl" and child.lemma_ in self.cues["attend_verbs"]:
                for agent in (c for c in child.children if c.dep_ == "agent"):
                    for obj in agent.children:
                        sides.extend([m] for m in self.r.agents(obj))
            elif child.dep_ == "prep" and child.lower_ == "between":
                for obj in child.children:
                    sides.extend(self.r.agents(t, False) for t in clauses.phrase_heads(obj))
        return [s for s in sides if s]

    def _visit_place(self, verb: Token) -> Mention | None:
        """"During a visit to Cairo, Merz met ...": the place of the visit."""
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in VENUE_PREPS):
            for noun in (o for o in prep.children if self._is_noun(o)):
                place = clauses.location(list(noun.children), self.m, {"to"})
                if place is not None:
                    return place
        return None

    def _venue_others(self, verb: Token) -> list[Mention]:
        """"A urged B to reopen X during meetings": B is the other side."""
        for _ in range(3):
            others = [m for c in verb.children if c.dep_ in ("dobj", "dative")
                      for m in self.r.agents(c)]
            if others or verb.dep_ not in ("xcomp", "advcl", "conj"):
                return others
            verb = verb.head
        return []

    def _with(self, noun: Token) -> list[Mention]:
        """Agents after "with": the parsed object, else the last name before a break."""
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "with":
                objects = [m for obj in child.children for m in self.r.agents(obj)]
                return objects or self._scan_right(child)
        return []

    def _scan_right(self, prep: Token) -> list[Mention]:
        """Parses often lose the object of "with" in long titles: take the last name there."""
        found: list[Mention] = []
        for token in clauses.rest_of_sentence(prep):
            if token.is_punct or token.pos_ == "VERB":
                break
            mention = self.m.at(token)
            if mention and mention.kind in ("Person", "Organization", "Country"):
                found = [mention]
            elif self.m.country(token) and not found:
                found = [self.m.country(token)]
        return found

    def _dash(self, noun: Token, sent: Span) -> list[MeetingDraft]:
        """Headline compounds: "Türkiye–Hamas talks", "US-Israel meeting"."""
        sides: list[list[Mention]] = []
        doc, i = noun.doc, noun.i - 1
        while i >= sent.start:
            mention = self.m.at(doc[i])
            if mention is None or mention.kind not in ("Person", "Organization", "Country"):
                break
            sides.insert(0, [self.r.metonym(mention)])
            while i >= sent.start and self.m.at(doc[i]) is mention:
                i -= 1
            if i < sent.start or doc[i].text not in DASHES:
                break
            i -= 1
        if len(sides) < 2:
            return []
        return [self._noun_draft(sides, noun, sent)]

    def _not_joint(self, noun: Token) -> bool:
        return any(c.lower_ in NOT_JOINT for c in noun.children)

    # -- drafts --------------------------------------------------------------------------
    def _draft(self, sides: list[list[Mention]], verb: Token, sent: Span) -> MeetingDraft:
        tokens = clauses.clause_tokens(verb)
        place = clauses.location(tokens, self.m) or clauses.location(
            clauses.predicate_tokens(verb), self.m) or self._visit_place(verb)
        when = (clauses.date_text(tokens, self.m)
                or clauses.date_text(clauses.predicate_tokens(verb), self.m))
        draft = MeetingDraft(sides, sent, self._status(verb), place, when)
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        for child in [*verb.children, *(c for o in objects for c in o.children)]:
            if child.dep_ in ("advcl", "xcomp") and child.lemma_ in self.cues["topic_verbs"]:
                draft.topics.extend(self.topics.of_verb(child))
            if child.dep_ == "prep" and child.lower_ == "for":
                for noun in child.children:
                    draft.topics.extend(self.topics.of_noun(noun))
        return draft

    def _noun_draft(self, sides: list[list[Mention]], noun: Token, sent: Span) -> MeetingDraft:
        tokens = clauses.clause_tokens(noun)
        verb = clauses.governing_verb(noun)
        scope = clauses.clause_tokens(verb) if verb is not None else tokens
        status = self._status(noun)
        place = (clauses.location(list(noun.children), self.m) or clauses.location(scope, self.m)
                 or clauses.location(tokens, self.m))
        draft = MeetingDraft(sides, sent, status, place, clauses.date_text(scope, self.m))
        draft.topics.extend(self.topics.of_noun(noun))
        if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.lemma_ in self.cues["topic_verbs"]:
            draft.topics.extend(self.topics.of_verb(noun.head))   # "The meeting ... focused on X"
        return draft

    def _status(self, trigger: Token) -> str:
        chain = [trigger, *trigger.ancestors]
        if any(c.dep_ == "neg" for t in chain[:2] for c in t.children):
            return "negated"
        if any(t.lemma_.lower() in NEGATORS for t in chain[1:3]):
            return "negated"
        if any(c.lower_ in PLANNED_AMODS for c in trigger.children if c.dep_ == "amod"):
            return "planned"
        for token in chain:
            if token.lemma_.lower() in clauses.REPORT_VERBS:
                break
            if token.lemma_.lower() in self.cues["plan_heads"] and token.i != trigger.i:
                return "planned"
            if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in token.children):
                return "planned"
        return "held"
