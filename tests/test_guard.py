"""The query guard's reading of a query: normalization, forms, datasets, saved queries."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.store import QueryError, QueryRefused, inspect_query
from kg.store.guard import MAX_QUERY_CHARS, normalize, trusted_info

QUERIES = Path(__file__).resolve().parents[1] / "queries"


@pytest.mark.parametrize("raw,expected", [
    ("SELECT ?\\u0061 {}", "SELECT ?a {}"),
    ("SELECT ?\\U00000061 {}", "SELECT ?a {}"),
    ("ASK { # comment\r?s ?p ?o }", "ASK { # comment\n?s ?p ?o }"),
    ("ASK {\r\n}", "ASK {\r\n}"),
    ('ASK { ?s ?p "\\u0022" }', 'ASK { ?s ?p """ }'),  # a quote, as the grammar says
])
def test_normalize_expands_escapes_once_and_ends_lines_alike(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize("raw", ["ASK { ?s ?p \\u005Cu0041 }", "ASK { \\uD800 }", "ASK { \\U00110000 }",
                                 "ASK { \\u00410000 }"])
def test_escapes_that_spell_escapes_or_nothing_are_refused(raw: str) -> None:
    with pytest.raises(QueryError):
        inspect_query(raw)


def test_the_engine_runs_what_the_guard_read() -> None:
    info = inspect_query('SELECT * WHERE { ?s ?p "\\u0022 } #" . SERVICE <http://x/> {} }')
    assert info.text.startswith('SELECT * WHERE { ?s ?p "" } #')  # SERVICE is in a comment


def test_lateral_is_read_and_kept() -> None:
    query = "SELECT * WHERE { ?s ?p ?o LATERAL { SELECT ?x WHERE { ?s ?q ?x } LIMIT 1 } }"
    info = inspect_query(query)
    assert info.form == "SELECT" and "LATERAL" in info.text
    with pytest.raises(QueryRefused):
        inspect_query("SELECT * WHERE { ?s ?p ?o LATERAL { SERVICE <http://x/> { ?s ?q ?x } } }")


def test_size_and_depth_limits() -> None:
    with pytest.raises(QueryError, match="limit is"):
        inspect_query("ASK { " + " " * MAX_QUERY_CHARS + "}")
    with pytest.raises(QueryError, match="nested too deeply"):
        inspect_query("SELECT * WHERE " + "{" * 10_000 + "}" * 10_000)
    assert inspect_query("SELECT * WHERE " + "{" * 40 + "}" * 40).form == "SELECT"


def test_one_thread_ending_its_parse_keeps_the_limit_of_another() -> None:
    """The recursion limit is process-wide: a thread that entered first and leaves first must
    not put the default back under a parse still running in another thread."""
    import sys
    import threading
    import time

    from kg.store.guard import PARSER_RECURSION, _recursion_limit

    seen: list[int] = []

    def other_parse() -> None:
        with _recursion_limit(PARSER_RECURSION):
            time.sleep(0.3)
            seen.append(sys.getrecursionlimit())

    default = sys.getrecursionlimit()
    with _recursion_limit(PARSER_RECURSION):
        other = threading.Thread(target=other_parse)
        other.start()
        time.sleep(0.1)  # the other thread is trying to enter (or, unguarded, inside)
    other.join(5)
    assert seen == [PARSER_RECURSION] and sys.getrecursionlimit() == default


def test_from_names_resolved_with_escaped_local_names() -> None:
    info = inspect_query("PREFIX g: <urn:graph/> SELECT * FROM g:a\\/b FROM NAMED <urn:n> { }")
    assert (info.from_graphs, info.from_named) == (("urn:graph/a/b",), ("urn:n",))


def test_trusted_text_is_not_parsed_but_its_order_is_noted() -> None:
    assert trusted_info("SELECT * { ?s ?p ?o } ORDER BY ?s").ordered is True
    assert trusted_info('SELECT * { ?s ?p "ORDER BY" }').ordered is False


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.rq")), ids=lambda p: p.stem)
def test_every_saved_query_passes_the_guard(path: Path) -> None:
    """Saved queries run as trusted text (not parsed per request): they are checked here."""
    assert inspect_query(path.read_text(encoding="utf-8")).form in ("SELECT", "CONSTRUCT", "ASK")
