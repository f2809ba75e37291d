"""kg.extract.references: refs resolved to the person the article names, else the owner."""
from __future__ import annotations

from rules import extraction_of, pairs


def test_a_role_description_is_the_person_the_article_names_for_it():
    # "The Jordanian foreign minister" = "Jordanian Foreign Minister Ayman Safadi"
    assert pairs(extraction_of("role_holder")) == {frozenset(("Ayman Safadi", "Kaja Kallas"))}


def test_a_role_nobody_is_named_for_stands_for_its_country():
    assert pairs(extraction_of("role_without_holder")) == {frozenset(("Kallas", "Iraq"))}


def test_the_delegation_is_the_last_delegation_whose_owner_was_named():
    assert pairs(extraction_of("group_antecedent")) == {frozenset(("Fatah", "Hassan Rashad"))}


def test_he_is_the_last_person_named_as_a_subject():
    found = pairs(extraction_of("pronoun"))
    assert frozenset(("William Ruto", "Abiy Ahmed")) in found
    assert frozenset(("Abdel Fattah al-Burhan", "Abiy Ahmed")) not in found


def test_an_acronym_in_parentheses_is_the_name_before_it():
    ex = extraction_of("acronym_and_synonyms")
    keys = {m.text: m.key for m in ex.mentions}
    assert keys["IEC"] == keys["Independent Electoral Commission"]
    found = pairs(ex)
    assert frozenset(("Hanna Nasser", "Hamas")) in found          # the IEC chairman attended
    assert not any("Hanna Nasser" in p and "Independent Electoral Commission" in p for p in found)


def test_a_national_body_is_keyed_with_its_country():
    from rules import parsed

    from kg.extract.mentions import Mentions
    from kg.gazetteer import load as load_gazetteer

    mentions = Mentions(parsed("national_bodies"), load_gazetteer())
    keys = {m.key for m in mentions.items if m.kind == "Organization"}
    assert {"organization/ukraine-national-security-council",
            "organization/united-states-national-security-council"} <= keys
