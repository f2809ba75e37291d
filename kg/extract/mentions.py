"""Entity spans of a parsed Doc as Mention records, indexed by token.

Spans on page furniture (bylines, credits, navigation) and in datelines are not mentions.
The model's types are corrected where the text says better: a bare surname of a person
named in full is that person ("Kalin" tagged GPE), and a name with a role beside it
("Ramtane Lamamra, the UN envoy"; "Foreign Minister X") is a person whatever NER said.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from kg.extract.text import Line
from kg.extract.titles import find_titles, title_words
from kg.gazetteer import RULER_KINDS, Gazetteer
from kg.names import fold, slug
from kg.records import Mention

NER_KINDS = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place",
             "FAC": "Place"}
AGENT_KINDS = {"Person", "Organization", "Country", "Group"}
_EDGE = re.compile(r"^(?:the|The)\s+|(?:['’]s?)$")

if not Doc.has_extension("kg_lines"):
    Doc.set_extension("kg_lines", default=None)       # (lines, their start offsets)
if not Doc.has_extension("kg_source"):
    Doc.set_extension("kg_source", default=None)      # the article as written (same length)


def source(doc: Doc, start: int, end: int) -> str:
    """Text as the article wrote it: the model reads a punctuation-normalized copy."""
    return (doc._.kg_source or doc.text)[start:end]


def line_of(doc: Doc, char: int) -> Line | None:
    """The classified line holding a character offset (None before `kg_lines` ran)."""
    found: tuple[list[Line], list[int]] | None = doc._.kg_lines
    if not found:
        return None
    lines, starts = found
    index = bisect_right(starts, char) - 1
    return lines[index] if index >= 0 else None


class Mentions:
    """The mentions of one Doc, indexed by token, and each token's entity span."""

    def __init__(self, doc: Doc, gaz: Gazetteer) -> None:
        self.doc, self.gaz = doc, gaz
        self.items: list[Mention] = []
        self.by_token: dict[int, Mention] = {}
        self.demonym: dict[int, str] = {}          # token index -> country key
        self.ent_of: dict[int, Span] = {}          # token index -> its entity span (any label)
        self._words: list[str] | None = None
        names = _person_names(doc, gaz)
        for ent in doc.ents:
            self.ent_of.update((token.i, ent) for token in ent)
            if not _furniture(ent):
                self._add_ent(ent, names)
        self._add_bare_surnames(names)
        self._add_full_names(names)
        self._add_honoured_names()
        self._key_people()
        self._key_acronyms()
        # title token -> the person it titles ("Prime Minister" in "Prime Minister X")
        self.titled = find_titles(doc, self.by_token, self.demonym, gaz.roles,
                                  title_words(gaz.roles))

    def _add_bare_surnames(self, names: set[str]) -> None:
        """A surname NER missed ("Abdelatty stressed ...") after the full name was seen."""
        for i in self._named_tokens(names):
            token = self.doc[i]
            if i not in self.by_token and token.text[:1].isupper() \
                    and not _furniture(self.doc[token.i:token.i + 1]):
                mention = Mention(token.idx, token.idx + len(token.text), token.text, "Person")
                self.items.append(mention)
                self.by_token[token.i] = mention

    def _add_full_names(self, names: set[str]) -> None:
        """A full name NER missed ("Nickolay Mladenov met ...") whose surname it tagged
        elsewhere: capitalized words before a known surname."""
        for i in self._named_tokens(names):
            token = self.doc[i]
            if i not in self.by_token or token.i == 0:
                continue
            mention = self.by_token[token.i]
            if mention.kind != "Person" or mention.text != token.text:
                continue
            first = token.i
            while first > 0 and self.doc[first - 1].pos_ == "PROPN" and \
                    self.doc[first - 1].text[:1].isupper() and first - 1 not in self.by_token \
                    and self.doc[first - 1].lower_.rstrip(".") not in self.gaz.roles.titles \
                    and not self.gaz.roles.is_role_word(self.doc[first - 1].lower_) \
                    and "\n" not in self.doc[first - 1].text_with_ws and token.i - first < 3:
                first -= 1
            if first == token.i:
                continue
            full = Mention(self.doc[first].idx, mention.end, source(self.doc, self.doc[first].idx, mention.end),
                           "Person")
            self.items[self.items.index(mention)] = full
            for i in range(first, token.i + 1):
                self.by_token[i] = full

    def _add_honoured_names(self) -> None:
        """"King Abdullah II", "Sheikh Tamim": an honorific before capitalized words NER
        left untagged names a person."""
        doc = self.doc
        for token in doc:
            if token.lower_ not in HONORIFICS or token.i + 1 >= len(doc) or \
                    token.i + 1 in self.by_token or not doc[token.i + 1].text[:1].isupper():
                continue
            end = token.i + 1
            while end < len(doc) and end not in self.by_token and doc[end].pos_ == "PROPN" and \
                    (doc[end].text[:1].isupper()) and "\n" not in doc[end - 1].text_with_ws:
                end += 1
            if end == token.i + 1 or _furniture(doc[token.i:end]):
                continue
            start_char, end_char = doc[token.i + 1].idx, doc[end - 1].idx + len(doc[end - 1])
            mention = Mention(start_char, end_char, source(doc, start_char, end_char), "Person")
            self.items.append(mention)
            for i in range(token.i + 1, end):
                self.by_token[i] = mention

    def _key_acronyms(self) -> None:
        """"National Committee for the Administration of Gaza (NCAG)": the acronym in
        parentheses after a name is that name."""
        doc = self.doc
        acronyms: dict[str, str] = {}
        for i in range(2, len(doc) - 1):
            if doc[i - 1].text != "(" or doc[i + 1].text != ")" or not doc[i].is_upper:
                continue
            named = self.by_token.get(i - 2)
            if named is None or named.kind not in ("Organization", "Place", "Country"):
                continue
            initials = "".join(w[0] for w in named.text.split() if w[:1].isupper())
            if not doc[i].text.replace(".", "").startswith(initials[:2]):
                continue
            key = named.key or f"{named.kind.lower()}/{slug(named.text)}"
            if named.key is None:
                self._replace(named, replace(named, key=key))
            acronym = self.by_token.get(i)
            if acronym is not None and acronym.key not in (None, key) and \
                    self.gaz.known.get(acronym.key or "") is not None:
                continue                       # the gazetteer knows the acronym as another body
            mention = Mention(doc[i].idx, doc[i].idx + len(doc[i]), doc[i].text, named.kind, key)
            acronyms[doc[i].text] = key
            if acronym is not None:
                self._replace(acronym, mention)
            else:
                self.items.append(mention)
                self.by_token[i] = mention
        for m in list(self.items):          # the acronym used again later in the article
            if m.key is None and m.text in acronyms:
                self._replace(m, replace(m, key=acronyms[m.text]))

    def _replace(self, old: Mention, new: Mention) -> None:
        self.items = [new if m is old else m for m in self.items]
        for t, m in list(self.by_token.items()):
            if m is old:
                self.by_token[t] = new

    def _named_tokens(self, names: set[str]) -> list[int]:
        """Indexes of the tokens whose text is one of `names` (one pass over the words)."""
        if not names:
            return []
        if self._words is None:
            self._words = [t.text for t in self.doc]
        return [i for i, word in enumerate(self._words) if word in names]

    def _key_people(self) -> None:
        """Within an article, "Kalin" is the "Ibrahim Kalin" named in full: one key for both."""
        full: dict[str, str] = {}
        keyed: dict[str, str] = {}
        for m in sorted((m for m in self.items if m.kind == "Person"), key=lambda m: -len(m.text)):
            for last in surnames(fold(m.text)):
                full.setdefault(last, m.text)
                if m.key:
                    keyed.setdefault(last, m.key)
        new: dict[int, Mention] = {}
        for i, m in enumerate(self.items):
            if m.kind == "Person" and m.key is None:
                last = fold(m.text).split()[-1] if fold(m.text) else m.text
                key = keyed.get(last) or "person/" + slug(full.get(last, m.text))
                new[id(m)] = self.items[i] = replace(m, key=key)
        for t, m in self.by_token.items():
            self.by_token[t] = new.get(id(m), m)

    def _add_ent(self, ent: Span, person_names: set[str]) -> None:
        if ent.label_ == "NORP" and ent.ent_id_:
            for token in ent:
                self.demonym[token.i] = ent.ent_id_
            return
        kind = RULER_KINDS.get(ent.label_) if ent.ent_id_ else NER_KINDS.get(ent.label_)
        start, end, text = _clean(ent)
        if not ent.ent_id_ and (text in person_names or _titled(ent, self.gaz)):
            kind = "Person"       # the model tags a bare "Kalin" GPE, "Lamamra" ORG
        if kind is None or not text or not any(c.isalpha() for c in text) or _headline_slip(ent, self.gaz):
            return
        if ent.ent_id_:
            known = self.gaz.known.get(ent.ent_id_)
            kind = known.kind if known else kind
        tokens = list(ent)
        extra = _place_suffix(ent) if kind in ("Place", "Organization", "Person") else []
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


