"""Which agents a noun phrase stands for, as written: names, or refs the discourse resolves.

"a delegation from Hamas led by Khalil al-Hayya" stands for Hamas and al-Hayya;
"Delegations from Türkiye, Egypt and Qatar" for the three countries, one party each;
"Egypt's intelligence director, Hassan Rashad" for Rashad. Phrases that only describe
("Qatar's Prime Minister", "Egyptian officials", "the delegation", "he") become `Ref`s
(see `kg.extract.descriptions`): the discourse pass looks for the person the article names
for that role before a role falls back to its country. Every relation rule reads its
subjects and objects here, so they all agree on these readings.
"""
from __future__ import annotations

from spacy.tokens import Token

from kg.extract import clauses
from kg.extract.descriptions import Describer
from kg.extract.frames import Agent, Ref, ident
from kg.extract.lists import is_possessor, listed_after
from kg.extract.mentions import AGENT_KINDS, Mentions
from kg.extract.pronouns import appos_conjuncts, it_antecedent
from kg.extract.spans import source
from kg.gazetteer import Gazetteer
from kg.records import Mention

LEAD_VERBS = {"lead", "head", "chair"}
MEMBER_PREPS = {"including"}
PRONOUNS = {"he": False, "she": False, "him": False, "her": False, "they": True, "them": True}


def conjuncts(token: Token) -> list[Token]:
    """The token and the heads coordinated with it ("Türkiye, Qatar and Egypt")."""
    return [token, *token.conjuncts] if token.dep_ != "conj" else [token]


