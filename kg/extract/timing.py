"""When a meeting is, as the sentence tells it: held, planned or denied; before or after
another; an earlier round of the same talks.

Status comes from tense, modality and negation on the trigger and the verbs above it:
"will hold", "set to meet", "arrived ... for talks" are planned; "did not meet", "refused
to meet", "was not expected to meet" are negated (a denied plan is still not a meeting).
"""
from __future__ import annotations

from spacy.tokens import Token

from kg.extract import clauses
from kg.extract.mentions import Mentions

ROUND_NOUNS = {"round", "rounds", "series", "session", "sessions", "hours", "days", "day", "week",
               "weeks", "months"}
NEGATORS = {"refuse", "decline", "cancel", "postpone", "reject", "deny", "call off", "fail",
            "rule out", "scrap", "suspend"}
FUTURE_AUX = {"will", "shall", "'ll", "would"}
PLANNED_AMODS = {"planned", "upcoming", "expected", "proposed", "scheduled", "future", "next",
                 "forthcoming", "possible", "potential"}
SEQUENCE_PREPS = {"after", "before", "following", "since", "ahead"}
LATER = {"later", "afterwards", "afterward", "subsequently", "then", "next"}
EARLIER = {"previous", "earlier", "last", "past", "prior", "former", "preceding", "first"}
NUMBERS = {"one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10}


class Timing:
    """Status and sequence readings of meeting triggers."""

    def __init__(self, mentions: Mentions, cues: dict[str, frozenset[str]]) -> None:
        self.m, self.cues = mentions, cues

    def earlier(self, noun: Token) -> bool:
        """"two previous rounds of talks", "earlier talks": a past meeting of the parties."""
        heads = [noun, noun.head] if noun.head.lower_ == "of" else [noun]
        if noun.head.lower_ == "of" and noun.head.head.lower_ in ROUND_NOUNS:
            heads.append(noun.head.head)
        return any(c.lower_ in EARLIER for h in heads for c in h.children if c.dep_ == "amod")

    def later(self, verb: Token) -> bool:
        """"later held talks with", "then met": a further meeting, not the one just told."""
        return any(c.dep_ == "advmod" and c.lower_ in LATER for c in verb.children)

    def anchor_when(self, trigger: Token) -> str | None:
        """The date of the clause a sequenced meeting is told relative to ("The summit on
        Thursday came two days after ...")."""
        if not self.offset(trigger) or trigger.dep_ != "advcl":
            return None
        return clauses.date_text(clauses.clause_tokens(trigger.head), self.m)

    def offset(self, trigger: Token) -> int:
        """"came two days after A met B" -> -2: B's meeting was two days before the other."""
        for token in [trigger, *list(trigger.ancestors)[:3]]:
            for mark in (c for c in token.children if c.lower_ in ("after", "before")):
                units = [c for c in [*mark.children, *token.children] if c.lemma_ in ("day", "week")]
                for unit in units:
                    count = next((NUMBERS.get(c.lower_, int(c.text) if c.text.isdigit() else 0)
                                  for c in unit.children if c.dep_ == "nummod"), 0)
                    days = count * (7 if unit.lemma_ == "week" else 1)
                    return -days if mark.lower_ == "after" else days
        return 0

    def sequenced(self, trigger: Token) -> bool:
        """Told as the time reference of another event: "came two days after A met B"."""
        for token in [trigger, *list(trigger.ancestors)[:3]]:
            if any(c.dep_ in ("mark", "prep") and c.lower_ in SEQUENCE_PREPS
                   for c in token.children) and token.dep_ == "advcl":
                return True
            if token.dep_ in ("pcomp", "pobj") and token.head.lower_ in SEQUENCE_PREPS:
                return True
        return False

    def status(self, trigger: Token) -> str:
        chain = [trigger, *trigger.ancestors]
        if any(c.dep_ == "neg" for t in chain[:3] for c in t.children):
            return "negated"
        if any((_phrasal(t) in NEGATORS or t.lemma_.lower() in NEGATORS)
               and not _semicolon_between(trigger, t) for t in chain[1:3]):
            return "negated"                  # "calls off the meeting", "cancelled a meeting"
        rounds = [trigger.head.head] if trigger.head.lower_ == "of" and \
            trigger.head.head.lower_ in ROUND_NOUNS else []       # "the next round of talks"
        if any(c.lower_ in PLANNED_AMODS for t in [trigger, *rounds] for c in t.children
               if c.dep_ in ("amod", "advmod")):
            return "planned"
        for token in chain:
            if token.lemma_.lower() in clauses.REPORT_VERBS and token.i != trigger.i:
                break
            if token.lemma_.lower() in self.cues["plan_heads"] and token.i != trigger.i:
                return "planned"
            if any(c.dep_ in ("aux", "auxpass") and c.lower_ in FUTURE_AUX for c in token.children):
                return "planned"
            if token.tag_ == "VBD" and any(c.dep_ == "nsubj" for c in token.children):
                break        # "traveled to Amman, where he held talks": told as done
        return "held"


def _phrasal(verb: Token) -> str:
    """"calls off" -> "call off": the lemma with its particle."""
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), "")
    return f"{verb.lemma_.lower()} {particle}".strip()


def _semicolon_between(a: Token, b: Token) -> bool:
    """"Team meets mediators in Doha; Witkoff meeting postponed": the parser hangs the first
    clause on the second's verb, but a semicolon ends what that verb says."""
    low, high = sorted((a.i, b.i))
    return any(t.text == ";" for t in a.doc[low + 1:high])
