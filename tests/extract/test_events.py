"""kg.extract.events / event_model: one event from several sentences (saved parses)."""
from __future__ import annotations

import datetime as dt

from rules import extraction_of, pairs


def test_members_of_a_delegation_meet_the_other_side_not_each_other():
    found = pairs(extraction_of("composition"))
    assert {frozenset(("Asaad al-Shaibani", "Mazloum Abdi")),
            frozenset(("Murhaf Abu Qasra", "Mazloum Abdi")), frozenset(("Syria", "Mazloum Abdi"))} <= found
    assert frozenset(("Asaad al-Shaibani", "Murhaf Abu Qasra")) not in found


def test_an_attendee_meets_everyone_at_the_meeting_but_their_own_side():
    found = pairs(extraction_of("attendance"))
    assert frozenset(("Hassan Rashad", "Khalifa Haftar")) in found
    assert frozenset(("Hassan Rashad", "Abdel Fattah el-Sisi")) not in found    # both Egyptian
    places = {m.location.text for m in extraction_of("attendance").meetings}
    assert places == {"El Alamein"}                       # said once, true of the whole event


def test_planned_and_denied_meetings_are_never_held():
    ex = extraction_of("status")
    assert pairs(ex, "planned") == {frozenset(("Narendra Modi", "Xi Jinping"))}
    assert pairs(ex, "negated") == {frozenset(("Modi", "Shehbaz Sharif"))}
    assert pairs(ex) == set()


def test_a_follow_up_sentence_gives_the_meeting_its_topics():
    (meeting,) = extraction_of("topic_statement").meetings
    assert {t.label for t in meeting.topics} >= {"normalisation of relations", "status of the Ibar bridge"}
    assert meeting.date == dt.date(2025, 6, 2) and meeting.location.text == "Brussels"


def test_a_meeting_told_as_a_time_reference_is_dated_from_it():
    (meeting,) = extraction_of("sequence").meetings       # "two days after ... met ..."
    assert meeting.date == dt.date(2025, 6, 3)            # Thursday 5 June minus two days
