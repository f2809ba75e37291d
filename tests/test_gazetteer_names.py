"""kg.gazetteer: spellings of well-known names that news writes several ways."""
from __future__ import annotations

from kg.gazetteer import load


def test_arabic_name_particles_are_known_spaced_and_hyphenated():
    by_name = load().by_name
    key = by_name["mohammed bin abdulrahman bin jassim al thani"]
    assert by_name["mohammed bin abdulrahman bin jassim al-thani"] == key
    assert by_name["khalil al hayya"] == by_name["khalil al-hayya"]
