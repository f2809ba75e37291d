"""Who else was at a meeting: attendance and composition statements.

"X also attended the meeting", "X took part in the talks" add a party of its own; "the
meeting included A alongside B" adds each as a party. "The delegation was headed by A and
included B, C", "Moscow's delegation will be headed by A", "He will be joined by B" add
members to the side their group stands on. The discourse pass decides which meeting.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract import clauses
from kg.extract.agents import AgentReader
from kg.extract.frames import Agent, JoinFrame, Ref, Sentence
from kg.records import Mention

ALONGSIDE = {"alongside", "with", "and"}


class JoinRules:
    """Finds attendance and composition statements in a sentence."""

    def __init__(self, reader: AgentReader, cues: dict[str, frozenset[str]], is_meeting,
                 status) -> None:
        self.r, self.cues, self.is_meeting, self.status = reader, cues, is_meeting, status

    def find(self, span: Span, sent: Sentence) -> list[JoinFrame]:
        frames: list[JoinFrame] = []
        w = self.r.m.words
        cue = self.cues["attend_verbs"] | self.cues["composition_verbs"] | self.cues["lead_verbs"] \
            | self.cues["represent_verbs"] | self.cues["host_verbs"]
        for token in w.where(span, lambda i: w.pos[i] in ("VERB", "AUX") and w.lemma[i] in cue):
            lemma = token.lemma_.lower()
            if lemma in self.cues["attend_verbs"]:
                found = self._attend(token, sent)
            elif lemma in self.cues["composition_verbs"] | self.cues["lead_verbs"]:
                found = self._compose(token, sent)
            elif lemma in self.cues["represent_verbs"]:
                found = self._represent(token, sent)
            elif token.dep_ == "acl" and self.is_meeting(token.head):   # "The talks, hosted by X,"
                found = [JoinFrame(self._by(token), sent, token.i, "attend")] if self._by(token) else []
            else:
                continue
            for frame in found:
                frame.status = self.status(token)
            frames.extend(found)
        return frames

    def _attend(self, verb: Token, sent: Sentence) -> list[JoinFrame]:
        subj = clauses.subject(verb)
        if subj is None:
            return []
        by = self._by(verb)
        if by and self.is_meeting(subj):             # "The meeting was attended by A and B"
            return [JoinFrame(by, sent, verb.i, "attend")]
        if by:                                       # "He will be joined by Budanov"
            return [JoinFrame(by, sent, verb.i, "member", self.r.agents(subj))]
        objects = [c for c in verb.children if c.dep_ in ("dobj", "prep")]
        if verb.lemma_.lower() == "take" and not any(c.lower_ == "part" for c in objects):
            return []                                # "took part in", not "took measures"
        if not any(self.is_meeting(t) for o in objects for t in o.subtree):
            return []
        return [JoinFrame(self.r.agents(subj), sent, verb.i, "attend")]

    def _compose(self, verb: Token, sent: Sentence) -> list[JoinFrame]:
        subj = clauses.subject(verb) or (verb.head if verb.dep_ == "acl" else None)
        if subj is None:
            return []
        lemma = verb.lemma_.lower()
        if self.is_meeting(subj) and lemma in self.cues["composition_verbs"]:
            guests = [a for o in self._objects(verb) for a in self.r.agents(o, False)]
            return [JoinFrame(guests, sent, verb.i, "attend", parties=True)] if guests else []
        if not self.r.d.is_group(subj):
            return []
        members = self._by(verb) if lemma in self.cues["lead_verbs"] else \
            [a for o in self._objects(verb) for a in self.r.agents(o)] + self.r.listed_after(verb)
        members = [a for a in members if _person_like(a)]
        if not members:
            return []
        return [JoinFrame(members, sent, verb.i, "member", self.r.agents(subj))]

    def _represent(self, verb: Token, sent: Sentence) -> list[JoinFrame]:
        """"Russia will be represented by Igor Kostyukov": he stands on Russia's side."""
        subj = clauses.subject(verb)
        party = [a for a in self.r.agents(subj) if isinstance(a, Mention)
                 and a.kind in ("Country", "Organization")] if subj is not None else []
        members = [a for a in self._by(verb) if _person_like(a)]
        return [JoinFrame(members, sent, verb.i, "member", party)] if party and members else []

    def _by(self, verb: Token) -> list[Agent]:
        return [a for c in verb.children if c.dep_ == "agent" for o in c.children
                for a in self.r.agents(o)]

    def _objects(self, verb: Token) -> list[Token]:
        """"included A alongside B", "included members A, B and C": each party or member."""
        heads: list[Token] = []
        for child in verb.children:
            if child.dep_ in ("dobj", "attr"):
                heads.extend(clauses.phrase_heads(child))
                heads.extend(o for p in child.children if p.dep_ == "prep" and p.lower_ in ALONGSIDE
                             for o in p.children for o in clauses.phrase_heads(o))
            elif child.dep_ == "prep" and child.lower_ in ALONGSIDE:
                heads.extend(o for c in child.children for o in clauses.phrase_heads(c))
        return heads


def _person_like(agent: Agent) -> bool:
    """Members are people, named or described ("senior adviser Aryeh Lightstone", "he")."""
    if isinstance(agent, Mention):
        return agent.kind == "Person"
    return isinstance(agent, Ref) and agent.kind in ("role", "pronoun")
