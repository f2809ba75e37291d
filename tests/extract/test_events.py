"""kg.extract.events / event_model: one event from several sentences (saved parses)."""
from __future__ import annotations

import datetime as dt

from rules import extraction_of, frames_of, pairs


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


def test_talks_held_between_two_parties_in_the_passive():
    found = pairs(extraction_of("talks_held_between"))   # "Talks were held ... between A and B"
    assert {frozenset(("Ayman Safadi", "Asaad al-Shaibani")), frozenset(("Ayman Safadi", "Syria"))} <= found


def test_a_second_name_coordinated_with_a_titled_one_is_a_guest_too():
    found = pairs(extraction_of("titled_pair_received"))  # "US envoy A and B were received by C"
    assert found == {frozenset(("Tom Barrack", "Joseph Aoun")), frozenset(("Morgan Ortagus", "Joseph Aoun"))}


def test_a_hyphenated_format_names_the_parties_of_the_next_round():
    ex = extraction_of("format_parties")   # "next round ... in the trilateral A-US-B format"
    assert pairs(ex, "planned") == {frozenset(("Armenia", "Azerbaijan")), frozenset(("Armenia", "United States")),
                                    frozenset(("Azerbaijan", "United States"))}
    assert pairs(ex) == set()


def test_earlier_rounds_are_between_the_parties_not_their_broker():
    ex = extraction_of("earlier_rounds_broker")   # "US-brokered talks"; "two previous rounds"
    assert pairs(ex) == {frozenset(("Armenia", "Azerbaijan"))}


def test_who_represents_each_party_meets_the_other_partys_representative():
    found = pairs(extraction_of("represented_by"), "planned")  # "A will be represented by X"
    assert frozenset(("Ararat Mirzoyan", "Jeyhun Bayramov")) in found


def test_talks_moved_to_a_later_day_are_planned():
    ex = extraction_of("moved_to")
    assert pairs(ex) == set() and pairs(ex, "planned") == {frozenset(("Armenia", "Azerbaijan"))}
    assert {m.date for m in ex.meetings} == {dt.date(2025, 9, 12)}


def test_a_party_added_along_with_stays_out_when_the_attendee_list_leaves_it_out():
    assert pairs(extraction_of("along_with_listed")) == {frozenset(("Jordan", "Egypt"))}
    assert frozenset(("Jordan", "European Union")) in pairs(extraction_of("along_with_unlisted"))


def test_countries_offering_to_host_talks_do_not_meet_each_other():
    ex = extraction_of("offered_to_host")
    assert pairs(ex) == pairs(ex, "planned") == set()


def test_a_title_with_its_remit_and_an_honorific_stands_for_the_name():
    doc, reader, _ = frames_of("title_for_place")   # "HE Special Envoy for Syria Tom Barrack"
    titled = {doc[i].text for i, m in reader.m.titled.items() if m.text == "Tom Barrack"}
    assert titled == {"HE", "Special", "Envoy", "for", "Syria"}
    assert pairs(extraction_of("title_for_place")) == {frozenset(("Ayman Safadi", "Tom Barrack"))}


def test_a_meeting_in_the_capital_named_after_it_is_held_there():
    """"... in the capital Amman on Sunday": the apposed name is the meeting's place."""
    meetings = extraction_of("in_the_capital_name").meetings
    assert meetings and {m.location.text for m in meetings if m.location} == {"Amman"}
def test_talks_that_followed_a_meeting_are_held_by_whose_meeting_it_was():
    ex = extraction_of("followed_by")   # "A's meeting with B was followed by talks with C later"
    found = pairs(ex)
    assert frozenset(("Abdelatty", "King Abdullah II")) in found
    assert not any("King Abdullah II" in p and ("Safadi" in p or "Ayman Safadi" in p) for p in found)
    # "The two ministers": the two people of the meeting the article tells most about
    assert {d.caller.text for d in ex.demands} == {"Ayman Safadi", "Badr Abdelatty"}


