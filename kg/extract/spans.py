"""The article text behind a Doc: its lines, its original spelling, its page furniture."""
from __future__ import annotations

import re
from bisect import bisect_right

from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from kg.extract.text import Line

_EDGE = re.compile(r"^(?:the|The)\s+|(?:['’]s?)$")

if not Doc.has_extension("kg_lines"):
    Doc.set_extension("kg_lines", default=None)       # (lines, their start offsets)
if not Doc.has_extension("kg_source"):
    Doc.set_extension("kg_source", default=None)      # the article as written (same length)


def source(doc: Doc, start: int, end: int) -> str:
    """Text as the article wrote it: the model reads a punctuation-normalized copy."""
    return (doc._.kg_source or doc.text)[start:end]


# Extension values live in Doc.user_data under this key; reading it directly skips building
# an Underscore object on every call (line_of runs for every mention and sentence).
_LINES = ("._.", "kg_lines", None, None)


def line_of(doc: Doc, char: int) -> Line | None:
    """The classified line holding a character offset (None before `kg_lines` ran)."""
    found: tuple[list[Line], list[int]] | None = doc.user_data.get(_LINES)
    if not found:
        return None
    lines, starts = found
    index = bisect_right(starts, char) - 1
    return lines[index] if index >= 0 else None


def furniture(span: Span) -> bool:
    """Inside a byline, credit or navigation line, or a dateline: not a mention."""
    line = line_of(span.doc, span.start_char)
    if line is not None:
        return line.kind == "skip" or span.start_char < line.start + line.dateline
    doc = span.doc            # no line classes (a bare Doc in a test): the old heuristic
    starts_line = span.start == 0 or "\n" in doc[span.start - 1].text_with_ws
    follows = doc[span.end].text if span.end < len(doc) else ""
    return starts_line and span.text.isupper() and len(span.text) > 3 and follows in (",", ":", "-", "(")


def clean(ent: Span) -> tuple[int, int, str]:
    """Drop a leading "the" and a trailing possessive from an entity span."""
    text = source(ent.doc, ent.start_char, ent.end_char)
    start = ent.start_char
    stripped = _EDGE.sub("", text)
    if text.startswith(("the ", "The ")):
        start += 4
    text = stripped.strip()
    return start, start + len(text), text


class Words:
    """Each token's lower-cased text, lemma and part of speech, read once per document.

    Rules look for their cue words here and build spaCy Token objects only for the tokens
    that have one (most have none): a Token is built anew on every access."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.lower: list[str] = []
        self.lemma: list[str] = []
        self.pos: list[str] = []
        self.dep: list[str] = []
        for token in doc:
            self.lower.append(token.lower_)
            self.lemma.append(token.lemma_.lower())
            self.pos.append(token.pos_)
            self.dep.append(token.dep_)

    def where(self, span: Span, test: Callable[[int], bool]) -> list[Token]:
        """The tokens of `span` whose index passes `test`."""
        return [self.doc[i] for i in range(span.start, span.end) if test(i)]

    def of(self, span: Span) -> set[str]:
        """Every word and lemma of a span, to test for cue words."""
        return set(self.lower[span.start:span.end]) | set(self.lemma[span.start:span.end])
