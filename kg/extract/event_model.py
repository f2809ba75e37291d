"""An event as the discourse pass assembles it: groups of sides, and what was said of it.

A group is the sides one frame (or one join statement) put together; pairs are only made
across the sides of one group, never between members of one side, and never by mixing
groups. Refs stay unresolved until the whole article is read (`finish`), because "senior
Qatari officials" means the Qatari person the same event names, if it names one.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from kg.extract.frames import Agent, MeetingFrame, Ref, Sentence, ident
from kg.extract.references import Resolver, key_of
from kg.extract.sides import dedupe, not_own, specific, split_by_party
from kg.records import Mention, Topic


@dataclass
class Group:
    sides: list[list[Agent]]
    sent: Sentence
    resolved: list[list[Mention]] = field(default_factory=list)
    stand_ins: set[str] = field(default_factory=set)     # entities standing for unnamed people
    party: set[str] = field(default_factory=set)         # members' party: "the delegation included"
    topics: list[Topic] = field(default_factory=list)    # "A urged B to X during meetings": X
    whole: bool = False       # sides stay whole: "European leaders A and B will join" is one side
    first_whole: bool = False  # the subject side stays whole: "A and B met C" pairs neither A-B
    loose: set[str] = field(default_factory=set)   # sides added "along with C" (their idents)
    listing: bool = False     # "the meeting included A alongside B": who was there


@dataclass
class Event:
    status: str
    separate: bool = False
    groups: list[Group] = field(default_factory=list)
    location: Mention | None = None
    when: str | None = None
    topics: list[Topic] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    last_sentence: int = -1
    anchor: "Event | None" = None      # "two days after ...": dated relative to this event
    offset: int = 0
    anchor_when: str | None = None     # ... or to this date expression

    def add(self, group: Group, frame: MeetingFrame) -> None:
        self.groups.append(group)
        self.describe(frame)

    def describe(self, frame: MeetingFrame) -> None:
        """Place, date, topics and evidence a frame gives the event."""
        self.location = self.location or frame.location
        if not self.when or frame.when and not specific(self.when) and specific(frame.when):
            self.when = frame.when
        self.topics.extend(t for t in frame.topics if t not in self.topics)
        self._saw(frame.sent)

    def _saw(self, sent: Sentence) -> None:
        if sent not in self.sentences:
            self.sentences.append(sent)
        self.last_sentence = max(self.last_sentence, sent.index)

    def keys(self, resolver: Resolver) -> set[str]:
        return {key_of(m) for g in self.groups for s in g.sides for a in s
                for m in resolver.resolve(a)}

    def party_keys(self, resolver: Resolver) -> set[str]:
        """Participants and the countries and organizations they belong to."""
        keys = set()
        for g in self.groups:
            for side in g.sides:
                for a in side:
                    for m in resolver.resolve(a):
                        keys |= {key_of(m)} | resolver.affiliation(m)
        return keys

    def parties(self) -> list[list[Agent]]:
        return [list(s) for s in self.groups[0].sides] if self.groups else []

    def entity_parties(self, resolver: Resolver) -> list[list[Agent]]:
        """The countries and organizations that met, one side each (for "previous rounds")."""
        seen: dict[str, Mention] = {}
        for g in self.groups:
            for side in g.sides:
                for m in (m for a in side for m in resolver.resolve(a)):
                    if m.kind in ("Country", "Organization"):
                        seen.setdefault(key_of(m), m)
        return [[m] for m in seen.values()]

    def attend(self, agents: list[Agent], sent: Sentence, parties: bool = False) -> None:
        """"X (and Y) also attended": they met everyone at the meeting just told of;
        "the meeting included A alongside B": A met B."""
        if parties:
            self.groups.append(Group([[a] for a in agents], sent, listing=True))
        elif agents and self.groups:
            everyone = [a for s in self.groups[-1].sides for a in s]
            self.groups.append(Group([agents, everyone], sent, whole=True))
        self._saw(sent)

    def add_members(self, group: list[Agent], members: list[Agent], sent: Sentence,
                    resolver: Resolver) -> None:
        """"The delegation included A, B": A and B stand on the delegation's side."""
        known = self.keys(resolver)
        members = [a for a in members if not {key_of(m) for m in resolver.resolve(a)} <= known]
        if not members:                       # "a delegation headed by A met B": told already
            return
        wanted = {key_of(m) for a in group for m in resolver.resolve(a)}
        people = [m for a in group for m in resolver.resolve(a) if m.kind == "Person"]
        wanted |= {k for p in people for k in resolver.affiliation(p)}
        for g in self.groups:
            for index, side in enumerate(g.sides):
                named = [m for a in side for m in resolver.resolve(a)]
                side_keys = {key_of(m) for m in named} | {
                    k for m in named if m.kind == "Person" for k in resolver.affiliation(m)}
                if side_keys & wanted:
                    others = [a for j, s in enumerate(g.sides) if j != index for a in s]
                    self.groups.append(Group([[*people, *members], others], sent,
                                             party=side_keys | wanted))
                    self._saw(sent)
                    return

    # -- after the whole article is read ------------------------------------------------------
    def finish(self, resolver: Resolver) -> None:
        """Resolve refs in the event's context and split sides whose members belong to
        different parties ("talks with Qatar's PM and Egypt's intelligence chief")."""
        self._drop_unlisted(resolver)
        people = {key_of(m): m for g in self.groups for s in g.sides for a in s
                  if not isinstance(a, Ref) or a.kind != "group"
                  for m in resolver.resolve(a) if m.kind == "Person"}
        for g in self.groups:
            g.stand_ins = set()
            resolved = []
            for index, side in enumerate(g.sides):
                out: list[Mention] = []
                for agent in side:
                    out.extend(self._in_context(agent, resolver, people, g))
                out = dedupe(out)
                whole = g.whole or g.first_whole and index == 0
                resolved.extend([out] if whole else split_by_party(out, resolver))
            g.resolved = [s for s in resolved if s]
            if g.whole and len(g.resolved) == 2:   # an attendee does not meet their own side
                g.resolved[1] = not_own(g.resolved[0], g.resolved[1], resolver)
                g.resolved = [s for s in g.resolved if s]
        for g in self.groups:                # members of one party, said in several statements
            if g.party and g.resolved:
                g.party |= {key_of(m) for o in self.groups if o.party & g.party and o.resolved
                            for m in o.resolved[0]}
        for g in self.groups:
            if g.party and g.resolved:
                g.resolved = self._members_pairs(g, resolver)

    def _drop_unlisted(self, resolver: Resolver) -> None:
        """"A and B, along with C, met ..." then "the meeting included A's and B's envoys":
        the list of who was there leaves C out, so C was only associated, not at the table."""
        listed = {k for g in self.groups if g.listing for s in g.sides for a in s
                  for k in _party_keys(a, resolver)}
        if not listed:
            return
        for g in self.groups:
            g.sides = [s for s in g.sides if not (len(s) == 1 and ident(s[0]) in g.loose
                                                  and not _party_keys(s[0], resolver) & listed)]

    def _in_context(self, agent: Agent, resolver: Resolver, people: dict[str, Mention],
                    group: Group) -> list[Mention]:
        if isinstance(agent, Ref) and agent.kind == "group" and agent.owners:
            owners = {key_of(o) for o in agent.owners}
            named = [p for p in people.values() if resolver.affiliation(p) & owners]
            if named:
                return named
            group.stand_ins |= owners
        elif isinstance(agent, Ref) and agent.kind == "role":
            if resolver.holder(agent) is None:
                group.stand_ins |= {key_of(o) for o in agent.owners}
        return resolver.resolve(agent)

    def _members_pairs(self, group: Group, resolver: Resolver) -> list[list[Mention]]:
        """Added members meet the people of the other parties anywhere in the event, and
        entities that stand for unnamed people ("talks with Egyptian officials")."""
        members = group.resolved[0]
        own = {key_of(m) for m in members} | group.party
        others: dict[str, Mention] = {}
        for g in self.groups:
            for side in g.resolved:
                for m in side:
                    if key_of(m) in own or m.kind == "Person" and resolver.affiliation(m) & own:
                        continue
                    if m.kind == "Person" or key_of(m) in group.stand_ins | g.stand_ins:
                        others.setdefault(key_of(m), m)
        return [members, list(others.values())] if others else [members]

    def pairs(self) -> set[frozenset[str]]:
        out = set()
        for g in self.groups:
            for a, b in combinations(g.resolved, 2):
                out |= {frozenset((key_of(x), key_of(y))) for x in a for y in b
                        if key_of(x) != key_of(y)}
        return out


def _party_keys(agent: Agent, resolver: Resolver) -> set[str]:
    """The entities an agent is and belongs to (a role's owners when nobody holds it)."""
    keys = {key_of(o) for o in agent.owners} if isinstance(agent, Ref) else set()
    for m in resolver.resolve(agent):
        keys |= {key_of(m)} | resolver.affiliation(m)
    return keys
