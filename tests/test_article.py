"""Reading articles: validation, date marker, dates in the text, relative dates."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.extract.article import ArticleError, parse_article, read_article
from kg.extract.dates import resolve_date


def test_marker_date_is_taken_and_removed(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("date 2026-01-25 Headline here\n\nBody text.", encoding="utf-8")
    article = read_article(path)
    assert article.date == dt.date(2026, 1, 25)
    assert article.title == "Headline here"
    assert not article.text.startswith("date")


def test_latest_date_in_text_when_no_marker():
    article = parse_article("x", "x.txt", "Title\nPhoto, Jan. 25, 2026. Post of January 24, 2026.")
    assert article.date == dt.date(2026, 1, 25)
    assert parse_article("y", "y.txt", "No date at all.").date is None


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"), (b"  \n", "empty"), (b"abc\x00def", "binary"), (b"caf\xe9 au lait", "UTF-8"),
])
def test_bad_files_are_refused_with_a_reason(tmp_path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(ArticleError, match=reason):
        read_article(path)


def test_oversized_file_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 500_000)
    with pytest.raises(ArticleError, match="limit"):
        read_article(path)


@pytest.mark.parametrize("expression, expected", [
    ("on Saturday", dt.date(2026, 1, 24)), ("Sunday", dt.date(2026, 1, 25)),
    ("Yesterday", dt.date(2026, 1, 24)), ("late Tuesday", dt.date(2026, 1, 20)),
    ("January 24", dt.date(2026, 1, 24)), ("last week", None), ("November", None),
])
def test_relative_dates_resolve_against_the_article_date(expression, expected):
    assert resolve_date(expression, dt.date(2026, 1, 25)) == expected


def test_no_article_date_leaves_dates_unresolved():
    assert resolve_date("on Saturday", None) is None