def _furniture(span: Span) -> bool:
    """Inside a byline, credit or navigation line, or a dateline: not a mention."""
    line = line_of(span.doc, span.start_char)
    if line is not None:
        return line.kind == "skip" or span.start_char < line.start + line.dateline
    doc = span.doc            # no line classes (a bare Doc in a test): the old heuristic
    starts_line = span.start == 0 or "\n" in doc[span.start - 1].text_with_ws
    follows = doc[span.end].text if span.end < len(doc) else ""
    return starts_line and span.text.isupper() and len(span.text) > 3 and follows in (",", ":", "-", "(")


HONORIFICS = {"king", "queen", "prince", "princess", "sheikh", "sheikha", "emir", "sultan",
              "ayatollah", "pope", "sir", "dame"}
PLACE_SUFFIXES = {"district", "province", "governorate", "region", "county", "crossing", "camp",
                  "checkpoint", "airport", "valley", "prefecture", "oblast", "municipality"}
SUFFIX_PARTS = {"border", "zero", "-", "point", "zero-point", "refugee", "land", "sea", "air"}


def _place_suffix(ent: Span) -> list[Token]:
    """Lower-case place nouns right after a name: "Gurbuz district", "Khost province"."""
    doc, out = ent.doc, []
    i = ent.end
    while i < len(doc) and len(out) < 6 and doc[i].ent_type_ in ("", "CARDINAL") and \
            doc[i].lower_ in PLACE_SUFFIXES | SUFFIX_PARTS and not doc[i].text[:1].isupper():
        out.append(doc[i])
        i += 1
    while out and out[-1].lower_ not in PLACE_SUFFIXES:
        out.pop()
    return out


