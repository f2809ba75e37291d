"""The text index of names and the saved queries that use it (`#+ index:`)."""
from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.matching import MAX_MATCHES, prepare
from kg.queries import SavedQueryError, bind, load_queries, parse_query
from kg.store import open_store
from kg.store.textindex import TextIndex

QUERIES = load_queries(Path(__file__).resolve().parents[1] / "queries")
HEADER = "#+ title: T\n#+ params:\n#+   - {name: t, type: string}\n"
BODY = ('SELECT ?x ?t WHERE { VALUES ?m { UNDEF } ?m ?p ?x '
        'FILTER(COALESCE(?t, "") != "" && CONTAINS(STR(?x), ?t)) }\n')


def test_index_header_is_checked() -> None:
    assert parse_query("q", HEADER + "#+ index: {t: m}\n" + BODY).index == (("t", "m"),)
    with pytest.raises(SavedQueryError, match=r"q.rq:4: index: 'u' is not a declared"):
        parse_query("q", HEADER + "#+ index: {u: m}\n" + BODY)
    with pytest.raises(SavedQueryError, match=r"VALUES \?n \{ UNDEF \}"):
        parse_query("q", HEADER + "#+ index: {t: n}\n" + BODY)
    with pytest.raises(SavedQueryError, match=r"must guard its t match"):
        parse_query("q", HEADER + "#+ index: {t: m}\n" + BODY.replace('COALESCE(?t, "") != "" && ', ""))


def test_index_matches_what_the_filter_matches(store) -> None:
    """On the mini dataset, the index finds exactly the entities the SPARQL filter finds."""
    index = store.text_index()
    assert index is not None and len(index) > 0
    for text in ("rafah", "KAL", "a", "Hamas", "zzz", "ı"):
        sparql = store.select(
            "SELECT DISTINCT ?s ?t WHERE { ?s rdfs:label|skos:altLabel ?n "
            "FILTER(isIRI(?s) && CONTAINS(LCASE(STR(?n)), LCASE(?t))) }", {"t": ox_term(text)})
        assert index.search(text) == sorted(row[0].value for row in sparql.rows), text


def ox_term(text: str):
    from kg.store import Term

    return Term.literal(text)


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.parametrize("topic", ["Rafah", "gaza", "Kalin", "a", "", "nothing-like-this", 'x"} ;'])
def test_saved_queries_same_answers_with_and_without_index(seeds_graph: Path, topic: str) -> None:
    assert any(query.index for query in QUERIES.values())   # else the loop below checks nothing
    with open_store(seeds_graph, workers=0) as local:
        for query in QUERIES.values():
            for param, _ in query.index:
                params = bind(query, {param: topic})
                text = prepare(query.text, query.index, params, local.text_index())
                assert "UNDEF" not in text or len(local.text_index().search(topic)) > MAX_MATCHES
                restored = text
                for _, var in query.index:
                    block = re.search(rf"VALUES \?{var} \{{([^}}]*)\}}", text).group(1)
                    assert re.fullmatch(r"(\s*<[^<>\"{}|^`\\\s]+>)*\s*", block)   # only IRIs written
                    restored = re.sub(rf"VALUES \?{var} \{{[^}}]*\}}", f"VALUES ?{var} {{ UNDEF }}", restored)
                assert restored == query.text
                with_index, without = local.select(text, params), local.select(query.text, params)
                assert sorted(with_index.rows, key=repr) == sorted(without.rows, key=repr)


def test_prepare_leaves_the_text_without_index_and_empties_it_without_value() -> None:
    query = parse_query("q", HEADER + "#+ index: {t: m}\n" + BODY)
    assert prepare(query.text, query.index, bind(query, {"t": "x"}), None) == query.text
    assert "VALUES ?m {  }" in prepare(query.text, query.index, bind(query, {"t": ""}), TextIndex([]))
    empty = prepare(query.text, query.index, bind(query, {"t": "x"}), TextIndex([]))
    assert "VALUES ?m {  }" in empty and ox.Store().query(empty) is not None


def test_each_query_says_which_engines_it_needs() -> None:
    """LATERAL is not in SPARQL 1.1: a query using it names the engines that run it."""
    for query in QUERIES.values():
        if re.search(r"\bLATERAL\b", re.sub(r"#[^\n]*", "", query.text)):
            assert "# Engines:" in query.text, query.name
