"""Short-range references read within one sentence, for `kg.extract.agents`.

"Hamas said that it was ready ... and urged ...": "it" is an organization or country an
earlier subject of the same sentence names; "the delegation briefed Fidan on its talks",
"thanked Erdogan for Turkey's mediation and its role": "its" is the nearest organization or
country named before it. Never reached past the sentence (the discourse pass resolves
"he"/"they" across sentences). "US envoy Steve Witkoff and Jared Kushner": a name the
parser coordinated with a title's apposition is a second person.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from kg.extract.mentions import AGENT_KINDS, Mentions
from kg.records import Mention

if TYPE_CHECKING:
    from kg.extract.agents import AgentReader

NON_PERSONS = ("Organization", "Country")


def it_antecedent(reader: "AgentReader", token: Token) -> list[Mention]:
    """What "it" or "its" stands for within its sentence, else nothing."""
    for earlier in reversed(token.doc[token.sent.start:token.i]):
        named = reader.m.at(earlier)
        if token.lower_ == "its" and named is not None and named.kind in NON_PERSONS:
            return [reader.metonym(named)]
        if earlier.dep_ not in ("nsubj", "nsubjpass") or earlier.lower_ in ("it", "its"):
            continue
        found = [a for a in reader.agents(earlier) if isinstance(a, Mention) and a.kind in NON_PERSONS]
        if found:
            return found[:1]
    return []


def appos_conjuncts(mentions: Mentions, title: Token) -> list[Mention]:
    """The names coordinated with a title's apposition ("envoy A and B": B)."""
    return [m for c in title.children if c.dep_ == "appos" for t in c.conjuncts
            for m in [mentions.at(t)] if m is not None and m.kind in AGENT_KINDS]
