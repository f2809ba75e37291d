"""kg.extract.text: lines, datelines, titles and normalization (no model at all)."""
from __future__ import annotations

from kg.extract.text import classify, dateline_length, normalize, publisher, title

PAGE = """Photo: Leaders gather in Geneva. (AFP Photo)
Talks resume in Geneva as mediators push for truce
By Jane Roe and John Doe
GENEVA, March 3 (Reuters) - Envoys met on Monday.
Read more: other stories
KEY POINTS
"""


def test_lines_are_classified():
    kinds = [line.kind for line in classify(PAGE)]
    assert kinds == ["caption", "headline", "skip", "body", "skip", "skip"]


def test_title_skips_captions_and_publisher_comes_from_the_dateline():
    lines = classify(PAGE)
    assert title(lines, PAGE) == "Talks resume in Geneva as mediators push for truce"
    assert publisher(PAGE, lines) == "Reuters"


def test_datelines():
    assert dateline_length("BEIRUT: Lebanese officials said") == len("BEIRUT: ")
    assert dateline_length("Nairobi, KNA - The talks") == len("Nairobi, KNA - ")
    assert dateline_length("Kenya, Uganda and Ethiopia met.") == 0
    # the state agencies' style: full date with year, agency, double hyphen
    assert dateline_length("Riyadh, January 22, 2026, SPA -- His Highness received") == \
        len("Riyadh, January 22, 2026, SPA -- ")
    assert dateline_length("Talks in Doha -- what next") == 0


def test_normalization_keeps_every_offset():
    text = "al‑Hayya’s “talks”\u00a0resumed"
    assert len(normalize(text)) == len(text)
    assert normalize(text) == 'al-Hayya\'s "talks" resumed'
