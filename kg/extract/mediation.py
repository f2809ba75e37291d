"""Mediation: "Türkiye's mediation and guarantor role", "mediators, Türkiye, Qatar and Egypt",
"the peace deal mediated by Donald Trump", "X brokered the truce", "U.S.-brokered talks",
"under Turkish and Qatari mediation"."""
from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract import clauses, labels
from kg.extract.agents import AgentReader
from kg.extract.frames import Agent, MediationFrame, Sentence, ident
from kg.extract.spans import source
from kg.records import Mention

NOUN_LINKS = {"compound", "nmod", "amod", "conj"}
WHAT_PREPS = {"in", "of", "for", "on", "between"}
HYPHENS = {"-", "–", "‑"}
ACT_VERBS = {"act", "serve", "remain", "function", "stand", "acting", "serving"}


def m_index(mention: Mention, doc) -> int:
    """The token index where a mention starts."""
    return next(t.i for t in doc if t.idx >= mention.start)


class MediationRules:
    """Finds mediators and what they mediate in a sentence."""

    def __init__(self, reader: AgentReader, cues: dict[str, frozenset[str]]) -> None:
        self.r, self.m, self.cues = reader, reader.m, cues

    def find(self, span: Span, sent: Sentence) -> list[MediationFrame]:
        found: list[MediationFrame] = []
        w, cue = self.m.words, self.cues["mediation_nouns"] | self.cues["mediation_verbs"]
        for token in w.where(span, lambda i: w.lemma[i] in cue or w.lower[i] in cue):
            lemma = token.lemma_.lower()
            if token.pos_ in ("NOUN", "PROPN") and (lemma in self.cues["mediation_nouns"]
                                                   or token.lower_ in self.cues["mediation_nouns"]):
                found.extend(self._noun(token, sent))
            elif lemma in self.cues["mediation_verbs"] and self._hyphen_mediator(token):
                found.extend(self._hyphenated(token, sent))
            elif lemma in self.cues["mediation_verbs"] and (token.pos_ == "VERB" or token.dep_ == "appos"):
                found.extend(self._verb(token, sent))      # appos: "Egypt, Qatar and Turkey mediate"
                                                           # tagged a noun apposed to the subject
        seen, unique = set(), []
        for frame in found:
            key = (tuple(ident(m) for m in frame.mediators), frame.label, frame.party)
            if key not in seen:
                seen.add(key)
                unique.append(frame)
        return unique

    def _hyphen_mediator(self, token: Token) -> Mention | None:
        """"U.S.-brokered", "US-mediated": the name right before the hyphen."""
        doc = token.doc
        if token.i < 2 or doc[token.i - 1].text not in HYPHENS:
            return None
        before = doc[token.i - 2]
        named = self.m.at(before) or self.m.country(before)
        if named is None or named.kind not in ("Country", "Organization", "Person"):
            return None
        return self.r.metonym(named)

    def _hyphenated(self, token: Token, sent: Sentence) -> list[MediationFrame]:
        """"U.S.-brokered talks": the mediator and the talks it mediates."""
        mediator = self._hyphen_mediator(token)
        what = token.head if token.head.pos_ in ("NOUN", "PROPN") else None
        label = labels.phrase_text(what) if what is not None else "mediation"
        span = token.doc[token.i - 2:token.i + 1]
        compound = source(token.doc, span.start_char, span.end_char)
        return [MediationFrame([mediator], label.replace(compound, "").strip() or label, None, sent)]

    def _noun(self, noun: Token, sent: Sentence) -> list[MediationFrame]:
        frame = [noun]
        while frame[-1].dep_ in NOUN_LINKS and frame[-1].head.i != frame[-1].i:
            frame.append(frame[-1].head)
        mediators = [m for t in frame for c in t.children if c.dep_ == "poss"
                     for m in self.r.agents(c)]
        mediators += [m for m in self.r.owner(noun) if m not in mediators]   # "Qatari mediators"
        mediators += self._acting_as(noun)
        mediators += [m for c in noun.children if c.dep_ == "appos" for m in self.r.agents(c)]
        mediators += self._listed_after(noun)
        mediators += self._among(noun) + self._own_pronoun(frame)
        if not mediators:
            return []
        mediators += self._noun_companions(frame, mediators)
        label, parties = self._what(frame, sent)
        return [MediationFrame([m], label, p, sent) for m in mediators for p in parties or [None]]

    def _acting_as(self, noun: Token) -> list[Agent]:
        """"Turkey was ready to act as a guarantor": the subject of the verb "as" hangs on."""
        head = noun.head if noun.head.dep_ != "conj" else noun.head.head
        if head.lower_ == "as" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            owned = [o for o in head.head.children if o.dep_ == "dobj"
                     and any(c.dep_ == "poss" for c in o.children)]
            if owned:                          # "praised Egypt's role as a mediator"
                return self._role_owner(owned[0])
            subj = clauses.subject(head.head)
            return self.r.agents(subj) if subj is not None else []
        if head.lower_ == "as" and head.dep_ == "prep" and head.head.dep_ == "dobj":
            return self._role_owner(head.head)
        return self._acting_as_surface(noun)

    def _role_owner(self, role: Token) -> list[Agent]:
        """"Türkiye would continue its efforts as a guarantor": "its" is the verb's subject;
        "praised Egypt's role as a mediator": the named owner (never the praising subject)."""
        owner = next((c for c in role.children if c.dep_ == "poss"), None)
        if owner is None:
            return []
        if owner.lower_ in ("its", "their") and role.head.pos_ in ("VERB", "AUX"):
            subj = clauses.subject(role.head)
            return [m for m in self.r.agents(subj) if isinstance(m, Mention)] if subj is not None else []
        return self.r.agents(owner)

    def _acting_as_surface(self, noun: Token) -> list[Agent]:
        """"Türkiye, Egypt, Qatar and the US act as both mediators": read off the surface
        when the parse loses the verb (it often tags "act" a noun)."""
        doc, i = noun.doc, noun.i - 1
        while i > 0 and doc[i].lower_ in ("both", "the", "a", "an", "key", "main", "joint"):
            i -= 1
        if doc[i].lower_ != "as" or i == 0 or doc[i - 1].lemma_.lower() not in ACT_VERBS:
            return []
        start = doc[i - 1].sent.start
        found = [m for m in self.m.within(doc[start:i - 1], {"Country", "Organization", "Person"})
                 if not any(c.dep_ == "case" for c in doc[m_index(m, doc)].children)]
        return [self.r.metonym(m) for m in found]

    def _among(self, noun: Token) -> list[Agent]:
        """"Türkiye is among the guarantors of the agreement": the subject of the verb."""
        head = noun.head
        if head.lower_ == "among" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            subj = clauses.subject(head.head)
            return self.r.agents(subj) if subj is not None else []
        return []

    def _own_pronoun(self, frame: list[Token]) -> list[Agent]:
        """"Qatar will continue its mediation efforts": "its" is the subject of the verb."""
        owned = any(c.dep_ == "poss" and c.lower_ in ("its", "their") for t in frame for c in t.children)
        verb = frame[-1].head if owned and frame[-1].dep_ == "dobj" else None   # not "thanked A
        if verb is None or verb.pos_ not in ("VERB", "AUX"):                    # for its role"
            return []
        subj = clauses.subject(verb)
        return [m for m in self.r.agents(subj) if isinstance(m, Mention)] if subj is not None else []

    def _noun_companions(self, frame: list[Token], mediators: list[Agent]) -> list[Agent]:
        """"A, together with B and C, is among the guarantors", "act as guarantors alongside
        D", "its mediation efforts, together with B": the companions mediate too."""
        verb = clauses.governing_verb(frame[0])
        subj = clauses.subject(verb) if verb is not None else None
        return self._companions([*frame, verb, subj], mediators)

    def _companions(self, holders: list[Token | None], mediators: list[Agent]) -> list[Agent]:
        """The agents named by "alongside X", "together with X", "along with X" on any of
        `holders`, other than the mediators already found."""
        found = [m for t in holders if t is not None for o in companion_objects(t)
                 for m in self.r.agents(o)]
        return [m for m in found if m not in mediators]

    def _listed_after(self, noun: Token) -> list[Agent]:
        """"mediators, Türkiye, Qatar, and Egypt": names listed right after the noun."""
        rest = clauses.rest_of_sentence(noun)
        if len(rest) < 2 or rest[0].text != ",":
            return []
        first = rest[1]
        mention = self.m.at(first)
        if mention is None or mention.kind not in ("Country", "Organization", "Person"):
            return []
        return self.r.agents(first)

    def _what(self, frame: list[Token], sent: Sentence) -> tuple[str, list[Mention]]:
        for token in frame:
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "between":
                    parties = [m for o in child.children for t in clauses.phrase_heads(o)
                               for m in self.r.agents(t, False) if isinstance(m, Mention)]
                    if not parties:                  # "between the two sides"
                        return " ".join(["talks between", *(labels.phrase_text(o) for o in child.children)]), []
                    return "talks between " + ", ".join(p.text for p in parties), parties
                if child.dep_ == "prep" and child.lower_ in WHAT_PREPS:
                    for obj in child.children:
                        return labels.phrase_text(obj), []
        return self._nearest_thing(frame[0]), []

    def _nearest_thing(self, noun: Token) -> str:
        things = [t for t in noun.sent if t.lemma_.lower() in self.cues["mediated_things"]
                  and t.pos_ == "NOUN"]
        if not things:
            return "mediation"
        best = min(things, key=lambda t: abs(t.i - noun.i))
        return labels.phrase_text(best)

    def _verb(self, verb: Token, sent: Sentence) -> list[MediationFrame]:
        agents = [c for c in verb.children if c.dep_ == "agent"]
        # appos: the small model's noun "mediate" after its subjects
        subj = verb.head if verb.dep_ == "appos" else clauses.subject(verb)
        if verb.dep_ == "amod":      # "the US-brokered truce"
            mediators = [m for c in verb.children if c.dep_ in ("npadvmod", "compound", "nmod")
                         for m in self.r.agents(c)]
            what = verb.head
        elif agents:
            mediators = [m for a in agents for o in a.children for m in self.r.agents(o)]
            what = verb.head if verb.dep_ in ("acl", "relcl") else None
        else:
            mediators = self.r.agents(subj) if subj is not None else []
            what = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if not mediators:
            return []
        mediators += self._companions([verb, subj], mediators)   # "A and B, along with C, mediated"
        between = [m for c in verb.children if c.dep_ == "prep" and c.lower_ == "between"
                   for o in c.children for t in clauses.phrase_heads(o) for m in self.r.agents(t, False)
                   if isinstance(m, Mention)]
        if between and what is None:
            return [MediationFrame([m], "talks between " + " and ".join(p.text for p in between),
                                   p, sent) for m in mediators for p in between]
        parties = [p for p in self.r.agents(what) if isinstance(p, Mention)] if what is not None else []
        label = labels.phrase_text(what) if what is not None else "mediation"
        if what is not None and not parties:
            label = " ".join([*(t.text for t in what.lefts if t.dep_ in ("compound", "amod")
                                and t.i != verb.i), what.text])
        return [MediationFrame([m], label.strip(), p, sent) for m in mediators
                for p in parties or [None]]


def companion_objects(token: Token) -> list[Token]:
    """The objects of "alongside X", "together with X", "along with X" on a token."""
    out: list[Token] = []
    for prep in (c for c in token.children if c.lower_ in ("alongside", "with", "along")):
        if prep.lower_ == "alongside" or prep.lower_ == "with" and any(
                c.lower_ in ("together", "along") for c in prep.children):
            out.extend(c for c in prep.children if c.dep_ == "pobj")
        elif prep.lower_ == "along":
            out.extend(o for w in prep.children if w.lower_ == "with" for o in w.children)
    return out
