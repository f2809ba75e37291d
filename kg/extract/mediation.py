"""Mediation: "Türkiye's mediation and guarantor role", "mediators, Türkiye, Qatar and Egypt",
"the peace deal mediated by Donald Trump", "X brokered the truce"."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract import clauses
from kg.extract.agents import AgentReader
from kg.records import Mention

NOUN_LINKS = {"compound", "nmod", "amod", "conj"}
WHAT_PREPS = {"in", "of", "for", "on"}


@dataclass
class MediationDraft:
    mediator: Mention
    label: str
    party: Mention | None
    sent: Span


class MediationRules:
    """Finds mediators and what they mediate in a sentence."""

    def __init__(self, reader: AgentReader, cues: dict[str, frozenset[str]]) -> None:
        self.r, self.m, self.cues = reader, reader.m, cues

    def find(self, sent: Span) -> list[MediationDraft]:
        found: list[MediationDraft] = []
        for token in sent:
            lemma = token.lemma_.lower()
            if token.pos_ in ("NOUN", "PROPN") and (lemma in self.cues["mediation_nouns"]
                                                   or token.lower_ in self.cues["mediation_nouns"]):
                found.extend(self._noun(token, sent))
            elif token.pos_ == "VERB" and lemma in self.cues["mediation_verbs"]:
                found.extend(self._verb(token, sent))
        seen, unique = set(), []
        for draft in found:
            ident = (draft.mediator.key or draft.mediator.text, draft.label, draft.party)
            if ident not in seen:
                seen.add(ident)
                unique.append(draft)
        return unique

    def _noun(self, noun: Token, sent: Span) -> list[MediationDraft]:
        frame = [noun]
        while frame[-1].dep_ in NOUN_LINKS and frame[-1].head is not frame[-1]:
            frame.append(frame[-1].head)
        mediators = [m for t in frame for c in t.children if c.dep_ == "poss"
                     for m in self.r.agents(c)]
        mediators += [m for m in self.r.owner(noun) if m not in mediators]   # "Qatari mediators"
        mediators += self._acting_as(noun)
        mediators += [m for c in noun.children if c.dep_ == "appos" for m in self.r.agents(c)]
        mediators += self._listed_after(noun)
        if not mediators:
            return []
        label, parties = self._what(frame, sent)
        return [MediationDraft(m, label, p, sent) for m in mediators for p in parties or [None]]

    def _acting_as(self, noun: Token) -> list[Mention]:
        """"Turkey was ready to act as a guarantor": the subject of the verb "as" hangs on."""
        if noun.head.lower_ == "as" and noun.head.dep_ == "prep":
            subj = clauses.subject(noun.head.head)
            return self.r.agents(subj) if subj is not None else []
        return []

    def _listed_after(self, noun: Token) -> list[Mention]:
        """"mediators, Türkiye, Qatar, and Egypt": names listed right after the noun."""
        rest = clauses.rest_of_sentence(noun)
        if len(rest) < 2 or rest[0].text != ",":
            return []
        first = rest[1]
        mention = self.m.at(first)
        if mention is None or mention.kind not in ("Country", "Organization", "Person"):
            return []
        return self.r.agents(first)

    def _what(self, frame: list[Token], sent: Span) -> tuple[str, list[Mention]]:
        for token in frame:
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "between":
                    parties = [m for o in child.children for t in clauses.phrase_heads(o)
                               for m in self.r.agents(t, False)]
                    return "talks between " + ", ".join(p.text for p in parties), parties
                if child.dep_ == "prep" and child.lower_ in WHAT_PREPS:
                    for obj in child.children:
                        return clauses.phrase_text(obj), []
        return self._nearest_thing(frame[0], sent), []

    def _nearest_thing(self, noun: Token, sent: Span) -> str:
        things = [t for t in sent if t.lemma_.lower() in self.cues["mediated_things"]
                  and t.pos_ == "NOUN"]
        if not things:
            return "mediation"
        best = min(things, key=lambda t: abs(t.i - noun.i))
        return clauses.phrase_text(best)

    def _verb(self, verb: Token, sent: Span) -> list[MediationDraft]:
        agents = [c for c in verb.children if c.dep_ == "agent"]
        if verb.dep_ == "amod":      # "the US-brokered truce"
            mediators = [m for c in verb.children if c.dep_ in ("npadvmod", "compound", "nmod")
                         for m in self.r.agents(c)]
            what = verb.head
        elif agents:
            mediators = [m for a in agents for o in a.children for m in self.r.agents(o)]
            what = verb.head if verb.dep_ in ("acl", "relcl") else None
        else:
            subj = clauses.subject(verb)
            mediators = self.r.agents(subj) if subj is not None else []
            what = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if not mediators:
            return []
        between = [m for c in verb.children if c.dep_ == "prep" and c.lower_ == "between"
                   for o in c.children for t in clauses.phrase_heads(o) for m in self.r.agents(t, False)]
        if between and what is None:
            return [MediationDraft(m, "talks between " + " and ".join(p.text for p in between),
                                   p, sent) for m in mediators for p in between]
        parties = self.r.agents(what) if what is not None else []
        label = clauses.phrase_text(what) if what is not None else "mediation"
        if what is not None and not parties:
            label = " ".join([*(t.text for t in what.lefts if t.dep_ in ("compound", "amod")
                                and t.i != verb.i), what.text])
        return [MediationDraft(m, label.strip(), p, sent) for m in mediators
                for p in parties or [None]]
