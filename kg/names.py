"""Name normalisation shared by every stage, so keys minted in one agree with the others.

anyascii (ISC licence), not Unicode decomposition: it folds the Turkish dotless ı ("Kalın" -> "Kalin").
"""
from __future__ import annotations

import re

from anyascii import anyascii

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def ascii_name(text: str) -> str:
    """The plain-ASCII spelling of a name ("Kalın" -> "Kalin"), an alias worth keeping."""
    return anyascii(text)


def slug(text: str) -> str:
    """An ASCII IRI path segment: "İbrahim Kalın" -> "ibrahim-kalin" ("" if nothing is left)."""
    return _NOT_ALNUM.sub("-", anyascii(text).lower()).strip("-")


def fold(text: str) -> str:
    """Compare names loosely: ASCII, lower case, punctuation as spaces ("Kalın" == "kalin")."""
    return _NOT_ALNUM.sub(" ", anyascii(text).lower()).strip()
