"""Titles written before names: "Qatar's Prime Minister and Foreign Minister Sheikh Mohammed
bin Abdulrahman Al Thani", "Egypt's General Intelligence Service head Hassan Rashad".

The small model often makes the title the head of the phrase and hangs the name anywhere,
so titles are read off the surface: walking left from a name over role words, their
modifiers, owners ("Qatar's", "Egyptian", an organization) and "and" between role words.
Every title token then stands for the person it titles, whatever the parse says.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Token

from kg.records import Mention
from kg.rolebook import RoleBook

MODIFIERS = {"senior", "special", "top", "chief", "acting", "interim", "new", "outgoing",
             "presidential", "personal", "state", "affairs", "national", "security", "general",
             "intelligence", "foreign", "prime", "deputy", "vice", "former", "white", "house",
             "assistant", "under", "of", "the", "movement", "political", "bureau", "council",
             "leadership", "middle", "east", "un", "u.n.", "us", "u.s.", "'s", "’s", "'", "-",
             "defence", "defense", "interior", "war", "army", "military", "affairs", "economic",
             "(", ")", "for", "he", "h.e.", "excellency"}   # "HE High Representative for Gaza X"


@lru_cache(maxsize=1)
def title_words(book: RoleBook) -> frozenset[str]:
    """Every word that can stand in a title: role cues, qualifiers, honorifics, modifiers
    (read once per role book, not per document)."""
    words = set(MODIFIERS) | set(book.titles)
    for cues in (*book.classes.values(), *book.qualifiers.values()):
        for cue in cues:
            words.update(cue.split())
    return frozenset(words)


def find_titles(doc: Doc, by_token: dict[int, Mention], demonyms: dict[int, str],
                book: RoleBook, words: frozenset[str]) -> dict[int, Mention]:
    """Token index -> the person a title token belongs to."""
    titled: dict[int, Mention] = {}
    for i, mention in by_token.items():
        if mention.kind != "Person" or (i > 0 and by_token.get(i - 1) is mention):
            continue
        span = _walk_left(doc, i, mention, by_token, demonyms, words)
        if any(book.is_role_word(doc[j].lower_) for j in span):
            titled.update((j, mention) for j in span)
    return titled


def _walk_left(doc: Doc, first: int, person: Mention, by_token: dict[int, Mention],
               demonyms: dict[int, str], words: frozenset[str]) -> list[int]:
    out: list[int] = []
    j = first - 1
    while j >= 0 and "\n" not in doc[j].text_with_ws:
        token = doc[j]
        if not _title_token(token, by_token, demonyms, words):
            if token.lower_ in ("and", "&") and out and j > 0 and \
                    _title_token(doc[j - 1], by_token, demonyms, words) and \
                    not _is_person(doc[j - 1], by_token):
                out.append(j)
                j -= 1
                continue
            break
        out.append(j)
        j -= 1
    while out and doc[out[-1]].lower_ in ("of", "the", "and", "'s", "’s", "-", "for"):
        out.pop()                            # a title does not start with these
    return sorted(out)


def _title_token(token: Token, by_token: dict[int, Mention], demonyms: dict[int, str],
                 words: frozenset[str]) -> bool:
    other = by_token.get(token.i)
    if other is not None:                    # "High Representative for Gaza": a place too
        return other.kind in ("Country", "Organization", "Place")
    if token.i in demonyms:
        return True
    return token.lower_ in words or token.lemma_.lower() in words


def _is_person(token: Token, by_token: dict[int, Mention]) -> bool:
    other = by_token.get(token.i)
    return other is not None and other.kind == "Person"


__all__ = ["find_titles", "title_words"]
