"""Who holds which post: titles before names and appositions after them.

"Egyptian Foreign Minister Badr Abdelatty", "Türkiye's intelligence chief Ibrahim Kalin",
"Kalin, head of MIT", "al-Hayya, a member of Hamas' Political Bureau". Each gives the
person role classes (kg/data/roles.json) and owners (countries, organizations), which the
discourse pass uses to find the person a description points to ("the Egyptian foreign
minister") and which party a person is on. A post in a named organization is also written
as a W3C ORG post.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.agents import AgentReader
from kg.extract.clauses import phrase_tokens
from kg.extract.frames import RoleFrame, Sentence
from kg.records import Mention

MEMBER = "member"
NOT_OFFICES = {"minister", "ministers"}           # too vague alone to name a post in a body


class RoleRules:
    """Reads the posts people hold from one sentence."""

    def __init__(self, reader: AgentReader) -> None:
        self.r, self.m, self.book = reader, reader.m, reader.gaz.roles

    def find(self, span: Span, sent: Sentence) -> list[RoleFrame]:
        frames: list[RoleFrame] = []
        seen: set[int] = set()
        people = self.m.by_token
        for token in self.m.words.where(span, lambda i: i in people and people[i].kind == "Person"):
            person = self.m.at(token)
            if person is None or person.kind != "Person" or id(person) in seen:
                continue
            seen.add(id(person))
            root = self._root(token, person)
            title = [t for t in span.doc[span.start:token.i + 1] if self.m.titled.get(t.i) is person]
            frames.extend(self._frame(person, title, sent))
            for appos in (c for c in root.children if c.dep_ == "appos"):
                for head in [appos, *appos.conjuncts]:
                    words = phrase_tokens(head, lambda c, parent: not (c.dep_ == "conj" and parent is head))
                    if not any(self.m.titled.get(t.i, person) is not person or
                               self.m.at(t) is not None and self.m.at(t).kind == "Person"
                               for t in words):          # not the title of the next name
                        frames.extend(self._frame(person, words, sent, head))
        return frames

    def _root(self, token: Token, person: Mention) -> Token:
        """The head token of the name (its last token whose head is outside the name)."""
        root = token
        while self.m.at(root.head) is person and root.head.i != root.i:
            root = root.head
        return root

    def _frame(self, person: Mention, words: list[Token], sent: Sentence,
               head: Token | None = None) -> list[RoleFrame]:
        if not words:
            return []
        roles = self.book.classify([t.lower_ for t in words])
        member = head is not None and head.lemma_.lower() == MEMBER
        if not roles and not member:
            return []
        owners = self._owners(words)
        org = next((o for o in owners if o.kind == "Organization"), None)
        post = MEMBER if member else _post_word(words, self.book)
        return [RoleFrame(person, roles, tuple(owners), sent, post, org)]

    def _owners(self, words: list[Token]) -> list[Mention]:
        owners: list[Mention] = []
        for token in words:
            mention = self.m.at(token)
            if mention is not None and mention.kind in ("Country", "Organization"):
                mention = self.r.metonym(mention)
            elif mention is not None and mention.kind == "Place":
                mention = self.r.metonym(mention)
                if mention.kind != "Country":
                    continue
            else:
                mention = self.m.country(token)
            if mention is not None and mention not in owners:
                owners.append(mention)
        return owners


def _post_word(words: list[Token], book) -> str:
    """The word that names the post ("director", "minister", "head"), for an ORG post label."""
    for token in reversed(words):
        if book.is_role_word(token.lower_) and token.lower_ not in NOT_OFFICES:
            return token.lower_
    return next((t.lower_ for t in reversed(words) if book.is_role_word(t.lower_)), "")
