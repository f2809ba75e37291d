"""Role classes: which titles and descriptions name the same kind of post.

"Egypt's spy chief", "the Egyptian intelligence chief" and "Minister of General
Intelligence" are one post; "Qatar's Prime Minister" is not its foreign minister, and a
deputy secretary of state is not the secretary. The cue lists live in kg/data/roles.json;
this module only compares. No spaCy here: the rules hand it lower-cased words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

DEPUTY, FORMER = "deputy", "former"


@dataclass(frozen=True, eq=False)
class RoleBook:
    """Cue phrases per role class, the generic classes and the group nouns."""

    classes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    heads: frozenset[str] = frozenset()
    generic: frozenset[str] = frozenset()
    qualifiers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    group_nouns: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    collectives: frozenset[str] = frozenset()

    @classmethod
    def from_json(cls, raw: dict) -> "RoleBook":
        return cls(classes={k: tuple(v) for k, v in raw["classes"].items()},
                   heads=frozenset(raw["heads"]), generic=frozenset(raw["generic"]),
                   qualifiers={k: tuple(v) for k, v in raw["qualifiers"].items()},
                   group_nouns=frozenset(raw["group_nouns"]),
                   titles=frozenset(raw.get("titles", ())),
                   collectives=frozenset(raw.get("collectives", ())))

    def classify(self, words: list[str]) -> frozenset[str]:
        """The role classes a phrase names (with "deputy"/"former" when qualified).

        >>> book = RoleBook({"foreign": ("secretary of state",), "official": ("official",)},
        ...                 qualifiers={"deputy": ("deputy",)})
        >>> sorted(book.classify("us deputy secretary of state".split()))
        ['deputy', 'foreign']
        >>> sorted(book.classify("the armenian and azerbaijani secretaries of state".split()))
        ['foreign']
        >>> sorted(book.classify("deputy official and secretary of state".split()))
        ['foreign', 'official']
        """
        parts = [self._classify(part.split()) for part in " ".join(words).lower().split(" and ")]
        posts = [p for p in parts if p - set(self.qualifiers)]
        if not posts:
            return frozenset()
        qualified = {q for q in self.qualifiers if all(q in p for p in posts)}  # "Deputy PM and
        return frozenset(c for p in posts for c in p if c not in self.qualifiers) | qualified  # FM"

    def _classify(self, words: list[str]) -> frozenset[str]:
        text = " " + " ".join(w.lower() for w in words) + " "
        text = re.sub(r"[’']s\b", " ", text)
        text += " " + " ".join(_singular(w) for w in text.split()) + " "   # "foreign ministers"
        found = {name for name, cues in self.classes.items()
                 if any(f" {cue} " in text for cue in cues)}
        if not found:
            return frozenset()
        for name, cues in self.qualifiers.items():
            if any(f" {cue} " in text or f" {cue}-" in text for cue in cues):
                found.add(name)
        return frozenset(found)

    def is_role_word(self, word: str) -> bool:
        """A word that can head a role description ("minister", "chief", "envoy")."""
        return word.lower() in self.heads_of_cues

    @cached_property
    def heads_of_cues(self) -> frozenset[str]:
        return frozenset(cue.split()[-1] for cues in self.classes.values() for cue in cues)

    def compatible(self, wanted: frozenset[str], held: frozenset[str]) -> bool:
        """Whether a description (`wanted`) fits a holder's classes (`held`).

        >>> book = RoleBook(heads=frozenset({"head_of_state", "leader"}),
        ...                 generic=frozenset({"leader", "official"}))
        >>> book.compatible(frozenset({"leader"}), frozenset({"head_of_state"}))
        True
        >>> book.compatible(frozenset({"foreign"}), frozenset({"foreign", "deputy"}))
        False
        """
        specific = wanted - self.generic - {DEPUTY, FORMER}
        if (FORMER in wanted) != (FORMER in held) or specific and (DEPUTY in wanted) != (DEPUTY in held):
            return False
        if specific:
            return bool(specific & held)
        if "leader" in wanted:
            return bool(held & self.heads)
        return bool(held - {DEPUTY, FORMER})


def _singular(word: str) -> str:
    """"secretaries" -> "secretary", "ministers" -> "minister" (enough for role cues)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word
