"""`kg ingest FOLDER`: copy new and changed articles into the corpus folder, checked first.

Each file is read as `kg build` reads it (UTF-8 text, not empty, not too large); a file that
would be skipped by the build is reported here and not copied. Copies are written under a
temporary name and renamed, so a concurrent build never reads half an article.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kg.extract.article import ArticleError, article_from_bytes, read_regular

__all__ = ["add_articles"]


def add_articles(folder: Path, corpus: Path) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """Copy `folder/*.txt` into `corpus`; returns (added, changed, skipped with reasons)."""
    corpus.mkdir(parents=True, exist_ok=True)
    added, changed, skipped = [], [], []
    for path in sorted(folder.glob("*.txt")):
        try:
            data = read_regular(path)
            article_from_bytes(data, path)  # the checks `kg build` makes, on the bytes copied
        except (ArticleError, OSError) as exc:
            skipped.append((path.name, str(exc)))
            continue
        target = corpus / path.name
        if target.exists() and target.read_bytes() == data:
            continue
        (changed if target.exists() else added).append(path.name)
        handle, temp = tempfile.mkstemp(prefix=".", suffix=".part", dir=corpus)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    return added, changed, skipped
