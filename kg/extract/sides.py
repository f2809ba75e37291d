"""Who stands on which side: dates that name a day, one side per party, own-side filters."""
from __future__ import annotations

import re

from kg.extract.references import Resolver, key_of
from kg.records import Mention


def specific(when: str | None) -> bool:
    """A date expression that names a day ("Saturday", "November 6"), not "next week"."""
    return bool(when) and bool(re.search(
        r"(?i)\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|"
        r"sep|oct|nov|dec)[a-z]*\.?\s+\d|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|"
        r"\b(?:today|yesterday|tomorrow|tonight)\b", when))


def not_own(attendees: list[Mention], others: list[Mention], resolver: Resolver) -> list[Mention]:
    own = {key_of(m) for m in attendees} | {k for m in attendees for k in resolver.affiliation(m)}
    return [m for m in others if key_of(m) not in own and not
            (m.kind == "Person" and resolver.affiliation(m) & own)]


def dedupe(mentions: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    return [m for m in mentions if not (key_of(m) in seen or seen.add(key_of(m)))]


def split_by_party(side: list[Mention], resolver: Resolver) -> list[list[Mention]]:
    """One side per party when the members are known to belong to different ones."""
    parties: dict[str, list[Mention]] = {}
    loose: list[Mention] = []
    for m in side:
        owners = resolver.affiliation(m) if m.kind == "Person" else set()
        key = min(owners) if len(owners) >= 1 else None
        (parties.setdefault(key, []) if key else loose).append(m)
    if len(parties) <= 1:
        return [side]
    groups = list(parties.values())
    groups[0].extend(loose)
    return groups
