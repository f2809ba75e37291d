"""Reading article files: validation, headline, publication date."""
from __future__ import annotations

import datetime as dt
import os
import re
import stat
from pathlib import Path

from kg.extract.text import classify, publisher, source_url
from kg.extract.text import title as headline
from kg.names import slug
from kg.records import Article

# One article is at most spaCy's nlp.max_length characters (its default, which the pipeline
# keeps; tests/test_article.py checks they agree), so an accepted article is always parsed.
MAX_CHARS = 1_000_000
MAX_BYTES = 4 * MAX_CHARS  # UTF-8 spends at most 4 bytes a character: past this, no need to read
_SAFE_ID = re.compile(r"[A-Za-z0-9._~-]+\Z")  # IRI-unreserved: usable in IRIs as it is
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


def read_article(path: Path, doc_id: str | None = None) -> Article:
    """Read and validate one article file; the date comes from a marker, else from the text.

    Only a regular file is read (a FIFO named *.txt would block the build for ever). The
    article's id is `doc_id`, else the file name's stem made safe for IRIs (`safe_id`).

    :raises ArticleError: not a regular file, empty, binary, not UTF-8, over the size limit,
        or nothing left after the header (only a byte-order mark or a date line).
    :raises OSError: the file cannot be opened or read.
    """
    return article_from_bytes(read_regular(path), path, doc_id)


def article_from_bytes(data: bytes, path: Path, doc_id: str | None = None) -> Article:
    """The article in `data`, the bytes of `path` (`read_article`'s checks, without the read).

    :raises ArticleError: as `read_article`, for everything but the file itself.
    """
    if not data.strip():
        raise ArticleError("empty file")
    if b"\x00" in data:
        raise ArticleError("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"not UTF-8 text (invalid byte at offset {exc.start})") from None
    if len(text) > MAX_CHARS:
        raise ArticleError(f"{len(text):,} characters is over the {MAX_CHARS:,}-character limit "
                           "for one article (spaCy's max_length); split it into several files")
    article = parse_article(doc_id or safe_id(path.stem), path.name, text)
    if not article.text.strip():
        raise ArticleError("no text after the header (only a byte-order mark, a date line or "
                           "blank lines)")
    return article


def read_regular(path: Path) -> bytes:
    """The bytes of `path` if it is a regular file within MAX_BYTES (never blocks on a FIFO).

    :raises ArticleError: not a regular file, or over MAX_BYTES.
    :raises OSError: the file cannot be opened or read.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ArticleError("not a regular file (a FIFO, device or folder): not read")
        if info.st_size > MAX_BYTES:
            raise ArticleError(f"{info.st_size:,} bytes is over the {MAX_BYTES:,}-byte limit "
                               "for one article")
        return handle.read(MAX_BYTES + 1)


def safe_id(stem: str) -> str:
    """An article id usable in IRIs: the file's stem when it already is, else its slug.

    >>> safe_id("000_0486ca95"), safe_id('Talks in "Cairo"'), safe_id("???")
    ('000_0486ca95', 'talks-in-cairo', 'article')
    """
    if _SAFE_ID.match(stem):
        return stem
    return slug(stem) or "article"


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
