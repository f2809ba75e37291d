"""Entity resolution: one key per real-world entity across all articles.

Gazetteer names already carry keys ("country/turkiye" for Türkiye, Turkey, Turkiye);
people got an article-level key from their full name in `kg.extract`; everything else is
keyed by kind and an ASCII slug, so "Kalın" and "Kalin" meet (anyascii folds the
dotless ı that Unicode decomposition leaves alone). A bare surname seen in an article
that never gives the full name joins the one person elsewhere in the corpus with that
surname. The canonical label is the gazetteer's, else the most frequent full spelling.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import fields, is_dataclass, replace
from functools import lru_cache

from kg.gazetteer import Gazetteer
from kg.gazetteer import load as load_gazetteer
from kg.names import ascii_name, slug
from kg.records import Entity, Extraction, Mention

PREFIX = {"Person": "person", "Organization": "organization", "Country": "country",
          "Place": "place", "Group": "group"}


def resolve(extractions: Iterable[Extraction], gaz: Gazetteer | None = None
            ) -> tuple[list[Extraction], dict[str, Entity]]:
    """Key every mention and describe every entity once."""
    gaz = gaz or load_gazetteer()
    extractions = list(extractions)
    mentions = [m for ex in extractions for m in _walk(ex)]
    keys = {id(m): _first_key(m) for m in mentions}
    surnames = _surname_index(keys.values())
    for m in mentions:
        keys[id(m)] = surnames.get(keys[id(m)], keys[id(m)])
    variants = _spelling_variants(keys.values())
    for m in mentions:
        keys[id(m)] = variants.get(keys[id(m)], keys[id(m)])
    keyed = [_rekey(ex, keys) for ex in extractions]
    return keyed, _entities([m for ex in keyed for m in _walk(ex)], gaz)


def _first_key(mention: Mention) -> str:
    return mention.key or f"{PREFIX.get(mention.kind, 'entity')}/{slug(mention.text)}"


def _surname_index(keys: Iterable[str]) -> dict[str, str]:
    """"person/trump" -> "person/donald-trump" when exactly one full name ends that way."""
    people = {k for k in keys if k.startswith("person/")}
    by_last: dict[str, set[str]] = defaultdict(set)
    for key in people:
        if "-" in key.split("/", 1)[1]:
            by_last[key.rsplit("-", 1)[1]].add(key)
    out = {}
    for key in people:
        name = key.split("/", 1)[1]
        full = by_last.get(name, set())
        if "-" not in name and len(full) == 1:
            out[key] = next(iter(full))
    return out


def _spelling_variants(keys: Iterable[str]) -> dict[str, str]:
    """"person/nicolay-mladenov" -> "person/nickolay-mladenov": full names with one surname
    whose first names differ by a letter or two are one person; the more frequent spelling
    (then the first in sort order) gives the key.

    >>> _spelling_variants(["person/nicolay-mladenov", "person/nickolay-mladenov",
    ...                     "person/nickolay-mladenov", "person/aryeh-lightstone"])
    {'person/nicolay-mladenov': 'person/nickolay-mladenov'}
    """
    counts = Counter(keys)
    by_last: dict[str, list[str]] = defaultdict(list)
    for key in sorted(counts):
        name = key.split("/", 1)[1]
        if key.startswith("person/") and "-" in name:
            by_last[name.rsplit("-", 1)[1]].append(key)
    out: dict[str, str] = {}
    for group in by_last.values():
        for key in group:
            best = max((k for k in group if _close(k, key)), key=lambda k: (counts[k], -group.index(k)))
            if best != key:
                out[key] = best
    return out


def _close(a: str, b: str) -> bool:
    """First names a letter or two apart ("nicolay"/"nickolay"), same length otherwise."""
    first_a, first_b = a.split("/", 1)[1].rsplit("-", 1)[0], b.split("/", 1)[1].rsplit("-", 1)[0]
    if first_a == first_b:
        return True
    if first_a[:2] != first_b[:2] or abs(len(first_a) - len(first_b)) > 2 or min(len(first_a), len(first_b)) < 4:
        return False
    return _edits(first_a, first_b) <= 2


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (short names only)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


LEAVES = (str, int, float, type(None), dt.date)


@lru_cache(maxsize=None)
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _walk(obj: object) -> Iterable[Mention]:
    """Every Mention inside a record, depth first, in field order."""
    if isinstance(obj, Mention):
        yield obj
    elif isinstance(obj, tuple):
        for item in obj:
            if not isinstance(item, LEAVES):
                yield from _walk(item)
    elif is_dataclass(obj):
        for name in _field_names(type(obj)):
            value = getattr(obj, name)
            if not isinstance(value, LEAVES):
                yield from _walk(value)


def _rekey(obj: object, keys: dict[int, str]) -> object:
    """The record with every mention keyed (records without mentions are returned as is)."""
    if isinstance(obj, Mention):
        key = keys[id(obj)]
        return obj if obj.key == key else replace(obj, key=key)
    if isinstance(obj, tuple):
        items = tuple(item if isinstance(item, LEAVES) else _rekey(item, keys) for item in obj)
        return obj if all(a is b for a, b in zip(items, obj)) else items
    if is_dataclass(obj) and not isinstance(obj, type):
        changes = {name: new for name in _field_names(type(obj))
                   for value in [getattr(obj, name)] if not isinstance(value, LEAVES)
                   for new in [_rekey(value, keys)] if new is not value}
        return replace(obj, **changes) if changes else obj
    return obj


def _entities(mentions: list[Mention], gaz: Gazetteer) -> dict[str, Entity]:
    texts: dict[str, Counter[str]] = defaultdict(Counter)
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        texts[m.key][" ".join(m.text.split())] += 1
        kinds[m.key][m.kind] += 1
    entities = {}
    for key, seen in texts.items():
        known = gaz.known.get(key)
        label = known.label if known else _canonical(seen)
        kind = known.kind if known else kinds[key].most_common(1)[0][0]
        if key.startswith("person/"):
            kind = "Person"
        aliases = set(seen) | {ascii_name(t) for t in seen}
        aliases.discard(label)
        entities[key] = Entity(key, kind, label, frozenset(a for a in aliases if a),
                               known.wikidata if known else None)
    return entities


def _canonical(seen: Counter[str]) -> str:
    """The longest spelling, then the most frequent, then the plain-ASCII one."""
    longest = max(len(t.split()) for t in seen)
    return max((t for t in seen if len(t.split()) == longest),
               key=lambda t: (seen[t], t == ascii_name(t), t))
