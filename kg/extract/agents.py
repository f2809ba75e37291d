"""Which agents a noun phrase stands for.

News rarely names every participant: "a delegation from Hamas led by Khalil al-Hayya"
stands for Hamas and al-Hayya, "Egyptian officials" for Egypt, "Qatar's Prime Minister"
for Qatar, "Ankara's mediation" for Türkiye and "he" for the last person named as a
subject. Every relation rule reads its subjects and objects through `AgentReader`, so
they all agree on these readings.
"""
from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Token

from kg.extract import clauses
from kg.extract.gazetteer import Gazetteer
from kg.extract.mentions import AGENT_KINDS, PRONOUNS, Mentions
from kg.records import Mention

LEAD_VERBS = {"lead", "head", "chair"}
MEMBER_PREPS = {"including"}
OWNER_PREPS = {"from", "of"}


def conjuncts(token: Token) -> list[Token]:
    """The token and the heads coordinated with it ("Türkiye, Qatar and Egypt")."""
    return [token, *token.conjuncts] if token.dep_ != "conj" else [token]


def is_possessor(token: Token) -> bool:
    """"Trump" in "Trump's son-in-law" names an owner, not a participant."""
    return any(c.dep_ == "case" for c in token.children) or token.dep_ == "poss"


class AgentReader:
    """Reads agents out of noun phrases of one Doc."""

    def __init__(self, mentions: Mentions, gaz: Gazetteer) -> None:
        self.m, self.gaz = mentions, gaz
        self.office_heads = {o.split()[-1] for o in gaz.offices}
        self.group_heads = set(gaz.collectives) | self.office_heads
        self.subjects: list[tuple[int, Mention]] = []
        for token in mentions.doc:
            mention = mentions.at(token)
            if mention and mention.kind == "Person" and token.dep_ in ("nsubj", "nsubjpass"):
                self.subjects.append((token.i, mention))

    def agents(self, token: Token | None, with_conjuncts: bool = True) -> list[Mention]:
        """The agents of the phrase headed by `token` and of its conjuncts, deduplicated."""
        found: list[Mention] = []
        owner: list[Mention] = []
        if token is None:
            return found
        for head in conjuncts(token) if with_conjuncts else [token]:
            if is_possessor(head) and head is not token:
                continue
            got = self._one(head) or (owner if self.is_group(head) else [])
            owner = owner or [m for m in got if m.kind != "Person"]
            found.extend(got)
        return _dedupe(found)

    def _one(self, token: Token) -> list[Mention]:
        mention = self.m.at(token)
        if mention is not None:
            mention = self.metonym(mention)
        if mention is not None and mention.kind in AGENT_KINDS:
            return [mention, *self._coordinated(token, mention), *self._leaders(token)]
        if token.lower_ in PRONOUNS:
            antecedent = self.last_person(token)
            return [antecedent] if antecedent else []
        if token.pos_ == "PROPN" and not self.is_group(token):
            named = self._unlabelled_name(token)
            if named:
                return named
        if self.is_group(token):
            named = [m for c in token.children if c.dep_ == "appos"
                     for m in [self.m.at(c)] if m and m.kind == "Person"]
            if named:             # "Egypt's intelligence director, Hassan Rashad"
                return [*named, *self._coordinated(token, named[0])]
            members = self._members(token)
            if members:
                return members
            owner = self.owner(token)
            return [*owner, *self._leaders(token)] if owner or self._leaders(token) else []
        return []

    def _unlabelled_name(self, token: Token) -> list[Mention]:
        """A name NER cut short or missed: "Sheikh Mohammed bin Abdulrahman Al Thani" ends in
        an untagged "Thani", "King Abdullah II" is not tagged at all."""
        parts = [token]
        for child in sorted(token.children, key=lambda t: -t.i):
            if child.dep_ == "compound" and child.i == parts[0].i - 1:
                inner = self.m.at(child)
                if inner is not None and inner.kind == "Person":
                    return [inner]
                if child.pos_ != "PROPN" or inner is not None or self.is_group(child) \
                        or child.lower_ in self.gaz.offices:
                    break
                parts.insert(0, child)
        if len(parts) < 2 or not all(p.text[:1].isupper() for p in parts):
            return []
        start, end = parts[0].idx, token.idx + len(token.text)
        return [Mention(start, end, token.doc.text[start:end], "Person")]

    def of_event_noun(self, noun: Token, skip_verbs: set[str]) -> tuple[list[Mention], Token | None]:
        """Who does what an event noun names: "Abdelatty's meeting", "A announced ... a call":
        its possessor, else the subject of the verb it hangs on (unless that verb only
        reports it). Also returns that verb."""
        owner = [c for c in noun.children if c.dep_ == "poss"]
        verb = clauses.governing_verb(noun)
        if owner:
            return self.agents(owner[0]), verb
        if verb is not None and verb.lemma_ not in skip_verbs:
            return self.agents(clauses.subject(verb)), verb
        return [], None

    def is_group(self, token: Token) -> bool:
        return token.lemma_.lower() in self.group_heads or token.lower_ in self.group_heads

    def owner(self, token: Token) -> list[Mention]:
        """The organization or country a group or office belongs to, from its modifiers."""
        for child in token.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod", "npadvmod"):
                found = self._named(child)
                if found:
                    return found
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in OWNER_PREPS:
                for obj in child.children:
                    listed = [n for t in conjuncts(obj) for n in self._named(t)]
                    found = listed if len(listed) > 1 else self._named_in(obj)
                    if found:
                        return found
        return []

    def owner_from_verb(self, token: Token) -> list[Mention]:
        """"hosted a delegation from Hamas": the from-phrase may hang on the verb."""
        for child in token.head.children:
            if child.dep_ == "prep" and child.lower_ == "from" and child.i > token.i:
                for obj in child.children:
                    found = self._named_in(obj)
                    if found:
                        return found
        return []

    def _named(self, token: Token) -> list[Mention]:
        mention = self.m.at(token)
        if mention is not None:
            mention = self.metonym(mention)
            return [mention] if mention.kind in ("Organization", "Country", "Group") else []
        country = self.m.country(token)
        return [country] if country else []

    def _named_in(self, token: Token) -> list[Mention]:
        """A named organization or country inside a phrase ("the Palestinian group Hamas")."""
        orgs = [m for m in self.m.within(list(token.subtree), {"Organization", "Country"})]
        if orgs:
            return [self.metonym(orgs[-1])]
        for t in token.subtree:
            country = self.m.country(t)
            if country:
                return [country]
        return []

    def _members(self, token: Token) -> list[Mention]:
        """"a U.S. delegation including A, B and C" stands for its named members only."""
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in MEMBER_PREPS:
                for obj in child.children:
                    people = [m for t in conjuncts(obj) for m in self._one(t)]
                    if people:
                        return people
        return []

    def _leaders(self, token: Token) -> list[Mention]:
        """"... led by Khalil al-Hayya", "..., headed by Ibrahim Kalin"."""
        found: list[Mention] = []
        for child in token.children:
            if child.dep_ == "acl" and child.lemma_ in LEAD_VERBS:
                for agent in (c for c in child.children if c.dep_ == "agent"):
                    for obj in agent.children:
                        found.extend(m for m in self.agents(obj) if m.kind == "Person")
        return found

    def _coordinated(self, token: Token, mention: Mention) -> list[Mention]:
        """"Witkoff and US envoy Jared Kushner": a name coordinated inside the phrase."""
        found = []
        for t in token.lefts:
            for inner in t.subtree:
                other = self.m.at(inner)
                if (other and other is not mention and other.kind == mention.kind
                        and any(c.dep_ == "cc" for c in inner.children)):
                    found.append(other)
        return found

    def last_person(self, token: Token) -> Mention | None:
        """The last person named as a subject before `token` (for "he", "she")."""
        index = bisect_left(self.subjects, token.i, key=lambda item: item[0])
        return self.subjects[index - 1][1] if index else None

    def metonym(self, mention: Mention) -> Mention:
        """A capital standing for its country ("Ankara's mediation")."""
        country = self.gaz.capitals.get(mention.key or "")
        if country is None:
            return mention
        known = self.gaz.known[country]
        return Mention(mention.start, mention.end, known.label, "Country", country)


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    seen, out = set(), []
    for mention in mentions:
        ident = mention.key or mention.text
        if ident not in seen:
            seen.add(ident)
            out.append(mention)
    return out
