"""A text index over names: which entities have a label or alias containing some text.

Saved queries match topics, names and places with `CONTAINS(LCASE(STR(?name)), LCASE(?x))`
over every `rdfs:label` and `skos:altLabel`; evaluated by the engine, that filter (and the
property paths joined to it) runs over the whole graph for every request. The index answers
the same question from memory, with the same case rule (Unicode lower case, as SPARQL's
LCASE), through trigram postings: a label can contain the text only if it contains each of
the text's three-letter pieces. Saved queries receive the answer as a VALUES block
(`kg.queries.prepare`), and keep their FILTER, so the index only narrows, never decides.

The API (also for the name search of the web pages):

>>> index = TextIndex([("urn:rafah", "Rafah crossing"), ("urn:kalin", "İbrahim Kalın"),
...                    ("urn:kalin", "Ibrahim Kalin"), ("urn:gaza", "Gaza Strip")])
>>> index.search("RAFAH")
['urn:rafah']
>>> index.search("kalin")
['urn:kalin']
>>> [(hit.iri, hit.name) for hit in index.names("a", limit=2)]
[('urn:gaza', 'Gaza Strip'), ('urn:kalin', 'Ibrahim Kalin')]
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from kg.iri import PREFIXES

NAME_PREDICATES = (PREFIXES["rdfs"] + "label", PREFIXES["skos"] + "altLabel")

__all__ = ["NAME_PREDICATES", "NameHit", "TextIndex"]


@dataclass(frozen=True, slots=True)
class NameHit:
    """One entity whose name matched, with the name (label or alias) that matched."""

    iri: str
    name: str


def _grams(text: str) -> set[str]:
    return {text[i:i + 3] for i in range(len(text) - 2)}


class TextIndex:
    """Case-insensitive substring search over (entity IRI, name) pairs."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        by_text: dict[str, dict[str, str]] = defaultdict(dict)
        for iri, name in pairs:
            by_text[name.lower()].setdefault(iri, name)
        self._texts = sorted(by_text)
        self._owners = [by_text[t] for t in self._texts]
        postings: dict[str, list[int]] = defaultdict(list)
        for number, text in enumerate(self._texts):
            for gram in _grams(text):
                postings[gram].append(number)
        self._postings = {gram: frozenset(ids) for gram, ids in postings.items()}

    @classmethod
    def from_store(cls, store: ox.Store) -> TextIndex:
        """Every label and alias of a pyoxigraph store, in any graph."""
        pairs = []
        for predicate in NAME_PREDICATES:
            for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None, None):
                if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.Literal):
                    pairs.append((quad.subject.value, quad.object.value))
        return cls(pairs)

    def __len__(self) -> int:
        return len(self._texts)

    def _matching(self, text: str) -> list[int]:
        """Numbers of the distinct names containing `text` (lower-cased), in name order."""
        needle = text.lower()
        grams = _grams(needle)
        if not grams:
            return [n for n, name in enumerate(self._texts) if needle in name]
        lists = sorted((self._postings.get(g, frozenset()) for g in grams), key=len)
        found = set(lists[0]).intersection(*lists[1:])
        return sorted(n for n in found if needle in self._texts[n])

    def search(self, text: str, limit: int | None = None) -> list[str]:
        """IRIs of the entities with a name containing `text` (case-insensitive), sorted.

        With `limit`, at most that many (the caller can tell "too many" by asking limit + 1)."""
        iris = sorted({iri for n in self._matching(text) for iri in self._owners[n]})
        return iris if limit is None else iris[:limit]

    def names(self, text: str, limit: int = 20) -> list[NameHit]:
        """Up to `limit` (entity, name) pairs whose name contains `text`, by name."""
        hits: list[NameHit] = []
        for n in self._matching(text):
            hits += [NameHit(iri, name) for iri, name in sorted(self._owners[n].items())]
            if len(hits) >= limit:
                break
        return hits[:limit]