def test_a_called_off_meeting_is_denied_and_talks_held_where_one_travelled_are_held():
    ex = extraction_of("called_off_and_where")
    assert pairs(ex, "negated") == {frozenset(("Benjamin Netanyahu", "Ayman Safadi"))}
    assert pairs(ex) == {frozenset(("Ayman Safadi", "Badr Abdelatty"))}   # not planned
    assert {m.date for m in ex.meetings if m.status == "held"} == {dt.date(2025, 9, 7)}


def test_the_host_of_talks_meets_the_others_and_a_separate_meeting_between_two_is_joint():
    ex = extraction_of("hosted_quad")   # "The talks, hosted by US envoy Steve Witkoff, ..."
    held = pairs(ex)
    assert {frozenset(("Steve Witkoff", "Qatar")), frozenset(("Steve Witkoff", "Egypt"))} <= held
    assert frozenset(("Steve Witkoff", "United States")) not in held          # his own side
    assert pairs(ex, "planned") == {frozenset(("Witkoff", "Badr Abdelatty"))}   # "a separate meeting between"
    # "The three countries urged ...": the countries that met
    assert {d.caller.text for d in ex.demands} == {"United States", "Qatar", "Egypt"}




def test_role_holders_named_after_the_role_are_the_parties():
    """"The foreign ministers of Algeria and Morocco, Ahmed Attaf and Nasser Bourita, held
    talks": the names (one per country) are who met, not the countries as well."""
    ex = extraction_of("apposed_role_holders")
    assert pairs(ex) == {frozenset(("Ahmed Attaf", "Nasser Bourita")),
                         frozenset(("William Ruto", "Yoweri Museveni"))}


def test_agreeing_to_meet_is_a_plan():
    assert frozenset(("Attaf", "Bourita")) in pairs(extraction_of("apposed_role_holders"), "planned")


def test_a_negator_after_a_semicolon_says_nothing_of_the_first_clause():
    """"Omani envoy meets Houthi officials in Sanaa; Riyadh visit postponed": the parser hangs
    "meets" on "postponed", but the meeting in Sanaa was held."""
    statuses = {m.status for m in extraction_of("semicolon_clauses").meetings}
    assert statuses == {"held"}


def test_a_guest_named_after_the_places_is_the_one_received():
    """"received today at the Ministry's headquarters in Muscat the Foreign Minister of Iran,
    Abbas Araghchi": the parser apposes the guest to Muscat; the guest met the host there."""
    ex = extraction_of("shifted_object")
    assert pairs(ex) == {frozenset(("Sayyid Badr Albusaidi", "Abbas Araghchi"))}
    assert [m.location.text for m in ex.meetings] == ["Muscat"]
def test_the_meeting_was_attended_by_adds_a_participant():
    found = pairs(extraction_of("attended_by"))
    assert {frozenset(("Badr Abdelatty", "Mahmoud Abbas")), frozenset(("Badr Abdelatty", "Ayman Safadi"))} <= found


def test_a_deputy_prime_minister_and_foreign_minister_is_the_foreign_minister():
    found = pairs(extraction_of("deputy_and_post"))    # "the Jordanian foreign minister later met"
    assert frozenset(("Ayman Safadi", "Badr Abdelatty")) in found
    assert not any("Jordan" in p for p in found)


def test_its_is_the_organization_named_before_it_in_the_sentence():
    ex = extraction_of("its_talks")   # "The Hamas delegation briefed Fidan on its talks with ..."
    assert pairs(ex) == {frozenset(("Hamas", "Egypt")), frozenset(("Hamas", "Qatar"))}
    # "thanked Erdogan for Turkey's mediation and its guarantor role": Turkey's, not Hamas's
    assert "Hamas" not in {m.mediator.text for m in ex.mediations}


def test_he_after_a_passive_is_its_agent():
    found = pairs(extraction_of("agent_pronoun"))   # "announced by A after he met B"
    assert found == {frozenset(("Ayman Safadi", "Marco Rubio"))}
