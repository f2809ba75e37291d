"""Every saved query on the seeds graph: distinct rows, an evidence column, the who/place filters.

Only robust facts of the seeds are pinned (Kalin met Khalil al-Hayya in Istanbul about the
Rafah crossing; Badr Abdelatty met Christopher Landau in Cairo), since extraction changes.
"""
from __future__ import annotations

import html
from pathlib import Path

import pytest

from kg.queries import bind, load_queries
from kg.store import Store

pytestmark = [pytest.mark.model, pytest.mark.slow]
QUERIES = load_queries(Path(__file__).resolve().parents[1] / "queries")
KALIN = "https://newskg.example/id/person/ibrahim-kalin"


def rows(store: Store, name: str, **values: str) -> list[dict[str, str]]:
    """The query's rows as {column: value} (unbound columns left out)."""
    query = QUERIES[name]
    table = store.select(query.text, bind(query, values), query.limit)
    assert not table.truncated
    return [{c: t.value for c, t in zip(table.columns, row) if t is not None} for row in table.rows]


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_query_gives_distinct_rows_with_evidence(seeds_store: Store, name: str) -> None:
    query = QUERIES[name]
    empty = {p.name: "" for p in query.params if p.type == "string"}
    table = seeds_store.select(query.text, bind(query, empty), query.limit)
    assert table.rows, f"{name} lists nothing on the seeds"
    assert len(set(table.rows)) == len(table.rows), f"{name} repeats rows"
    assert {"evidence", "evidence_label", "article", "article_label"} <= set(table.columns), name
    col = table.columns.index("evidence_label")
    assert any(row[col] is not None for row in table.rows), f"{name} shows no sentence"


def test_who_puts_the_person_first(seeds_store: Store) -> None:
    found = rows(seeds_store, "who-met-whom", topic="", who="Kalin")
    assert found and all(r["participant"] == KALIN for r in found)
    hayya = [r for r in found if r["met_with_label"] == "Khalil al-Hayya"]
    assert hayya and all("hayya" in r["evidence_label"].lower() for r in hayya)
    assert all(r["article"].startswith("https://newskg.example/id/article/") for r in found)


def test_place_matches_meeting_places_and_what_contains_them(seeds_store: Store) -> None:
    for place in ("Cairo", "Egypt"):
        pairs = {frozenset((r["participant_label"], r["met_with_label"]))
                 for r in rows(seeds_store, "who-met-whom", topic="", place=place)}
        assert frozenset({"Badr Abdelatty", "Christopher Landau"}) in pairs, place
    istanbul = rows(seeds_store, "who-met-whom", topic="Rafah", who="Kalin", place="Istanbul")
    assert {r["met_with_label"] for r in istanbul} >= {"Khalil al-Hayya"}
    assert all(r["location_label"] == "Istanbul" for r in istanbul)
    assert rows(seeds_store, "who-met-whom", topic="", place="Atlantis") == []


def test_undated_meetings_take_the_article_date(seeds_store: Store) -> None:
    found = rows(seeds_store, "meetings")
    assert "reported" in {r["date_source"] for r in found}
    assert {r["date_source"] for r in found if "date" in r} <= {"stated", "reported"}
    assert all(r["date_source"] == "" for r in found if "date" not in r)
    assert len({r["meeting"] for r in found}) == len(found)


def test_default_graph_answers_each_solution_once(seeds_graph: Path, seeds_store: Store) -> None:
    import pyoxigraph as ox

    quads = list(ox.parse(path=str(seeds_graph), format=ox.RdfFormat.TRIG))
    met = [q.triple for q in quads if q.predicate.value.endswith("#metWith")]
    assert len(met) > len(set(met)), "the seeds state some kg:metWith in several graphs"
    table = seeds_store.select("SELECT ?a ?b WHERE { ?a kg:metWith ?b }")
    assert len(table.rows) == len({(t.subject, t.object) for t in met})
    assert len(set(table.rows)) == len(table.rows)
    count = seeds_store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    assert int(count.value) == len({q.triple for q in quads}) == seeds_store.info().triples
    per_graph = seeds_store.select("SELECT ?g ?a ?b WHERE { GRAPH ?g { ?a kg:metWith ?b } }")
    assert len(per_graph.rows) == len(met)  # GRAPH ?g still sees every graph's statement


def test_entity_page_lists_each_fact_once_with_its_evidence(seeds_store: Store) -> None:
    import re

    from kg.web import create_app

    client = create_app({"TESTING": True, "KG_STORE": seeds_store}).test_client()
    page = client.get("/id/person/ibrahim-kalin").get_data(as_text=True)
    rows = re.findall(r"<tr class=\"\w+\">(.*?)</tr>", page, re.S)
    cells = [re.sub(r"<blockquote>.*", "", r, flags=re.S) for r in rows]
    assert len(cells) == len(set(cells)), "a fact is listed twice"
    hayya = [r for r in rows if "/id/person/khalil-al-hayya" in r and "met with" in r]
    assert len(hayya) == 2  # Kalin met al-Hayya; al-Hayya met Kalin (incoming)
    outgoing = hayya[0]
    assert outgoing.count("<blockquote>") >= 2 and "reported by" in outgoing


def test_article_page_marks_every_evidence_sentence(seeds_store: Store) -> None:
    import re

    from kg.web import create_app

    client = create_app({"TESTING": True, "KG_STORE": seeds_store}).test_client()
    rows = seeds_store.select("SELECT ?s ?a ?b ?t ?art WHERE { ?s a kg:Sentence ; kg:startOffset ?a ; "
                              "kg:endOffset ?b ; kg:text ?t ; dcterms:isPartOf ?art }").rows
    article = next(r[4].value for r in rows if "hayya" in r[3].value.lower())
    mine = [r for r in rows if r[4].value == article]
    page = client.get(article.replace("https://newskg.example", "")).get_data(as_text=True)
    marked = dict(re.findall(r'<mark id="sentence-(\d+-\d+)" class="evidence"><a href="[^"]+">(.*?)</a>', page, re.S))
    for sentence, start, end, text, _ in mine:
        assert html.unescape(marked[f"{start.value}-{end.value}"]) == text.value
    assert 'id="facts-sentence-' in page and "met with" in page
    hayya = next(r for r in mine if "hayya" in r[3].value.lower())
    moved = client.get(hayya[0].value.replace("https://newskg.example", ""))
    assert moved.status_code == 303
    assert moved.headers["Location"].endswith(f"#sentence-{hayya[1].value}-{hayya[2].value}")
