"""Entity resolution across articles, without spaCy."""
from __future__ import annotations

import datetime as dt

from kg.records import Article, Evidence, Extraction, Meeting, Mention
from kg.resolve import resolve

EV = Evidence(0, 10, "some text")


def article(doc_id: str) -> Article:
    return Article(doc_id, f"{doc_id}.txt", doc_id, dt.date(2026, 1, 25), "")


def meeting(a: Mention, b: Mention) -> Meeting:
    return Meeting(((a,), (b,)), (), None, None, "held", EV)


def test_spellings_merge_with_one_canonical_label_and_aliases():
    one = Extraction(article("one"), meetings=(meeting(
        Mention(0, 13, "Ibrahim Kalin", "Person", "person/ibrahim-kalin"),
        Mention(20, 25, "Hamas", "Organization", "organization/hamas")),))
    two = Extraction(article("two"), mentions=(
        Mention(0, 13, "İbrahim Kalın", "Person", "person/ibrahim-kalin"),
        Mention(0, 13, "Ibrahim Kalin", "Person", "person/ibrahim-kalin"),
        Mention(30, 36, "Turkey", "Country", "country/turkiye")))
    _, entities = resolve([one, two])
    kalin = entities["person/ibrahim-kalin"]
    assert kalin.label == "Ibrahim Kalin"
    assert "İbrahim Kalın" in kalin.aliases
    assert entities["country/turkiye"].label == "Türkiye"       # the gazetteer's name wins
    assert "Turkey" in entities["country/turkiye"].aliases
    assert entities["organization/hamas"].wikidata == "Q38799"


def test_unkeyed_mentions_get_ascii_keys_and_bare_surnames_join_the_full_name():
    one = Extraction(article("one"), mentions=(
        Mention(0, 12, "Donald Trump", "Person", "person/donald-trump"),))
    two = Extraction(article("two"), mentions=(
        Mention(0, 5, "Trump", "Person", None), Mention(9, 20, "Ynet Kalın", "Organization")))
    keyed, entities = resolve([one, two])
    assert [m.key for m in keyed[1].mentions] == ["person/donald-trump", "organization/ynet-kalin"]
    assert "Trump" in entities["person/donald-trump"].aliases


def test_every_mention_inside_relations_is_keyed():
    ex = Extraction(article("one"), meetings=(meeting(
        Mention(0, 5, "Putin", "Person"), Mention(9, 14, "Abbas", "Person")),))
    keyed, entities = resolve([ex])
    keys = {m.key for side in keyed[0].meetings[0].sides for m in side}
    assert keys == {"person/putin", "person/abbas"} and keys <= set(entities)
