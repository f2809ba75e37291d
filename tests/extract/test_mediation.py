"""kg.extract.mediation: hyphenated brokers and demonym mediators (saved parses)."""
from __future__ import annotations

from rules import extraction_of


def test_us_brokered_and_swiss_and_qatari_mediation():
    mediators = {m.mediator.text for m in extraction_of("mediation").mediations}
    assert mediators == {"United States", "Switzerland", "Qatar"}


def test_companions_of_a_mediator_and_its_own_mediation_efforts():
    mediators = {m.mediator.text for m in extraction_of("mediation_companions").mediations}
    # "A, together with B, is among the guarantors", "act as guarantors ... alongside C",
    # "Oman will continue its mediation efforts, together with Kuwait"
    # "thanked Jordan for its guarantor role": its = Jordan, the nearest country before it
    assert mediators == {"Norway", "Switzerland", "Egypt", "Qatar", "United States", "Oman", "Kuwait",
                         "Jordan"}


def test_companions_of_a_mediating_verb_and_of_a_role_held_as_mediator():
    """"A and B, along with C, have facilitated the talks"; "Oman would continue its efforts as
    a mediator ..., alongside Kuwait"; "Hamas praised Egypt's role as a mediator": Egypt is
    the mediator, not Hamas."""
    found = {(m.mediator.text, m.label) for m in
             extraction_of("companions_of_verbs_and_roles").mediations}
    assert {mediator for mediator, _ in found} == {"Norway", "Switzerland", "European Union",
                                                  "Oman", "Kuwait", "Egypt"}
    assert ("Oman", "talks between two sides") in found
def test_mediate_tagged_as_a_noun_after_its_subjects():
    mediators = {m.mediator.text for m in extraction_of("mediate_appos").mediations}
    assert mediators == {"Egypt", "Qatar", "Turkey", "United States"}
