"""What a per-sentence rule returns: candidate frames, read off one sentence, never changed later.

A frame names its agents as they are written: a `Mention` when the text names the entity, a
`Ref` when it only points at one ("he", "the Egyptian foreign minister", "the delegation").
The discourse pass (`kg.extract.discourse`) resolves the refs and builds events from the
frames of the whole article; no rule reaches back into an earlier sentence's frames.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

from kg.records import Mention, Topic

RefKind = Literal["pronoun", "role", "group"]


@dataclass(frozen=True)
class Ref:
    """A phrase standing for agents the article names elsewhere.

    `roles` are role classes from kg/data/roles.json ("foreign", "intelligence", "leader");
    `owners` the countries or organizations the role or group belongs to ("Egyptian").
    """

    kind: RefKind
    token: int
    text: str
    plural: bool = False
    roles: frozenset[str] = frozenset()
    owners: tuple[Mention, ...] = ()


Agent = Union[Mention, Ref]


def ident(agent: Agent) -> str:
    """A comparable identity: the entity key, else the text (refs: kind and position)."""
    if isinstance(agent, Ref):
        owners = ",".join(o.key or o.text for o in agent.owners)
        return f"ref:{agent.kind}:{agent.token}:{owners}"
    return agent.key or agent.text


@dataclass(frozen=True)
class Sentence:
    """Where a frame was read: sentence index, character span (into the article) and its line kind."""

    index: int
    start: int
    end: int
    first_token: int
    kind: str = "body"


@dataclass
class MeetingFrame:
    """"A met B", "talks between A and B", "the meeting focused on X" (anaphoric: no sides).

    `separate` marks a meeting told as the time reference of another ("came two days after
    a delegation met ..."): it is its own event. `links_calls` marks "The call came during
    ...": the previous sentence's demands were made at this meeting.
    """

    sides: list[list[Agent]]
    sent: Sentence
    trigger: int
    status: str = "held"
    location: Mention | None = None
    when: str | None = None
    topics: list[Topic] = field(default_factory=list)
    anaphoric: bool = False
    separate: bool = False
    links_calls: bool = False
    offset_days: int = 0          # "two days after A met B": B's meeting is 2 days earlier
    anchor_when: str | None = None  # the date of what it is told relative to ("on Thursday")
    earlier: bool = False         # "previous rounds of talks": an earlier meeting of the parties
    later: bool = False           # "later held talks with ...": another meeting, after the last
    subject_side: bool = False    # sides[0] is one subject ("A and B met C"): never split it
    loose: set[str] = field(default_factory=set)  # parties added "along with": an attendee list may drop them


@dataclass
class JoinFrame:
    """Who else was at a meeting.

    mode "attend": "X also attended the meeting" (X is a party of its own);
    mode "member": "the delegation included A, B", "was headed by A", "A will be joined by B"
    (members of the side `group` stands on; `group` None = the last meeting's group side).
    """

    agents: list[Agent]
    sent: Sentence
    trigger: int
    mode: Literal["attend", "member"] = "attend"
    group: list[Agent] = field(default_factory=list)
    status: str = "held"
    parties: bool = False         # "the meeting included A alongside B": one party each


@dataclass
class TopicFrame:
    """"The discussions focused on X", "Both sides discussed Y", "Burhan and Salman discussed Z"."""

    topics: list[Topic]
    sent: Sentence
    trigger: int
    speakers: list[Agent] = field(default_factory=list)   # empty: the meeting itself


@dataclass
class DemandFrame:
    """`callers` call for `label` about some entities, urging `addressee`."""

    callers: list[Agent]
    label: str
    about: list[Mention]
    addressee: Agent | None
    sent: Sentence
    trigger: int
    bare_caller: bool = False               # an unnamed "officials" subject
    caller_chars: tuple[int, int] = (0, 0)  # the subject phrase: not what the demand is about
    is_call_subject: bool = False           # "The call came during ...": about earlier calls
    when: str | None = None                 # "called on Sunday for ..."
    counted: int = 0                        # "the two ministers": the last meeting's 2 people


@dataclass
class MediationFrame:
    mediators: list[Agent]
    label: str
    party: Mention | None
    sent: Sentence


@dataclass
class ContainmentFrame:
    place: Mention
    container: Mention
    sent: Sentence


@dataclass
class RoleFrame:
    """A person the text gives a role: "Egyptian Foreign Minister Badr Abdelatty", "Kalin, head
    of MIT". `post` is written as a W3C ORG post when `organization` is set."""

    holder: Mention
    roles: frozenset[str]
    owners: tuple[Mention, ...]
    sent: Sentence
    post: str = ""
    organization: Mention | None = None


@dataclass
class Frames:
    """Every frame of one article, in text order per kind."""

    meetings: list[MeetingFrame] = field(default_factory=list)
    joins: list[JoinFrame] = field(default_factory=list)
    topics: list[TopicFrame] = field(default_factory=list)
    demands: list[DemandFrame] = field(default_factory=list)
    mediations: list[MediationFrame] = field(default_factory=list)
    containments: list[ContainmentFrame] = field(default_factory=list)
    roles: list[RoleFrame] = field(default_factory=list)

    def extend(self, other: "Frames") -> None:
        for name in self.__dataclass_fields__:
            getattr(self, name).extend(getattr(other, name))
