"""kg.extract.places: possessive genitives, "city of", back-references (saved parses)."""
from __future__ import annotations

from rules import extraction_of


def test_place_genitive_city_of_and_the_swiss_city():
    found = {(c.place.text, c.container.text) for c in extraction_of("places").containments}
    assert found == {("Hatay province", "Turkey"), ("Aleppo", "Syria"), ("Geneva", "Switzerland")}


def test_a_described_place_lies_in_the_country_its_demonym_names():
    found = {(c.place.text, c.container.text) for c in extraction_of("described_places").containments}
    # "Tyre, a Lebanese port city near the Israeli border", "the Jordanian capital, Amman"
    assert found == {("Tyre", "Lebanon"), ("Amman", "Jordan")}


def test_a_place_then_a_comma_phrase_says_where_it_lies():
    """"Port Sudan, in eastern Sudan, has become ...": the parser hangs "in" on the verb or on
    the comma, not on the place; the comma after the place is what says it is an apposition."""
    found = {(c.place.text, c.container.text)
             for c in extraction_of("place_comma_phrase").containments}
    assert found == {("Port Sudan", "Sudan"), ("Kerem Shalom crossing", "Israel")}


def test_where_talks_were_held_is_not_where_their_topic_lies():
    """"Talks on the Kerem Shalom crossing in Amman": Amman is the meeting's place (the parser
    hangs it on the crossing), so no containment crossing-in-Amman."""
    ex = extraction_of("talks_venue_not_containment")
    assert not ex.containments
    assert [m.location.text for m in ex.meetings if m.location] == ["Amman"]


def test_a_datelines_place_lies_in_the_next_one():
    """"AMMAN, Jordan (AP) —", "NABLUS, West Bank, June 2 (Reuters) -": each dateline place
    lies in the next; a date or agency ends the list, and the gazetteer vetoes a wrong
    country ("TRIPOLI, Egypt")."""
    found = {(c.place.text, c.container.text) for c in extraction_of("datelines").containments}
    assert found == {("Amman", "Jordan"), ("Nablus", "West Bank")}


def test_a_port_city_lies_on_its_sea_not_in_it():
    """"the Red Sea port city of Jeddah, in the west of Saudi Arabia": Jeddah lies in Saudi
    Arabia; a sea, river or gulf is never its container (kg/data/cues.json water_bodies)."""
    found = {(c.place.text, c.container.text) for c in extraction_of("water_bodies").containments}
    assert found == {("Jeddah", "Saudi Arabia")}
