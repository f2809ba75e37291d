"""Resolving refs to the entities the article names: the first half of the discourse pass.

"he" is the last person named as a subject; "they" the last group or list of parties;
"the Egyptian foreign minister" the person the article gives that post (from its titles
and appositions, or the gazetteer's office holders among the people it names); "the
delegation" the last delegation whose owner was named. Only when no named holder exists
does a role stand for its country or organization.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from kg.extract.frames import Agent, Ref, RoleFrame
from kg.gazetteer import Gazetteer
from kg.records import Mention


@dataclass
class Person:
    """What the article says of one person: where it names them, posts, owners."""

    mention: Mention
    positions: list[int] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    owners: set[str] = field(default_factory=set)      # country / organization keys


def key_of(mention: Mention) -> str:
    return mention.key or mention.text


class Resolver:
    """Resolves refs of one article."""

    def __init__(self, gaz: Gazetteer, people: list[tuple[int, Mention]], roles: list[RoleFrame],
                 subjects: tuple[list[int], Callable[[int], list[Agent]]],
                 groups: Callable[[], list[tuple[int, str, list[Mention]]]]):
        """`subjects` are the subject tokens and a reader of what one names, read only
        while resolving a pronoun; `groups` only when an unowned group noun needs them."""
        self.gaz, self.book = gaz, gaz.roles
        self.people: dict[str, Person] = {}
        for index, mention in people:
            person = self.people.setdefault(key_of(mention), Person(mention))
            person.positions.append(index)
            holder = gaz.holders.get(mention.key or "")
            if holder is not None:
                person.roles |= holder.roles
                person.owners |= self._with_countries({holder.owner})
        for frame in roles:
            person = self.people.get(key_of(frame.holder))
            if person is not None:
                person.roles |= frame.roles
                person.owners |= self._with_countries({key_of(o) for o in frame.owners})
        (self._subject_tokens, self._read_subject), self._read_groups = subjects, groups
        self._subject_agents: dict[int, list[Agent]] = {}

    def _subject(self, index: int) -> list[Agent]:
        if index not in self._subject_agents:
            self._subject_agents[index] = self._read_subject(index)
        return self._subject_agents[index]

    @cached_property
    def groups(self) -> list[tuple[int, str, list[Mention]]]:
        return sorted(self._read_groups(), key=lambda g: g[0])

    def _with_countries(self, owners: set[str]) -> set[str]:
        """Owners plus the countries owning organizations ("MIT" -> Türkiye)."""
        return owners | {c for o in owners if (c := self.gaz.country_of(o))}

    def affiliation(self, mention: Mention) -> set[str]:
        """The countries and organizations a participant belongs to (itself if not a person)."""
        if mention.kind != "Person":
            return self._with_countries({key_of(mention)})
        person = self.people.get(key_of(mention))
        return set(person.owners) if person else set()

    def resolve(self, agent: Agent) -> list[Mention]:
        """The named entities an agent stands for, with descriptions' fallbacks."""
        if isinstance(agent, Mention):
            return [agent]
        if agent.kind == "pronoun":
            return self._pronoun(agent)
        if agent.kind == "role":
            holder = self.holder(agent)
            return [holder] if holder else list(agent.owners)
        if agent.owners:
            return list(agent.owners)
        return self._group(agent)

    def holder(self, ref: Ref) -> Mention | None:
        """The person the article names for a described post, if exactly one fits best."""
        owners = self._with_countries({key_of(o) for o in ref.owners})
        fits = [p for p in self.people.values() if self.book.compatible(ref.roles, frozenset(p.roles))
                and (not owners or owners & p.owners)]
        if not owners and len(fits) != 1:
            return None                       # "the foreign minister" of whom? only if unique
        if not fits:
            return None
        exact = [p for p in fits if ref.roles & p.roles]     # "official" before any holder
        fits = exact or fits
        before = [p for p in fits if any(i < ref.token for i in p.positions)]
        pool = before or fits
        return max(pool, key=lambda p: max((i for i in p.positions if i < ref.token), default=-1)
                   ).mention

    def _pronoun(self, ref: Ref) -> list[Mention]:
        index = bisect_left(self._subject_tokens, ref.token)
        for position in reversed(self._subject_tokens[:index]):     # nearest subject first
            agents = self._subject(position)
            named = [m for a in agents if not (isinstance(a, Ref) and a.kind == "pronoun")
                     for m in self.resolve(a)]
            if not named:
                continue
            plural = len(named) > 1 or named[0].kind != "Person"
            if plural == ref.plural:
                return named
        return []

    def _group(self, ref: Ref) -> list[Mention]:
        """"the delegation", "the officials": the last group whose owner the text named."""
        index = bisect_left(self.groups, ref.token, key=lambda g: g[0])
        earlier = self.groups[:index]
        same = [g for g in earlier if g[1] == ref.text.lower()]
        for _, _, owners in reversed(same or earlier):
            return list(owners)
        return []
