"""Entity spans of a parsed Doc as Mention records, and the agents a noun phrase stands for.

"a delegation from Hamas led by Khalil al-Hayya" stands for Hamas and al-Hayya;
"Egyptian officials" for Egypt; "Qatar's Prime Minister" for Qatar; "he" for the last
person named as a subject. This module owns those readings so every relation rule
agrees on them.
"""
from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from kg.extract.gazetteer import RULER_KINDS, Gazetteer
from kg.names import fold, slug
from kg.records import Mention

NER_KINDS = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place",
             "FAC": "Place"}
AGENT_KINDS = {"Person", "Organization", "Country", "Group"}
PRONOUNS = {"he", "she", "him", "her"}
_EDGE = re.compile(r"^(?:the|The)\s+|(?:['’]s?)$")


class Mentions:
    """The mentions of one Doc, indexed by token, and each token's entity span."""

    def __init__(self, doc: Doc, gaz: Gazetteer) -> None:
        self.doc, self.gaz = doc, gaz
        self.items: list[Mention] = []
        self.by_token: dict[int, Mention] = {}
        self.demonym: dict[int, str] = {}          # token index -> country key
        self.ent_of: dict[int, Span] = {}          # token index -> its entity span (any label)
        names = _person_names(doc)
        for ent in doc.ents:
            self.ent_of.update((token.i, ent) for token in ent)
            self._add_ent(ent, names)
        self._add_bare_surnames(names)
        self._key_people()

    def _add_bare_surnames(self, names: set[str]) -> None:
        """A surname NER missed ("Abdelatty stressed ...") after the full name was seen."""
        if not names:
            return
        for token in self.doc:
            if token.text in names and token.i not in self.by_token and token.text[:1].isupper():
                mention = Mention(token.idx, token.idx + len(token.text), token.text, "Person")
                self.items.append(mention)
                self.by_token[token.i] = mention

    def _key_people(self) -> None:
        """Within an article, "Kalin" is the "Ibrahim Kalin" named in full: one key for both."""
        full: dict[str, str] = {}
        for m in sorted((m for m in self.items if m.kind == "Person"), key=lambda m: -len(m.text)):
            for last in surnames(fold(m.text)):
                full.setdefault(last, m.text)
        new: dict[int, Mention] = {}
        for i, m in enumerate(self.items):
            if m.kind == "Person" and m.key is None:
                name = full.get(fold(m.text).split()[-1], m.text)
                new[id(m)] = self.items[i] = replace(m, key="person/" + slug(name))
        for t, m in self.by_token.items():
            self.by_token[t] = new.get(id(m), m)

    def _add_ent(self, ent: Span, person_names: set[str]) -> None:
        if ent.label_ == "NORP" and ent.ent_id_:
            for token in ent:
                self.demonym[token.i] = ent.ent_id_
            return
        kind = RULER_KINDS.get(ent.label_) if ent.ent_id_ else NER_KINDS.get(ent.label_)
        if not ent.ent_id_ and _clean(ent)[2] in person_names:
            kind = "Person"       # the model tags a bare "Kalin" GPE, "Trump" ORG
        if kind is None:
            return
        if ent.ent_id_:
            known = self.gaz.known.get(ent.ent_id_)
            kind = known.kind if known else kind
        start, end, text = _clean(ent)
        if not text or not any(c.isalpha() for c in text) or _is_dateline(ent):
            return
        mention = Mention(start, end, text, kind, ent.ent_id_ or None)
        self.items.append(mention)
        for token in ent:
            self.by_token[token.i] = mention

    def at(self, token: Token) -> Mention | None:
        """The mention a token belongs to."""
        return self.by_token.get(token.i)

    def within(self, tokens: Span | list[Token], kinds: set[str] | None = None) -> list[Mention]:
        """Distinct mentions inside a token range, in text order."""
        found: list[Mention] = []
        for token in tokens:
            mention = self.by_token.get(token.i)
            if mention and mention not in found and (kinds is None or mention.kind in kinds):
                found.append(mention)
        return found

    def country(self, token: Token) -> Mention | None:
        """A demonym ("Egyptian") read as its country, named by the country's label."""
        key = self.demonym.get(token.i)
        if key is None:
            return None
        known = self.gaz.known[key]
        return Mention(token.idx, token.idx + len(token.text), known.label, "Country", key)


def _is_dateline(ent: Span) -> bool:
    """"WASHINGTON:" or "RIYADH, Feb 12 (Reuters) -" opening a line names where the
    reporter filed, not a participant."""
    doc = ent.doc
    starts_line = ent.start == 0 or "\n" in doc[ent.start - 1].text_with_ws
    follows = doc[ent.end].text if ent.end < len(doc) else ""
    return starts_line and ent.text.isupper() and len(ent.text) > 3 and follows in (",", ":", "-", "(")


def surnames(name: str) -> list[str]:
    """The forms a surname takes alone: "Abdel Fattah el-Sisi" -> ["el-Sisi", "Sisi"]."""
    last = name.split()[-1]
    particle = re.match(r"(?i)(al|el|ad|as|ash|an|ar)-(?=\w)", last)
    return [last, last[particle.end():]] if particle else [last]


def _person_names(doc: Doc) -> set[str]:
    """Full names and surnames of the people NER found, to retype bare surnames."""
    names: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and not ent.ent_id_ and len(ent) > 1:
            text = _clean(ent)[2]
            names.add(text)
            names.update(surnames(text))
    return names


def _clean(ent: Span) -> tuple[int, int, str]:
    """Drop a leading "the" and a trailing possessive from an entity span."""
    text = ent.text
    start = ent.start_char
    stripped = _EDGE.sub("", text)
    if text.startswith(("the ", "The ")):
        start += 4
    text = stripped.strip()
    return start, start + len(text), text
