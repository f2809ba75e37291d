"""Entity spans of a parsed Doc as Mention records, indexed by token.

Spans on page furniture (bylines, credits, navigation) and in datelines are not mentions;
`kg.extract.name_fixes` repairs what NER missed or mistyped.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.extract import name_fixes as fixes
from kg.extract.spans import Words, clean, furniture, source
from kg.extract.titles import find_titles, title_words
from kg.gazetteer import RULER_KINDS, Gazetteer
from kg.records import Mention

__all__ = ["AGENT_KINDS", "Mentions"]

NER_KINDS = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place",
             "FAC": "Place"}
AGENT_KINDS = {"Person", "Organization", "Country", "Group"}
PLACE_KINDS = ("Place", "Country")     # what a place can lie in, or a meeting be held in


class Mentions:
    """The mentions of one Doc, indexed by token, and each token's entity span."""

    def __init__(self, doc: Doc, gaz: Gazetteer) -> None:
        self.doc, self.gaz = doc, gaz
        self.items: list[Mention] = []
        self.by_token: dict[int, Mention] = {}
        self.demonym: dict[int, str] = {}          # token index -> country key
        self.ent_of: dict[int, Span] = {}          # token index -> its entity span (any label)
        self.words = Words(doc)
        names = fixes.person_names(doc, gaz)
        for ent in doc.ents:
            self.ent_of.update((token.i, ent) for token in ent)
            if not furniture(ent):
                self._add_ent(ent, names)
        fixes.add_bare_surnames(self, names)
        fixes.add_full_names(self, names)
        fixes.add_honoured_names(self)
        fixes.key_people(self)
        fixes.key_acronyms(self)
        fixes.key_national_bodies(self)
        # title token -> the person it titles ("Prime Minister" in "Prime Minister X")
        self.titled = find_titles(doc, self.by_token, self.demonym, gaz.roles,
                                  title_words(gaz.roles))

    def replace(self, old: Mention, new: Mention) -> None:
        """Put `new` wherever `old` was."""
        self.items = [new if m is old else m for m in self.items]
        for t, m in list(self.by_token.items()):
            if m is old:
                self.by_token[t] = new

    def named_tokens(self, names: set[str]) -> list[int]:
        """Indexes of the tokens whose text is one of `names` (one pass over the words)."""
        if not names:
            return []
        lowered = {name.lower() for name in names}
        return [i for i, word in enumerate(self.words.lower) if word in lowered
                and self.doc[i].text in names]

    def _add_ent(self, ent: Span, person_names: set[str]) -> None:
        if ent.label_ == "NORP" and ent.ent_id_:
            for token in ent:
                self.demonym[token.i] = ent.ent_id_
            return
        kind = RULER_KINDS.get(ent.label_) if ent.ent_id_ else NER_KINDS.get(ent.label_)
        start, end, text = clean(ent)
        if not ent.ent_id_ and (text in person_names or fixes.titled(ent, self.gaz)):
            kind = "Person"       # the model tags a bare "Kalin" GPE, "Lamamra" ORG
        if kind is None or not text or not any(c.isalpha() for c in text) or fixes.headline_slip(ent, self.gaz):
            return
        if ent.ent_id_:
            known = self.gaz.known.get(ent.ent_id_)
            kind = known.kind if known else kind
        tokens = list(ent)
        extra = fixes.place_suffix(ent) if kind in ("Place", "Organization", "Person") else []
        if extra:                  # "Gurbuz district", "Ghulam Khan zero-point border crossing"
            tokens += extra
            end = extra[-1].idx + len(extra[-1].text)
            text, kind = source(self.doc, start, end), "Place"
            ent_key = None
        else:
            ent_key = ent.ent_id_ or None
        mention = Mention(start, end, text, kind, ent_key)
        self.items.append(mention)
        for token in tokens:
            self.by_token[token.i] = mention

    def at(self, token: Token) -> Mention | None:
        """The mention a token belongs to."""
        return self.by_token.get(token.i)

    def within(self, tokens: Span | list[Token], kinds: set[str] | None = None) -> list[Mention]:
        """Distinct mentions inside a token range, in text order."""
        found: list[Mention] = []
        indexes = range(tokens.start, tokens.end) if isinstance(tokens, Span) else (t.i for t in tokens)
        for i in indexes:
            mention = self.by_token.get(i)
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





