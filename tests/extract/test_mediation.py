"""kg.extract.mediation: hyphenated brokers and demonym mediators (saved parses)."""
from __future__ import annotations

from rules import extraction_of


def test_us_brokered_and_swiss_and_qatari_mediation():
    mediators = {m.mediator.text for m in extraction_of("mediation").mediations}
    assert mediators == {"United States", "Switzerland", "Qatar"}