def _headline_slip(ent: Span, gaz: Gazetteer) -> bool:
    """In title-case headlines the model tags word runs as names ("Envoy Meets Key"): a
    name holding a meeting or speech verb is not one."""
    if ent.ent_id_ or ent.label_ not in ("PERSON", "ORG"):
        return False
    cues = gaz.cues
    words = cues["meet_verbs"] | cues["host_verbs"] | cues["hold_verbs"] | cues["call_verbs"]
    return any(t.lemma_.lower() in words or t.lower_.rstrip("s") in words for t in ent)


def _titled(ent: Span, gaz: Gazetteer) -> bool:
    """A two-word-or-longer name NER typed otherwise, with a role or title right beside it."""
    if ent.label_ not in ("ORG", "GPE", "LOC", "FAC") or len(ent) < 2 or \
            not all(t.text[:1].isupper() for t in ent):
        return False
    before = ent.doc[ent.start - 1] if ent.start else None
    if before is not None and (gaz.roles.is_role_word(before.lower_) or
                               before.lower_.rstrip(".") in gaz.roles.titles):
        return True
    root = ent.root
    return any(c.dep_ == "appos" and gaz.roles.is_role_word(c.lemma_) for c in root.children)


def surnames(name: str) -> list[str]:
    """The forms a surname takes alone: "Abdel Fattah el-Sisi" -> ["el-Sisi", "Sisi"]."""
    last = name.split()[-1]
    particle = re.match(r"(?i)(al|el|ad|as|ash|an|ar)-(?=\w)", last)
    return [last, last[particle.end():]] if particle else [last]


def _person_names(doc: Doc, gaz: Gazetteer) -> set[str]:
    """Full names and surnames of the people NER or the gazetteer found, to retype surnames."""
    names: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and not _headline_slip(ent, gaz) and not _furniture(ent):
            text = _clean(ent)[2]
            names.add(text)
            names.update(surnames(text) if len(ent) > 1 else [])
    return names


def _clean(ent: Span) -> tuple[int, int, str]:
    """Drop a leading "the" and a trailing possessive from an entity span."""
    text = source(ent.doc, ent.start_char, ent.end_char)
    start = ent.start_char
    stripped = _EDGE.sub("", text)
    if text.startswith(("the ", "The ")):
        start += 4
    text = stripped.strip()
    return start, start + len(text), text
