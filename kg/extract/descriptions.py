"""Role and group descriptions: "Qatar's Prime Minister", "the Egyptian and Turkish intelligence
chiefs", "senior Qatari officials", "the delegation", "the leaders of Rwanda and the DRC".

A description names no one; it says what post or group, and whose. Named owners that are
organizations stand for themselves ("Hamas leaders" -> Hamas); a single post becomes a
`Ref` of kind "role" per owner, a group described by nationality a `Ref` of kind "group":
the discourse pass finds the person the article names for it, else falls back to the owner.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from kg.extract.clauses import phrase_tokens
from kg.extract.frames import Agent, Ref, ident
from kg.extract.mentions import Mentions
from kg.extract.spans import source
from kg.gazetteer import Gazetteer
from kg.records import Mention

if TYPE_CHECKING:
    from kg.extract.agents import AgentReader

MODIFIERS = ("poss", "compound", "amod", "nmod", "npadvmod")
OWNER_PREPS = ("of", "from")


class Describer:
    """Reads descriptions of one Doc into refs or owner mentions."""

    def __init__(self, mentions: Mentions, gaz: Gazetteer, reader: "AgentReader") -> None:
        self.m, self.gaz, self.book, self.r = mentions, gaz, gaz.roles, reader

    def is_group(self, token: Token) -> bool:
        return token.lower_ in self.book.group_nouns or token.lemma_.lower() in self.book.group_nouns

    def is_descriptor(self, token: Token) -> bool:
        """A noun that can head a description: a post ("minister") or a group ("officials")."""
        if token.pos_ not in ("NOUN", "PROPN", "VERB") or self.m.at(token) is not None:
            return False
        return self.is_group(token) or self.book.is_role_word(token.lower_) \
            or self.book.is_role_word(token.lemma_.lower())

    def describe(self, head: Token) -> list[Agent]:
        """The refs (or named organizations) a description stands for."""
        words = [t.lower_ for t in phrase_tokens(head, _of_or_for)]   # its role classes
        roles = self.book.classify(words)
        plural = head.tag_ in ("NNS", "NNPS") or head.lower_ != head.lemma_.lower()
        group = self.is_group(head) and (plural or not roles - self.book.generic)
        owners = self._owner_readings(head)
        if roles and not group and plural and len(owners) > 1:   # "the Egyptian and Turkish
            return [Ref("role", head.i, head.text, True, roles, (m,)) for m, _ in owners]  # chiefs"
        if any(m.kind in ("Organization", "Group") for m, _ in owners) and (group or plural):
            return [m for m, _ in owners if m.kind in ("Organization", "Group")]
        if group:
            out: list[Agent] = [m if named else Ref("group", head.i, head.text, True, roles, (m,))
                                for m, named in owners]
            return out or [Ref("group", head.i, head.text, plural, roles)]
        if not roles:
            return []
        refs = [Ref("role", head.i, head.text, plural, roles, (m,)) for m, _ in owners]
        return refs or [Ref("role", head.i, head.text, plural, roles)]

    def owners(self, head: Token) -> list[Mention]:
        """The countries and organizations a description belongs to."""
        return [m for m, _ in self._owner_readings(head)]

    def named_owners(self, head: Token) -> list[Mention]:
        """Owners written as names ("from Türkiye, Egypt and Qatar"), not as demonyms."""
        return [m for m, named in self._owner_readings(head) if named]

    def _owner_readings(self, head: Token) -> list[tuple[Mention, bool]]:
        """(owner, written as a name) pairs from modifiers and "of/from" phrases."""
        found: list[tuple[Mention, bool]] = []
        for child in head.children:
            if child.dep_ in MODIFIERS:
                for t in [child, *child.conjuncts]:
                    found.extend(self._owner(t))
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in OWNER_PREPS:
                for obj in child.children:
                    for t in [obj, *obj.conjuncts]:
                        found.extend(self._owner(t) or [(m, True) for m in self.named_in(t)])
                    for appos in (c for c in obj.children if c.dep_ == "appos"):
                        for t in [appos, *appos.conjuncts]:   # "mediators Türkiye, Egypt, ..."
                            found.extend(self._owner(t))
        seen: set[str] = set()
        return [(m, named) for m, named in found
                if not (ident(m) in seen or seen.add(ident(m)))]

    def institution(self, token: Token) -> Mention | None:
        """"Sudan's army", "Egypt's intelligence": the body the gazetteer names as the
        demonym and the noun ("Sudanese army"), keyed like the name itself."""
        if token.pos_ not in ("NOUN", "PROPN") or self.m.at(token) is not None:
            return None
        for child in token.children:
            if child.dep_ not in ("poss", "amod", "compound"):
                continue
            owner = self.m.at(child) or self.m.country(child)
            if owner is None or owner.kind != "Country":
                continue
            key = self.gaz.institution(owner.key or "", token.lower_)
            if key is not None:
                start = min(child.idx, token.idx)
                return Mention(start, token.idx + len(token), source(token.doc, start, token.idx + len(token)),
                               self.gaz.known[key].kind, key)
        return None

    def collective(self, token: Token) -> Mention | None:
        """"Palestinian factions": a group entity of its own, named by the phrase."""
        if token.lower_ not in self.book.collectives or self.m.at(token) is not None:
            return None
        mods = [c for c in token.children if c.dep_ in ("amod", "compound") and c.i < token.i
                and (self.m.country(c) or self.m.at(c))]
        if not mods:
            return None
        start = min(c.i for c in mods)
        span = token.doc[start:token.i + 1]
        return Mention(span.start_char, span.end_char, source(span.doc, span.start_char, span.end_char), "Group")

    def _owner(self, token: Token) -> list[tuple[Mention, bool]]:
        group = self.collective(token) or self.institution(token)
        if group is not None:
            return [(group, True)]
        mention = self.m.at(token)
        if mention is not None:
            mention = self.r.metonym(mention)
            if mention.kind in ("Organization", "Country", "Group"):
                return [(mention, True)]
            return []
        country = self.m.country(token)
        return [(country, False)] if country else []

    def named_in(self, token: Token) -> list[Mention]:
        """A named organization or country inside a phrase ("the Palestinian group Hamas"),
        not one that only qualifies it ("the Saudi-backed government")."""
        tokens = [t for t in token.subtree if not _backer(t)]
        orgs = self.m.within(tokens, {"Organization", "Country"})
        if orgs:
            return [self.r.metonym(orgs[-1])]
        for t in tokens:
            country = self.m.country(t)
            if country:
                return [country]
        return []


def _of_or_for(child: Token, parent: Token) -> bool:
    """A description keeps only its "of" and "for" phrases ("minister of state for ...")."""
    return not (child.dep_ == "prep" and child.lower_ not in ("of", "for"))


def _backer(token: Token) -> bool:
    """"Saudi" in "Saudi-backed", "US" in "US-led": a name qualifying what follows."""
    doc = token.doc
    return token.i + 2 < len(doc) and doc[token.i + 1].text in ("-", "–") and \
        doc[token.i + 2].tag_ in ("VBN", "VBD") and doc[token.i + 2].lower_.endswith("ed")
