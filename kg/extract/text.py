"""What the lines of a news page are, before any parsing.

A scraped article mixes the story with things that are not statements of fact: photo
captions and credits, bylines, navigation links, "Last updated" stamps, list labels
("KEY POINTS"). Relations come only from story lines; captions still state where places
lie ("Khartoum, Sudan"), so place rules read them too. Datelines ("CAIRO, Jan 9 (Reuters)
-", "Cairo, MINA –") name where the reporter filed, not a venue, and are cut off.

Unicode punctuation is normalized one character for one character ("al‑Hayya" with a
non-breaking hyphen, curly quotes), so the model sees plain text while every offset still
points into the article as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

LineKind = Literal["headline", "heading", "body", "caption", "skip"]

_SAME_LENGTH = str.maketrans({
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-", "\u00ad": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u200a": " ",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
})

# Photo captions and credits: "(AFP Photo)", "File/AP", "(L)", "Photos: ...", "Getty Images".
_CAPTION = re.compile(
    r"\((?:[A-Z]{2,}\s+)?Photos?\b|\bPhotos?\s*:|\bFile\s*/\s*[A-Z]|\((?:L|R|C|left|right|centre|"
    r"center)\)|\bGetty Images\b|\bAP Photo\b|\bPhoto(?:graph)?\s+(?:by|credit)\b|\bCredit\s*:|"
    r"\bFile photo\b|\b(?:Reuters|AFP|AP|Anadolu)\s*/\s*\w", re.IGNORECASE)
# Lines that are page furniture, not text: bylines, navigation, stamps, sources, labels.
_SKIP = re.compile(
    r"^(?:By\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}(?:\s*(?:,|and)\s*[A-Z][\w.'-]+"
    r"(?:\s+[A-Z][\w.'-]+){0,3})*\s*$|<<|>>|«|»|Read more|Related\b|Also read|Last updated|"
    r"Updated\s*:|Published\s*:|Source\s*:|Sources\s*:|Share\b|Follow us|Advertisement|"
    r"(?:https?://|www\.)\S+\s*$)", re.IGNORECASE)
_LABEL = re.compile(r"^[A-Z][A-Z ]{1,20}$")        # "KEY POINTS", "ISTANBUL"
# Datelines: "CAIRO:", "RAMALLAH, West Bank, Jan 9 (Reuters) -", "Cairo, MINA –",
# "Riyadh, January 22, 2026, SPA --".
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'-]*(?:\s[A-Z][A-Za-z.'-]*){0,2})"
    r"(?:,\s*(?:[A-Z][A-Za-z.'-]*(?:\s[A-Z][A-Za-z.'-]*){0,2}|[A-Z][a-z]{2,8}\.?\s+\d{1,2}"
    r"(?:,\s*\d{4})?))*"
    r"(?:\s*\((?P<agency>[A-Za-z][\w .&-]{1,30})\))?\s*(?:--|[-–—:])\s")
_DATELINE_PART = re.compile(r"[^,(\-–—:]+")   # one comma-separated name of a dateline
_AGENCY_PREFIX = re.compile(r"^(?P<agency>[A-Z][\w&.'-]*(?:\s[A-Z][\w&.'-]*){0,4}):\s(?=[A-Z])")
_NEWSY = re.compile(r"(?i)\b(?:news|agency|press|times|post|wire|tv|radio)\b")
_SOURCE = re.compile(r"^Source\s*:\s*(?P<agency>[^\n]{2,60})$", re.IGNORECASE | re.MULTILINE)
_URL = re.compile(r"^\s*(?:URL\s*:\s*)?(?P<url>https?://\S+)\s*$", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Line:
    """One line of the article: its character span, kind and the length of its dateline."""

    start: int
    end: int
    kind: LineKind
    dateline: int = 0          # characters at the start that are a dateline, not text

    @property
    def readable(self) -> bool:
        """Lines whose statements are facts of the story (captions state places only)."""
        return self.kind in ("headline", "heading", "body")


def normalize(text: str) -> str:
    """Plain ASCII punctuation, same length: every offset still points into `text`."""
    return text.translate(_SAME_LENGTH)


def dateline_parts(dateline: str) -> list[tuple[int, str]]:
    """The comma-separated names a dateline opens with, and their offsets, up to its date or
    agency: "RAMALLAH, West Bank, Jan 9 (Reuters) - " gives RAMALLAH, West Bank and Jan 9
    (the reader decides which are places).

    >>> dateline_parts("ABU DHABI, United Arab Emirates (AFP) — ")
    [(0, 'ABU DHABI'), (11, 'United Arab Emirates')]
    """
    parts: list[tuple[int, str]] = []
    for match in _DATELINE_PART.finditer(dateline):
        name = match.group().strip()
        if not name:
            break
        parts.append((match.start() + match.group().index(name), name))
        if dateline[match.end():match.end() + 1] != ",":
            break
    return parts


def dateline_length(line: str) -> int:
    """Characters of `line` that are a dateline ("CAIRO, March 2 (Reuters) - "), else 0.

    >>> dateline_length("RAMALLAH, West Bank, Jan 9 (Reuters) - The envoy met ...")
    39
    >>> dateline_length("RAMALLAH, January 19, 2026 (WAFA) - President Mahmoud Abbas received")
    36
    >>> dateline_length("Cairo, MINA – A senior Hamas delegation held a meeting")
    14
    >>> dateline_length("Egypt, Qatar and Türkiye met in Cairo.")
    0
    """
    match = _DATELINE.match(line)
    if match:
        head = match.group("place")
        tail = match.group(0)[len(head):]
        shouting = head.isupper() and len(head) > 2
        agency = match.group("agency") or re.search(r",\s*([A-Z]{2,})\s*[-–—:]", tail)
        if shouting or agency:
            return match.end()
    prefix = _AGENCY_PREFIX.match(line)
    if prefix and _NEWSY.search(prefix.group("agency")):
        return prefix.end()             # "AhlulBayt News Agency: A senior ..."
    return 0


def classify(text: str) -> list[Line]:
    """The lines of an article, each with its kind, in order."""
    lines: list[Line] = []
    offset = 0
    seen_headline = False
    for raw in text.splitlines(keepends=True):
        start, end = offset, offset + len(raw.rstrip("\r\n"))
        offset += len(raw)
        content = text[start:end].strip()
        if not content:
            continue
        lead = len(text[start:end]) - len(text[start:end].lstrip())
        kind = _kind(content, seen_headline)
        seen_headline = seen_headline or kind == "headline"
        lines.append(Line(start + lead, end, kind, dateline_length(content)))
    return lines


def _kind(content: str, seen_headline: bool) -> LineKind:
    if _SKIP.search(content) or _LABEL.match(content) and len(content.split()) <= 3:
        return "skip"
    if _CAPTION.search(content):
        return "caption"
    ends = content.rstrip('"\'”’').endswith((".", "?", "!", "…", ":", ";"))
    if not seen_headline:
        return "headline"
    if not ends and len(content.split()) <= 14:
        return "heading"
    return "body"


def title(lines: list[Line], text: str) -> str | None:
    """The headline: the first story line (not a caption, credit, byline or label)."""
    for line in lines:
        if line.kind == "headline":
            return text[line.start + line.dateline:line.end].strip().lstrip("-•* ").strip() or None
    return None


def publisher(text: str, lines: list[Line]) -> str | None:
    """The agency a dateline or a "Source:" line names ("Reuters", "AFP"), if any."""
    source = _SOURCE.search(text)
    if source:
        return source.group("agency").strip().rstrip(".")
    for line in lines[:8]:
        if not line.dateline:
            continue
        content = text[line.start:line.start + line.dateline]
        match = _DATELINE.match(content)
        if match and match.group("agency"):
            return match.group("agency").strip()          # "(Reuters)"
        caps = re.search(r",\s*([A-Z]{2,})\s*[-–—:]", content)
        if match and caps:
            return caps.group(1)                          # "Cairo, MINA –"
        prefix = _AGENCY_PREFIX.match(text[line.start:line.end])
        if prefix and _NEWSY.search(prefix.group("agency")):
            return prefix.group("agency").strip()         # "AhlulBayt News Agency:"
    return None


def source_url(text: str) -> str | None:
    """A URL the page gives on a line of its own (the article's address)."""
    match = _URL.search(text)
    return match.group("url") if match else None
