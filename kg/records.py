"""Records passed between the stages: text -> mentions -> relations -> entities -> triples.

They are plain frozen dataclasses so that no spaCy object escapes `kg.extract` and no
rdflib object exists before `kg.graph`. Offsets are character offsets into `Article.text`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["Person", "Organization", "Country", "Place", "Group"]
Status = Literal["held", "planned", "negated"]


@dataclass(frozen=True)
class Article:
    """One source document; `doc_id` is the file stem and names its graph and IRIs."""

    doc_id: str
    file_name: str
    title: str
    date: dt.date | None
    text: str
    url: str | None = None
    publisher: str | None = None


@dataclass(frozen=True)
class Evidence:
    """The sentence a fact came from, as offsets into the article text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """A span naming an entity.

    `key` is the gazetteer id ("country/egypt") when a data file knows the name, and is
    filled for every mention by `kg.resolve` ("person/ibrahim-kalin").
    """

    start: int
    end: int
    text: str
    kind: Kind
    key: str | None = None


@dataclass(frozen=True)
class Topic:
    """What a meeting was about: an entity (the Rafah crossing) or a short label."""

    label: str
    entity: Mention | None = None


@dataclass(frozen=True)
class Meeting:
    """An n-ary meeting; participants are grouped by side, pairs are only made across sides.

    One event told in several sentences can give several Meeting records (each with the
    sides one statement put together); they share `event` (numbered per article) and list
    every sentence that reports the event in `support`.
    """

    sides: tuple[tuple[Mention, ...], ...]
    topics: tuple[Topic, ...]
    location: Mention | None
    date: dt.date | None
    status: Status
    evidence: Evidence
    support: tuple[Evidence, ...] = ()
    event: int = 0


@dataclass(frozen=True)
class Demand:
    """`caller` calls for `label` (a short phrase), about some entities, urging `addressee`."""

    caller: Mention
    label: str
    about: tuple[Mention, ...]
    addressee: Mention | None
    evidence: Evidence


@dataclass(frozen=True)
class Mediation:
    """`mediator` mediates what `label` names; `party` is set when a party is named instead."""

    mediator: Mention
    label: str
    party: Mention | None
    evidence: Evidence


@dataclass(frozen=True)
class Containment:
    """The text states that `place` lies in `container`."""

    place: Mention
    container: Mention
    evidence: Evidence


@dataclass(frozen=True)
class Post:
    """`holder` holds a post (`role`: "head", "member", "foreign minister") in `organization`."""

    holder: Mention
    role: str
    organization: Mention
    evidence: Evidence


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    demands: tuple[Demand, ...] = ()
    mediations: tuple[Mediation, ...] = ()
    containments: tuple[Containment, ...] = ()
    posts: tuple[Post, ...] = ()


@dataclass(frozen=True)
class Entity:
    """One real-world entity across all articles; `key` is its IRI path below the base."""

    key: str
    kind: Kind
    label: str
    aliases: frozenset[str] = field(default_factory=frozenset)
    wikidata: str | None = None
