"""The discourse pass: one per article, from the frames of all its sentences to its facts.

It resolves refs (`kg.extract.references`), builds events (`kg.extract.events`) and turns
every frame into a resolved fact still tied to its sentences. An unnamed "Officials"
calling for something stands for the parties of the article's held meetings.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc

from kg.extract.agents import AgentReader
from kg.extract.event_model import Event
from kg.extract.events import EventBuilder
from kg.extract.frames import Agent, DemandFrame, Frames, RoleFrame, Sentence
from kg.extract.spans import line_of
from kg.extract.references import Resolver, key_of
from kg.records import Mention

SUBJECT_DEPS = ("nsubj", "nsubjpass")
STOP = {"the", "and", "for", "from", "its", "all", "with", "into", "any", "this", "that", "their",
        "full", "new", "both"}


@dataclass
class Found:
    """What the discourse pass found in one article, tied to sentences (not yet records)."""

    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    demands: list[tuple[Mention, DemandFrame, Mention | None]] = field(default_factory=list)
    mediations: list[tuple[Mention, str, Mention | None, Sentence]] = field(default_factory=list)
    containments: list[tuple[Mention, Mention, Sentence]] = field(default_factory=list)
    posts: list[RoleFrame] = field(default_factory=list)


def discourse(doc: Doc, reader: AgentReader, frames: Frames) -> Found:
    """Resolve and assemble the frames of one article."""
    resolver = Resolver(reader.gaz, _people(doc, reader), frames.roles,
                        _subjects(doc, reader), lambda: _groups(doc, reader))
    events = EventBuilder(resolver, frames).build()
    found = Found(mentions=_readable(doc, reader), events=events)
    parties = _parties(events)
    for frame in frames.demands:
        callers = _resolve_all(resolver, frame.callers)
        if frame.bare_caller and not callers:
            callers = parties
        if frame.counted and not callers:
            callers = _met_before(events, frame.sent.index, frame.counted)
        addressee = _resolve_all(resolver, [frame.addressee]) if frame.addressee else []
        for caller in callers:
            if not _restated(found.demands, caller, frame):
                found.demands.append((caller, frame, addressee[0] if len(addressee) == 1 else None))
    for frame in frames.mediations:
        for mediator in _resolve_all(resolver, frame.mediators):
            found.mediations.append((mediator, frame.label, frame.party, frame.sent))
    found.containments = [(c.place, c.container, c.sent) for c in frames.containments]
    found.posts = [r for r in frames.roles if r.organization is not None and r.post]
    return found


def _restated(demands: list, caller: Mention, frame: DemandFrame) -> bool:
    """A demand the same caller already made, told again ("called for Israel's full
    withdrawal ... He underscored the need to ensure Israel's withdrawal"): shares half the
    shorter label's content words and no conflicting subject."""
    words = _content(frame.label)
    about = {key_of(m) for m in frame.about}
    for other_caller, other, _ in demands:
        if key_of(other_caller) != key_of(caller) or other.sent.index == frame.sent.index:
            continue                   # one sentence's list names distinct demands
        other_words, other_about = _content(other.label), {key_of(m) for m in other.about}
        if about and other_about and not about & other_about:
            continue
        shorter = min(len(words), len(other_words)) or 1
        if len(words & other_words) / shorter >= 0.5:
            return True
    return False


def _content(label: str) -> set[str]:
    """Content-word stems of a label ("implementing" and "implementation" meet)."""
    words = re.findall(r"[a-z]+", label.lower())
    return {w[:6] for w in words if w not in STOP and len(w) > 2}


def _resolve_all(resolver: Resolver, agents: list[Agent]) -> list[Mention]:
    seen: set[str] = set()
    out = []
    for agent in agents:
        for m in resolver.resolve(agent):
            if key_of(m) not in seen:
                seen.add(key_of(m))
                out.append(m)
    return out


def _met_before(events: list[Event], index: int, count: int) -> list[Mention]:
    """"The two ministers called for ...": the people of a meeting told before that had that
    many, the one the article tells most about (then the latest)."""
    found: list[tuple[int, int, list[Mention]]] = []
    for event in events:
        told = [s.index for s in event.sentences if s.index < index]
        if event.status != "held" or not told:
            continue
        people: dict[str, Mention] = {}
        for group in event.groups:
            for m in (m for side in group.resolved for m in side if m.kind == "Person"):
                people.setdefault(key_of(m), m)
        if len(people) == count:
            found.append((len(event.sentences), max(told), list(people.values())))
    return max(found, key=lambda f: f[:2])[2] if found else []


def _parties(events: list[Event]) -> list[Mention]:
    """The countries and organizations that held meetings in the article."""
    seen: dict[str, Mention] = {}
    for event in events:
        if event.status == "held":
            for group in event.groups:
                for side in group.resolved:
                    for m in side:
                        if m.kind in ("Country", "Organization"):
                            seen.setdefault(key_of(m), m)
    return list(seen.values())


def _readable(doc: Doc, reader: AgentReader) -> list[Mention]:
    """Mentions on story lines (captions and page furniture name no entity by themselves)."""
    return [m for m in reader.m.items if _story(doc, m.start)]


def _story(doc: Doc, char: int) -> bool:
    line = line_of(doc, char)
    return line is None or line.readable


def _people(doc: Doc, reader: AgentReader) -> list[tuple[int, Mention]]:
    out, last = [], None
    for i, mention in sorted(reader.m.by_token.items()):
        if mention is not last and mention.kind == "Person" and _story(doc, mention.start):
            out.append((i, mention))
        last = mention
    return out


def _subjects(doc: Doc, reader: AgentReader) -> tuple[list[int], Callable[[int], list[Agent]]]:
    """The subject tokens on story lines, and what one names, for "he" and "they"."""
    deps = reader.m.words.dep
    found = [i for i, dep in enumerate(deps) if (dep in SUBJECT_DEPS or _by_agent(doc[i]))
             and _story(doc, doc[i].idx)]
    return found, lambda i: reader.agents(doc[i])


def _by_agent(token) -> bool:
    """"announced by Prince Faisal after he met Rubio": the agent of a passive is its doer."""
    return token.dep_ == "pobj" and token.head.dep_ == "agent"


def _groups(doc: Doc, reader: AgentReader) -> list[tuple[int, str, list[Mention]]]:
    """Group phrases whose owner is named ("a senior Hamas delegation"), for "the delegation"."""
    out = []
    words, nouns = reader.m.words, reader.gaz.roles.group_nouns
    for i in (i for i, (w, lemma) in enumerate(zip(words.lower, words.lemma)) if w in nouns or lemma in nouns):
        token = doc[i]
        if _story(doc, token.idx):
            owners = reader.d.owners(token)
            if owners:
                out.append((token.i, token.lower_, owners))
    return out
