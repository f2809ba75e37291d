"""kg.extract.agents / descriptions: what a noun phrase stands for (saved parses, no model)."""
from __future__ import annotations

from rules import extraction_of, frames_of, pairs

from kg.extract.frames import Ref


def test_delegation_led_by_stands_for_the_group_and_its_leader():
    found = pairs(extraction_of("delegation_led_by"))
    assert {frozenset(("Houthi", "Oman")), frozenset(("Mohammed Abdulsalam", "Oman"))} <= found
    assert frozenset(("Houthi", "Mohammed Abdulsalam")) not in found     # same side


def test_delegations_from_a_list_are_one_party_each():
    (meeting,) = extraction_of("parties_from").meetings
    assert sorted(m.text for side in meeting.sides for m in side) == ["Armenia", "Azerbaijan", "Georgia"]
    assert len(meeting.sides) == 3


def test_a_described_group_is_a_ref_with_its_owner():
    _, _, frames = frames_of("delegation_led_by")
    other = frames.meetings[0].sides[1]
    assert other and all(getattr(a, "key", None) == "country/oman" or isinstance(a, Ref) for a in other)
