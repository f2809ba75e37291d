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
    assert mediators == {"Norway", "Switzerland", "Egypt", "Qatar", "United States", "Oman", "Kuwait"}
