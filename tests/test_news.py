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
def built(tmp_path_factory) -> Path:
    from kg.build import build_dataset

    out = tmp_path_factory.mktemp("news") / "graph.trig"
    build_dataset(NEWS, out)
    return out


@pytest.fixture(scope="module")
def client(built):
    from kg.web import create_app

    return create_app({"KG_GRAPH": str(built), "TESTING": True, "KG_TIMEOUT": 10.0}).test_client()


def _pairs(client, article: str = "", **params) -> dict[frozenset[str], dict]:
    """Who-met-whom rows by pair (of one article's meetings when `article` is given: the
    same two people may meet again in another article)."""
    query = "&".join(f"{k}={v}" for k, v in params.items())
    rows = client.get(f"/queries/who-met-whom.json?{query}").get_json()["results"]["bindings"]
    return {frozenset((r["participant_label"]["value"], r["met_with_label"]["value"])): r for r in rows
            if r["article"]["value"].endswith("/" + article) or not article}


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


# -- the 26 articles of tests/data/news_gold (annotated by eval/GUIDELINES.md) ----------------
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
    ("k2_riyadh_ministry_readout", frozenset(("Prince Faisal bin Farhan", "United Kingdom"))),  # headline
    # "receives UK Foreign Secretary": the body names her only in an apposition the parser loses
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
    found = _pairs(client, "ap_doha_hamas_talks", topic="", who="Khalil")   # "Talks were held
    # Tuesday in Doha between ..."
    row = found[frozenset(("Mohammed bin Abdulrahman Al Thani", "Khalil al-Hayya"))]
    assert row["location_label"]["value"] == "Doha" and row["date"]["value"] == "2026-01-20"
    found = _pairs(client, topic="", who="Husni")    # "traveled to Amman on Sunday, where he held talks"
    assert found[frozenset(("Tzachi Hanegbi", "Ahmed Husni"))]["date"]["value"] == "2026-02-08"
    kushner = _pairs(client, topic="Rafah", who="Kushner")   # "Witkoff and Kushner were received by"
    assert frozenset(("Benjamin Netanyahu", "Jared Kushner")) in kushner



# -- scored as the project's quality figures are (../shared/eval/score.py) ----------------------
SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"
# Today's figures (2026-11-29: metWith 0.93, mediates 1.00, callsFor 0.93, locatedIn 1.00,
# Rafah pairs 0.87) less a little: a rule change that loses facts on text it was not written
# for fails here, not only on the development sets.
FLOORS = {"metWith": 0.88, "mediates": 0.95, "callsFor": 0.88, "locatedIn": 0.95,
          "rafah_question": 0.80}


@pytest.fixture(scope="module")
def scores(built) -> dict:
    if not SCORER.exists():
        pytest.skip("the shared scorer (../shared/eval/score.py) is not beside this checkout")
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("newskg_score", SCORER)
    score = importlib.util.module_from_spec(spec)
    sys.modules["newskg_score"] = score
    spec.loader.exec_module(score)
    return score.score(built, GOLD, "inferred")


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::ResourceWarning")
@pytest.mark.parametrize("relation", sorted(FLOORS))
def test_each_relation_keeps_its_score(scores: dict, relation: str) -> None:
    found = scores[relation]
    assert found["f"] >= FLOORS[relation], (relation, found["missed"], found["spurious"])
