"""kg.extract.titles: titles read off the surface, on a Doc built by hand (no parse at all)."""
from __future__ import annotations

import spacy
from spacy.tokens import Doc

from kg.extract.titles import find_titles, title_words
from kg.gazetteer import load as load_gazetteer
from kg.records import Mention


def _doc(words: list[str]) -> Doc:
    return Doc(spacy.blank("en").vocab, words=words)


def test_every_title_token_stands_for_the_person_it_titles():
    words = ["talks", "with", "Oman", "'s", "Foreign", "Minister", "and", "Deputy", "Prime",
             "Minister", "Badr", "Albusaidi", "and", "Egypt", "'s", "intelligence", "chief",
             "Hassan", "Rashad"]
    doc = _doc(words)
    oman, egypt = Mention(0, 0, "Oman", "Country", "country/oman"), Mention(0, 0, "Egypt", "Country")
    albusaidi, rashad = Mention(0, 0, "Badr Albusaidi", "Person"), Mention(0, 0, "Hassan Rashad", "Person")
    by_token = {2: oman, 10: albusaidi, 11: albusaidi, 13: egypt, 17: rashad, 18: rashad}
    book = load_gazetteer().roles
    titled = find_titles(doc, by_token, {}, book, title_words(book))
    assert {i for i, p in titled.items() if p is albusaidi} == set(range(2, 10))
    assert {i for i, p in titled.items() if p is rashad} == {13, 14, 15, 16}
    assert 1 not in titled and 12 not in titled          # "with" and the list's "and"


def test_no_role_word_no_title():
    doc = _doc(["the", "Omani", "Badr", "Albusaidi"])
    person = Mention(0, 0, "Badr Albusaidi", "Person")
    book = load_gazetteer().roles
    assert find_titles(doc, {2: person, 3: person}, {1: "country/oman"}, book, title_words(book)) == {}