class AgentReader:
    """Reads agents out of noun phrases of one Doc."""

    def __init__(self, mentions: Mentions, gaz: Gazetteer) -> None:
        self.m, self.gaz = mentions, gaz
        self.d = Describer(mentions, gaz, self)

    def agents(self, token: Token | None, with_conjuncts: bool = True) -> list[Agent]:
        """The agents of the phrase headed by `token` and of its conjuncts, deduplicated."""
        found: list[Agent] = []
        if token is None:
            return found
        for head in conjuncts(token) if with_conjuncts else [token]:
            if is_possessor(head) and head.i != token.i:
                continue
            found.extend(self._one(head))
        return dedupe(found)

    def parties(self, token: Token) -> list[list[Agent]]:
        """One side per party a subject names: "Russia and Ukraine", "Delegations from A, B and C"."""
        sides: list[list[Agent]] = []
        heads = clauses.phrase_heads(token)
        holders = self._apposed_holders(token)
        if holders:
            sides.extend([h] for h in holders)
            heads = [h for h in heads[1:] if self.m.at(h) not in holders]
        for head in heads:
            if self.d.is_group(head) and not self.m.at(head):
                owners = self.d.named_owners(head)
                if len(owners) > 1:
                    sides.extend([o] for o in owners)
                    continue
            found = self.agents(head, False)
            owned = [a for a in found if isinstance(a, Ref) and len(a.owners) == 1]
            if len(owned) > 1 and len(owned) == len(found):   # "the Armenian and Azerbaijani
                sides.extend([a] for a in owned)             # foreign ministers": two parties
                continue
            sides.append(found)
        return [s for s in sides if s]

    def _apposed_holders(self, role: Token) -> list[Mention]:
        """"The foreign ministers of Armenia and Azerbaijan, Ararat Mirzoyan and Jeyhun
        Bayramov, held talks": one name per country, set off by commas right after the role
        phrase, names the role's holders; they are the parties. Read off the surface: the
        parser hangs the names on the role, on the last country, or apposes them."""
        if self.m.at(role) is not None:
            return []
        owned = [a for a in self.agents(role, False) if isinstance(a, Ref) and a.owners]
        if len(owned) < 2:
            return []
        doc, end = role.doc, max(o.end for a in owned for o in a.owners)
        i = next((t.i for t in doc[role.i:] if t.idx >= end), len(doc))
        if i >= len(doc) or doc[i].text != ",":
            return []
        names: list[Mention] = []
        for t in doc[i + 1:]:
            if t.text == "," or t.is_sent_start or t.pos_ in ("VERB", "AUX"):
                break
            named = self.m.at(t)
            if named is not None and named.kind == "Person":
                if named not in names:
                    names.append(named)
            elif t.lower_ != "and" and named is None and t.pos_ != "PROPN":
                return []
        return names if len(names) == len(owned) else []

    def listed_after(self, token: Token) -> list[Mention]:
        """The names listed right after `token` (`kg.extract.lists`)."""
        return listed_after(self, token)

    def _one(self, token: Token) -> list[Agent]:
        mention = self.m.at(token)
        if mention is not None:
            mention = self.metonym(mention)
            if mention.kind in AGENT_KINDS:
                return [mention, *self._coordinated(token, mention), *self.leaders(token)]
            return []
        if token.i in self.m.titled:          # "Prime Minister" of "Prime Minister X"
            return [self.m.titled[token.i], *appos_conjuncts(self.m, token)]
        group = self.d.collective(token)
        if group is not None:                 # "Palestinian factions"
            return [group]
        if token.lower_ in PRONOUNS:
            return [Ref("pronoun", token.i, token.text, PRONOUNS[token.lower_])]
        if token.lower_ in ("it", "its"):
            return it_antecedent(self, token)
        if token.pos_ == "PROPN" and not self.d.is_descriptor(token):
            named = self._unlabelled_name(token)
            if named:
                return named
        institution = self.d.institution(token)
        if institution is not None:           # "Sudan's army" = the Sudanese army
            return [institution]
        if not self.d.is_descriptor(token):   # "the paramilitary Rapid Support Forces"
            return [m for c in token.children if c.dep_ == "appos" for m in self._one(c)]
        named = [m for c in token.children if c.dep_ == "appos" for t in [c, *c.conjuncts]
                 for m in [self.m.at(t)] if m and m.kind == "Person"]
        if named:             # "Egypt's intelligence director, Hassan Rashad"
            return [*named, *self._coordinated(token, named[0])]
        members = self._members(token)
        if members:           # "a U.S. delegation including A, B and C": its members
            return members
        return [*self.d.describe(token), *self.leaders(token)]

    def _unlabelled_name(self, token: Token) -> list[Mention]:
        """A name NER cut short or missed: "Sheikh Mohammed bin Abdulrahman Al Thani" ends in
        an untagged "Thani", "King Abdullah II" is not tagged at all."""
        parts = [token]
        for child in sorted(token.children, key=lambda t: -t.i):
            if child.dep_ == "compound" and child.i == parts[0].i - 1:
                inner = self.m.at(child)
                if inner is not None and inner.kind == "Person":
                    return [inner]
                if child.pos_ != "PROPN" or inner is not None or self.d.is_descriptor(child) \
                        or child.lower_.rstrip(".") in self.gaz.roles.titles:
                    break
                parts.insert(0, child)
        if len(parts) < 2 or not all(p.text[:1].isupper() for p in parts):
            return []
        start, end = parts[0].idx, token.idx + len(token.text)
        return [Mention(start, end, source(token.doc, start, end), "Person")]

    def of_event_noun(self, noun: Token, skip_verbs: set[str]) -> tuple[list[Agent], Token | None]:
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

    def owner(self, token: Token) -> list[Mention]:
        """The organization or country a group or office belongs to, from its modifiers."""
        return self.d.owners(token)

    def owner_from_verb(self, token: Token) -> list[Mention]:
        """"hosted a delegation from Hamas": the from-phrase may hang on the verb."""
        for child in token.head.children:
            if child.dep_ == "prep" and child.lower_ == "from" and child.i > token.i:
                for obj in child.children:
                    found = self.d.named_in(obj)
                    if found:
                        return found
        return []

    def _members(self, token: Token) -> list[Agent]:
        """"a U.S. delegation including A, B and C" stands for its named members only."""
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in MEMBER_PREPS:
                for obj in child.children:
                    people = [m for t in conjuncts(obj) for m in self._one(t)
                              if isinstance(m, Mention) and m.kind == "Person"]
                    if people:
                        return people
        return []

    def leaders(self, token: Token) -> list[Agent]:
        """"... led by Khalil al-Hayya", "..., headed by Ibrahim Kalin"."""
        found: list[Agent] = []
        for child in token.children:
            if child.dep_ == "acl" and child.lemma_ in LEAD_VERBS:
                for agent in (c for c in child.children if c.dep_ == "agent"):
                    for obj in agent.children:
                        found.extend(m for m in self.agents(obj)
                                     if isinstance(m, Ref) or m.kind == "Person")
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

    def metonym(self, mention: Mention) -> Mention:
        """A capital standing for its country ("Ankara's mediation")."""
        country = self.gaz.capitals.get(mention.key or "")
        if country is None:
            return mention
        known = self.gaz.known[country]
        return Mention(mention.start, mention.end, known.label, "Country", country)


def dedupe(agents: list[Agent]) -> list[Agent]:
    seen, out = set(), []
    for agent in agents:
        key = ident(agent)
        if key not in seen:
            seen.add(key)
            out.append(agent)
    return out
