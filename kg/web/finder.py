"""Find things by name: labels and aliases, accent-folded ("Kalın" = "kalin"), whole names,
prefixes and word prefixes ("kal" finds Ibrahim Kalin), and "did you mean" for a miss.

Built from the store's own labels with one SELECT, so it works on any store, and rebuilt
when the store loads a new graph. Names are few next to triples (5,500 at 1M triples).

>>> finder = Finder([("urn:kalin", "İbrahim Kalın", "Ibrahim Kalin", "Person"),
...                  ("urn:kalin", "Ibrahim Kalin", "Ibrahim Kalin", "Person"),
...                  ("urn:m1", "Ibrahim Kalin – Hamas", "Ibrahim Kalin – Hamas", "Meeting")])
>>> [hit.iri for hit in finder.search("kalin")]
['urn:kalin', 'urn:m1']
>>> [hit.label for hit in finder.suggest("Kalinn")]
['Ibrahim Kalin', 'Ibrahim Kalin – Hamas']
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from kg.iri import prefix_lines
from kg.names import fold

__all__ = ["KINDS", "NAMES", "Finder", "Hit"]

NAMES = prefix_lines(["kg", "rdfs", "skos"]) + """SELECT ?entity ?name ?label ?type WHERE {
  ?entity rdfs:label|skos:altLabel ?name . FILTER(isIRI(?entity))
  OPTIONAL { ?entity rdfs:label ?label }
  OPTIONAL { ?entity a ?type . FILTER(STRSTARTS(STR(?type), STR(kg:))) }
}"""
# The kinds a hit is shown as, most specific first (a country is also a place and an agent).
KINDS = ("Person", "Organization", "Country", "Group", "Place", "Topic", "Meeting", "Demand",
         "Article", "Agent")


@dataclass(frozen=True)
class Hit:
    """One entity found: its IRI, label, kind and the name that matched (label or alias)."""

    iri: str
    label: str
    kind: str
    matched: str


class Finder:
    """An in-memory index of (entity, name) pairs, searched with folded text."""

    def __init__(self, rows: Iterable[tuple[str, str, str | None, str | None]]) -> None:
        labels: dict[str, str] = {}
        kinds: dict[str, set[str]] = {}
        names: dict[str, dict[str, str]] = {}  # folded name -> {iri: name as written}
        for iri, name, label, kind in rows:
            labels.setdefault(iri, label or name)
            kinds.setdefault(iri, set()).update([kind.rsplit("#", 1)[-1]] if kind else [])
            names.setdefault(fold(name), {}).setdefault(iri, name)
        self._labels, self._names = labels, names
        self._kinds = {iri: next((k for k in KINDS if k in found), "") for iri, found in kinds.items()}
        words: dict[str, set[str]] = {}
        for folded in names:
            for word in folded.split():
                words.setdefault(word, set()).add(folded)
        self._words = words

    def _hit(self, iri: str, matched: str) -> Hit:
        return Hit(iri, self._labels[iri], self._kinds.get(iri, ""), matched)

    def _rank(self, hit: Hit, score: int) -> tuple:
        kind = KINDS.index(hit.kind) if hit.kind in KINDS else len(KINDS)
        return score, kind, len(hit.label), hit.label.lower(), hit.iri

    def search(self, text: str, limit: int = 50) -> list[Hit]:
        """Entities with a name equal to, starting with, or with a word starting with `text`."""
        needle = fold(text)
        if not needle:
            return []
        best: dict[str, tuple[int, str]] = {}
        for folded, owners in self._names.items():
            score = _score(folded, needle)
            if score is None:
                continue
            for iri, name in owners.items():
                if iri not in best or score < best[iri][0]:
                    best[iri] = (score, name)
        hits = [(self._hit(iri, name), score) for iri, (score, name) in best.items()]
        return [hit for hit, score in sorted(hits, key=lambda pair: self._rank(*pair))][:limit]

    def suggest(self, text: str, limit: int = 5) -> list[Hit]:
        """Entities whose name or a word of it is spelled close to `text` ("did you mean")."""
        needle = fold(text)
        close = difflib.get_close_matches(needle, list(self._names) + list(self._words),
                                          n=limit * 3, cutoff=0.75)
        found: dict[str, Hit] = {}
        for match in close:
            for folded in ([match] if match in self._names else sorted(self._words[match])):
                for iri, name in self._names[folded].items():
                    found.setdefault(iri, self._hit(iri, name))
        return sorted(found.values(), key=lambda hit: self._rank(hit, 0))[:limit]


def _score(folded: str, needle: str) -> int | None:
    """0 same name, 1 name starts with it, 2 a word starts with it, 3 contains it, else None."""
    if folded == needle:
        return 0
    if folded.startswith(needle):
        return 1
    if f" {needle}" in f" {folded}":
        return 2
    return 3 if len(needle) >= 3 and needle in folded else None
