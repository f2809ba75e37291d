"""Regression on new wording: articles nobody tuned the rules for (tests/data/news), built
with the model and asked the who-met-whom saved query, as an analyst would."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

pytestmark = [pytest.mark.model, pytest.mark.slow]

NEWS = Path(__file__).resolve().parent / "data" / "news"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from kg.build import build_dataset
    from kg.web import create_app

    out = tmp_path_factory.mktemp("news") / "graph.trig"
    build_dataset(NEWS, out)
    return create_app({"KG_GRAPH": str(out), "TESTING": True, "KG_TIMEOUT": 10.0}).test_client()


def _pairs(client, **params) -> dict[frozenset[str], dict]:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    rows = client.get(f"/queries/who-met-whom.json?{query}").get_json()["results"]["bindings"]
    return {frozenset((r["participant_label"]["value"], r["met_with_label"]["value"])): r for r in rows}


def test_who_met_whom_about_rafah_on_new_wording(client):
    found = _pairs(client, topic="Rafah")
    qatar_pm = "Mohammed bin Abdulrahman Al Thani"
    assert {frozenset((qatar_pm, "Hamas")), frozenset((qatar_pm, "Mohammed Darwish"))} <= set(found)
    row = found[frozenset((qatar_pm, "Hamas"))]
    assert row["location_label"]["value"] == "Doha" and row["date"]["value"] == "2025-03-10"
    assert not any("David Barnea" in pair for pair in found)          # a denied meeting


def test_roles_groups_and_later_meetings_on_new_wording(client):
    found = _pairs(client, topic="")
    # "Egypt's foreign minister received a US congressional delegation", "headed by Graham"
    assert frozenset(("Badr Abdelatty", "Lindsey Graham")) in found
    assert found[frozenset(("Badr Abdelatty", "Lindsey Graham"))]["location_label"]["value"] == "Cairo"
    # "Barrack ... later held talks with Prime Minister Nawaf Salam": its own meeting
    assert found[frozenset(("Tom Barrack", "Joseph Aoun"))]["location_label"]["value"] == "Baabda"
    salam = found[frozenset(("Tom Barrack", "Nawaf Salam"))]
    assert salam.get("location_label", {}).get("value") != "Baabda"
    # "The Jordanian monarch was later received by Macron": the monarch the article named
    assert frozenset(("Abdullah II", "Emmanuel Macron")) in found
    # planned ("is scheduled to hold talks") and denied ("did not meet") are not held
    assert frozenset(("Prince Faisal bin Farhan", "Abbas Araghchi")) not in found
    assert frozenset(("Recep Tayyip Erdogan", "Benjamin Netanyahu")) not in found


# -- the seventeen articles of tests/data/news_gold (annotated by eval/GUIDELINES.md) ----------
GOLD = Path(__file__).resolve().parent / "data" / "news_gold"
# Held meetings the extractor still misses, and pairs it still adds, with the reason (the
# figures of the last run are in tests/data/news_gold/README.md). Anything else must match.
KNOWN_MISSED = {
    ("anadolu_erdogan_sharaa", frozenset(("Asaad al-Shaibani", "Recep Tayyip Erdogan"))),  # "followed by
    ("anadolu_erdogan_sharaa", frozenset(("Ahmed al-Sharaa", "Hakan Fidan"))),  # inter-delegation talks
    ("anadolu_erdogan_sharaa", frozenset(("Asaad al-Shaibani", "Hakan Fidan"))),  # attended by A and B"
    ("wafa_abbas_receives", frozenset(("Ayman Safadi", "Majed Faraj"))),   # "and Majed Faraj, head of"
    ("aa_kallas_fidan_brussels", frozenset(("Hakan Fidan", "Mark Rutte"))),  # "Fidan's visit ... also
                                                                  # included a meeting with Rutte"
}
KNOWN_EXTRA = {
    ("anadolu_erdogan_sharaa", frozenset(("Recep Tayyip Erdogan", "Syria"))),   # headline "Syrian President"
    ("ap_board_of_peace", frozenset(("Egypt", "National Committee for the Administration of Gaza"))),
    ("ap_board_of_peace", frozenset(("Egypt", "Nickolay Mladenov"))),   # "officials who attended"
}


def _fold(text: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"^the ", "", text.lower().replace("’", "'").strip())


def _gold() -> tuple[dict[str, str], list[dict]]:
    names: dict[str, str] = {}
    for line in (GOLD / "entities.jsonl").read_text(encoding="utf-8").splitlines():
        entity = json.loads(line)
        for name in [entity["name"], *entity["aliases"]]:
            names.setdefault(_fold(name), entity["name"])
    lines = [json.loads(x) for x in (GOLD / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    return names, lines


def test_held_meetings_of_the_annotated_articles_are_found_and_nothing_else(client):
    names, lines = _gold()
    docs = {line["doc"][:-4] for line in lines}
    held = {(line["doc"][:-4], frozenset((line["s"], line["o"]))) for line in lines
            if line["rel"] == "metWith" and not line.get("planned") and not line.get("negated")}
    rows = client.get("/queries/who-met-whom.json?topic=").get_json()["results"]["bindings"]
    found = set()
    for row in rows:
        doc = row["article"]["value"].rsplit("/", 1)[-1]
        pair = frozenset(names.get(_fold(row[k]["value"]), row[k]["value"])
                         for k in ("participant_label", "met_with_label"))
        if doc in docs:
            found.add((doc, pair))
    assert held - found == KNOWN_MISSED            # planned and denied meetings are never rows
    assert found - held == KNOWN_EXTRA


def test_places_and_dates_of_new_wording(client):
    found = _pairs(client, topic="", who="Khalil")   # "Talks were held Tuesday in Doha between ..."
    row = found[frozenset(("Mohammed bin Abdulrahman Al Thani", "Khalil al-Hayya"))]
    assert row["location_label"]["value"] == "Doha" and row["date"]["value"] == "2026-01-20"
    found = _pairs(client, topic="", who="Husni")    # "traveled to Amman on Sunday, where he held talks"
    assert found[frozenset(("Tzachi Hanegbi", "Ahmed Husni"))]["date"]["value"] == "2026-02-08"
    kushner = _pairs(client, topic="Rafah", who="Kushner")   # "Witkoff and Kushner were received by"
    assert frozenset(("Benjamin Netanyahu", "Jared Kushner")) in kushner
