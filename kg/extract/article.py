"""Reading article files: validation, headline, publication date."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from kg.extract.text import classify, publisher, source_url
from kg.extract.text import title as headline
from kg.records import Article

MAX_BYTES = 2_000_000
_MARKER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*")
MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], start=1)}
_MONTH = (r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_TEXT_DATES = (
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2}),\s+(?P<year>\d{4})"),
    re.compile(r"(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+(?P<year>\d{4})"),
    re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})(?![\d-])"),
)


class ArticleError(ValueError):
    """An article file that cannot be read as English news text."""


def read_article(path: Path) -> Article:
    """Read and validate one article; the date comes from a marker, else from the text."""
    data = path.read_bytes()
    if not data.strip():
        raise ArticleError("empty file")
    if len(data) > MAX_BYTES:
        raise ArticleError(f"{len(data):,} bytes is over the {MAX_BYTES:,}-byte limit for one article")
    if b"\x00" in data:
        raise ArticleError("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"not UTF-8 text (invalid byte at offset {exc.start})") from None
    return parse_article(path.stem, path.name, text)


def parse_article(doc_id: str, file_name: str, text: str) -> Article:
    """Split off a `date YYYY-MM-DD` marker (kept out of the text) and find the headline."""
    date = None
    marker = _MARKER.match(text)
    if marker:
        date = _iso(marker.group(1))
        text = text[marker.end():]
    if date is None:
        date = latest_text_date(text)
    lines = classify(text)
    title = headline(lines, text) or doc_id
    return Article(doc_id=doc_id, file_name=file_name, title=title[:300], date=date, text=text,
                   url=source_url(text), publisher=publisher(text, lines))


def latest_text_date(text: str) -> dt.date | None:
    """The latest full calendar date written in the text (a dateline, a caption, a post)."""
    found = []
    for pattern in _TEXT_DATES:
        for m in pattern.finditer(text):
            parts = m.groupdict()
            month = int(parts["mnum"]) if parts.get("mnum") else _month(parts["month"])
            try:
                found.append(dt.date(int(parts["year"]), month, int(parts["day"])))
            except ValueError:
                continue
    return max(found) if found else None


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    return next(num for full, num in MONTHS.items() if full.startswith(name[:3]))


def _iso(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
