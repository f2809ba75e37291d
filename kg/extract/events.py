"""Events from frames: the second half of the discourse pass.

One meeting is often told in several sentences: a headline, the sentence that reports it,
"the meeting focused on ...", "the delegation included ...", "X also attended". Frames are
read in text order; a meeting frame joins the latest event it shares a participant with
(same status, no conflicting place or date), an anaphoric frame ("the talks", "both
sides") adds to the current event, a frame told as another's time reference ("two days
after A met B") is an event of its own. Every frame keeps its own sides, so pairs are only
made where one frame put two agents on different sides.
"""
from __future__ import annotations

from kg.extract.event_model import Event, Group
from kg.extract.sides import specific
from kg.extract.frames import (
    Agent, DemandFrame, Frames, JoinFrame, MeetingFrame, Ref, TopicFrame,
)
from kg.extract.references import Resolver, key_of
from kg.records import Topic

Frame = MeetingFrame | JoinFrame | TopicFrame | DemandFrame


class EventBuilder:
    """Builds the events of one article from its frames."""

    def __init__(self, resolver: Resolver, frames: Frames) -> None:
        self.resolver = resolver
        self.frames = frames
        self.events: list[Event] = []
        self.current: Event | None = None
        self.calls: list[DemandFrame] = []          # the latest sentence's demands

    def build(self) -> list[Event]:
        items: list[Frame] = [*self.frames.meetings, *self.frames.joins, *self.frames.topics,
                              *self.frames.demands]
        for item in sorted(items, key=lambda f: (f.sent.index, _rank(f), f.trigger)):
            if isinstance(item, MeetingFrame):
                self._meeting(item)
            elif isinstance(item, JoinFrame):
                self._join(item)
            elif isinstance(item, TopicFrame):
                self._topics(item)
            else:
                self._demand(item)
        for event in self.events:
            event.finish(self.resolver)
        return [e for e in self.events if e.pairs()]

    # -- meetings ------------------------------------------------------------------------
    def _meeting(self, frame: MeetingFrame) -> None:
        if frame.links_calls and self.calls:       # "The call came during ...'s meeting"
            frame.topics.extend(_call_topics(self.calls))
            frame.when = frame.when or next((c.when for c in self.calls if c.when), None)
        if not frame.sides and frame.earlier and self.current is not None:
            brokers = self._mediators()        # a mediator of the talks is not a party
            parties = [p for p in self.current.entity_parties(self.resolver)
                       if key_of(p[0]) not in brokers]
            if len(parties) >= 2:
                earlier = Event(status="held", separate=True)
                earlier.add(Group(parties, frame.sent), frame)
                self.events.append(earlier)
            return
        if not frame.sides:
            self._anaphoric(frame)
            return
        sides = self._expand_back_references(frame.sides)
        if len(sides) < 2:            # "Egypt welcomed its accession": nobody to meet
            return
        target = None if frame.separate or frame.later else self._match(frame, sides)
        if target is None:
            target = Event(status=frame.status, separate=frame.separate)
            if frame.offset_days:
                target.anchor, target.offset = self.current, frame.offset_days
                target.anchor_when = frame.anchor_when
            self.events.append(target)
        target.add(Group(sides, frame.sent, first_whole=frame.subject_side, loose=frame.loose), frame)
        if not frame.separate:
            self.current = target

    def _anaphoric(self, frame: MeetingFrame) -> None:
        event = self.current
        if event is None or not frame.anaphoric:
            return
        if frame.status != event.status and frame.status != "held":
            return
        event.describe(frame)

    def _match(self, frame: MeetingFrame, sides: list[list[Agent]]) -> Event | None:
        """The latest event this frame tells again: same status, every side names one of
        its parties (or someone belonging to one), no other place or day."""
        for event in reversed(self.events):
            if event.separate or event.status != frame.status:
                continue
            parties = event.party_keys(self.resolver)
            if not all(self._side_keys(side) & parties for side in sides):
                continue
            if frame.location and event.location and key_of(frame.location) != key_of(event.location):
                continue
            if specific(frame.when) and specific(event.when) and \
                    frame.when.lower() != event.when.lower():
                continue
            return event
        return None

    def _mediators(self) -> set[str]:
        """Who the article says mediates or brokers (its earlier rounds' go-betweens)."""
        return {key_of(m) for f in self.frames.mediations for a in f.mediators
                for m in self.resolver.resolve(a)}

    def _expand_back_references(self, sides: list[list[Agent]]) -> list[list[Agent]]:
        """"The two sides had been holding talks": the parties of the current event."""
        if len(sides) == 1 and len(sides[0]) == 1 and isinstance(sides[0][0], Ref) \
                and sides[0][0].kind == "group" and not sides[0][0].owners and self.current:
            brokers = self._mediators()      # "both sides" are never the go-between
            return [kept for s in self.current.parties()
                    for kept in [[a for a in s if not self._keys([[a]]) & brokers]] if kept]
        return sides

    def _side_keys(self, side: list[Agent]) -> set[str]:
        """A side's participants and the countries and organizations they belong to."""
        named = [m for a in side for m in self.resolver.resolve(a)]
        return {key_of(m) for m in named} | {k for m in named for k in self.resolver.affiliation(m)}

    def _keys(self, sides: list[list[Agent]]) -> set[str]:
        return {key_of(m) for side in sides for a in side for m in self.resolver.resolve(a)}

    # -- what else is said of the current meeting -----------------------------------------
    def _join(self, frame: JoinFrame) -> None:
        event = self._event_with(frame.group, frame.status) if frame.group else self.current
        if event is None:
            return
        if frame.mode == "attend":
            event.attend(frame.agents, frame.sent, frame.parties)
        else:
            event.add_members(frame.group, frame.agents, frame.sent, self.resolver)

    def _event_with(self, group: list[Agent], status: str) -> Event | None:
        keys = self._keys([group])
        candidates = [e for e in reversed(self.events) if not e.separate and e.status == status]
        for event in candidates + [e for e in reversed(self.events) if e not in candidates]:
            if keys & event.keys(self.resolver) or keys & event.party_keys(self.resolver):
                return event
        people = [m for a in group for m in self.resolver.resolve(a) if m.kind == "Person"]
        if self.current and any(self.resolver.affiliation(p) & self.current.party_keys(self.resolver)
                                for p in people):
            return self.current
        return None

    def _topics(self, frame: TopicFrame) -> None:
        if not frame.speakers:
            if self.current is not None:
                self.current.topics.extend(frame.topics)
            return
        keys = self._keys([frame.speakers])
        for event in reversed(self.events):
            if keys & event.keys(self.resolver):
                event.topics.extend(frame.topics)
                return

    def _demand(self, frame: DemandFrame) -> None:
        if not self.calls or self.calls[-1].sent.index != frame.sent.index:
            self.calls = []
        self.calls.append(frame)
        event = self.current
        if event is None or event.status != "held":
            return
        callers = self._keys([frame.callers])
        if not callers & event.keys(self.resolver) or frame.sent.index - event.last_sentence > 6:
            return
        told_here = [g for g in event.groups if callers & self._keys(g.sides) and (
            g.sent.index == frame.sent.index or _same_subject(g.topics, frame))]
        if told_here:      # "A urged B to X during meetings": X belongs to A and B's meetings
            told_here[-1].topics.extend(_call_topics([frame]))
        else:
            event.topics.extend(_call_topics([frame]))


def _same_subject(topics: list[Topic], frame: DemandFrame) -> bool:
    """A demand told again later ("Witkoff pressed Israel to reopen Rafah") keeps the scope
    the first telling gave it."""
    words = set(frame.label.lower().split())
    return any(t.entity is not None and (t.entity in frame.about or
                                         t.entity.text.lower().split()[0] in words) for t in topics)


def _call_topics(calls: list[DemandFrame]) -> list[Topic]:
    """A demand voiced at a meeting is one of its topics (with what it is about)."""
    return [Topic(call.label, m) for call in calls for m in (call.about or [None])]


def _rank(frame: Frame) -> int:
    """Within one token position: meetings first, then what joins or describes them."""
    return {MeetingFrame: 0, JoinFrame: 1, TopicFrame: 2, DemandFrame: 3}[type(frame)]


__all__ = ["EventBuilder"]
