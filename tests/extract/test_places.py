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
