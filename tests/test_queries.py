"""Saved queries: strict headers, errors that name the file, typed binding, and every shipped query."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.queries import SavedQuery, SavedQueryError, bind, load_queries, parse_query
from kg.store import QueryError, Store, Term, open_store
from kg.web import create_app

ROOT = Path(__file__).resolve().parents[1]
QUERIES = load_queries(ROOT / "queries")
HOSTILE = ['"} ; DROP ALL ; #', "'", '"', "}", "{", '") } UNION { ?s ?p ?o } #', "\\", "?topic",
           "<script>alert(1)</script>", "Rafah\" . } #"]
XSD = "http://www.w3.org/2001/XMLSchema#"
GOOD = """#+ title: Demo
#+ description: A demo.
#+ params:
#+   - {name: who, type: string, label: Who, default: Kalin}
#+ limit: 10
SELECT ?s ?who WHERE { ?s ?p ?who }
"""


def _write(tmp_path: Path, text: str, name: str = "broken.rq") -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path / name


def test_parse_header_and_body() -> None:
    query = parse_query("demo", GOOD)
    assert query.title == "Demo" and query.description == "A demo." and query.limit == 10
    assert [(p.name, p.type, p.label, p.default) for p in query.params] == [("who", "string", "Who", "Kalin")]
    assert query.text.startswith("SELECT ?s ?who")


@pytest.mark.parametrize(("text", "reason"), [
    ("SELECT * WHERE { ?s ?p ?o }", "title"),
    ("#+ title: [unclosed\nSELECT * WHERE { ?s ?p ?o }", "YAML"),
    ("#+ title: T\n#+ colour: red\nSELECT * WHERE { ?s ?p ?o }", "unknown header key 'colour'"),
    ("#+ title: T\n#+ params:\n#+   - {name: x, type: float}\nSELECT ?x WHERE { ?s ?p ?x }", "type"),
    ("#+ title: T\n#+ params:\n#+   - {name: x, type: string}\nSELECT ?s WHERE { ?s ?p ?o }",
     "?x is not in the query"),
    ("#+ title: T\n#+ params:\n#+   - {name: d, type: date, default: soon}\nSELECT ?d WHERE { ?s ?p ?d }",
     "default"),
    ("#+ title: T\n#+ params:\n#+   - {name: x, type: string}\n#+   - {name: x, type: string}\n"
     "SELECT ?x WHERE { ?s ?p ?x }", "twice"),
    ("#+ title: T\n#+ limit: 0\nSELECT * WHERE { ?s ?p ?o }", "limit"),
    ("#+ title: T\nSELECT * WHERE { ?s ?p ", "does not parse"),
    ("#+ title: T\nASK { ?s ?p ?o }", "SELECT"),
    ("#+ title: T\n#+ params:\n#+   - {name: x, type: string}\nSELECT ?s WHERE { ?s ?p ?x }", "SELECT"),
])
def test_broken_files_name_the_file_and_reason(tmp_path: Path, text: str, reason: str) -> None:
    _write(tmp_path, text)
    with pytest.raises(SavedQueryError) as info:
        load_queries(tmp_path)
    message = str(info.value)
    assert message.startswith(str(tmp_path / "broken.rq") + ":"), message
    assert reason in message


def test_error_points_at_the_header_line(tmp_path: Path) -> None:
    _write(tmp_path, "#+ title: T\n#+ params:\n#+   - name: x\n#+     type: blob\nSELECT ?x WHERE { ?s ?p ?x }")
    with pytest.raises(SavedQueryError, match=r"broken\.rq:4: parameter 'x' has type 'blob'"):
        load_queries(tmp_path)


def test_broken_query_stops_start_up(tmp_path: Path, store: Store) -> None:
    _write(tmp_path, "#+ title: T\nSELECT * WHERE {")
    with pytest.raises(SavedQueryError, match="broken.rq"):
        create_app({"TESTING": True, "KG_STORE": store, "KG_QUERIES": str(tmp_path)})


def test_bind_types_terms() -> None:
    query = parse_query("typed", "#+ title: T\n#+ params:\n"
                        "#+   - {name: s, type: string}\n#+   - {name: i, type: iri}\n"
                        "#+   - {name: n, type: integer}\n#+   - {name: x, type: decimal}\n"
                        "#+   - {name: d, type: date}\n"
                        "SELECT ?s ?i ?n ?x ?d WHERE { ?i ?s ?n . ?x ?d ?o }")
    bound = bind(query, {"s": "Kalın", "i": "https://newskg.example/id/x", "n": "007", "x": "1.50",
                         "d": "2026-01-24"})
    assert bound == {"s": Term.literal("Kalın"), "i": Term.uri("https://newskg.example/id/x"),
                     "n": Term.literal("7", XSD + "integer"), "x": Term.literal("1.50", XSD + "decimal"),
                     "d": Term.literal("2026-01-24", XSD + "date")}
    assert bind(query, {}) == {}


@pytest.mark.parametrize(("name", "value"), [("i", "not an iri"), ("i", "https://x/<y>"), ("n", "1e3"),
                                             ("x", "abc"), ("d", "24/01/2026"), ("d", "2026-1-1")])
def test_bind_rejects_values_of_the_wrong_type(name: str, value: str) -> None:
    query = parse_query("typed", "#+ title: T\n#+ params:\n#+   - {name: i, type: iri}\n"
                        "#+   - {name: n, type: integer}\n#+   - {name: x, type: decimal}\n"
                        "#+   - {name: d, type: date}\nSELECT ?i ?n ?x ?d WHERE { ?i ?n ?x . ?d ?p ?o }")
    with pytest.raises(QueryError):
        bind(query, {name: value})


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_stay_literals(value: str) -> None:
    assert bind(parse_query("demo", GOOD), {"who": value}) == {"who": Term.literal(value.strip())}


def test_shipped_queries_are_all_there() -> None:
    assert {"who-met-whom", "who-mediates", "who-calls-for", "meetings", "where-is",
            "evidence"} <= set(QUERIES)
    assert [p.name for p in QUERIES["who-met-whom"].params] == ["topic", "who", "place"]
    assert QUERIES["who-met-whom"].params[0].default == "Rafah"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_query_runs_on_mini(store: Store, name: str) -> None:
    query = QUERIES[name]
    table = store.select(query.text, bind(query), query.limit)
    assert table.rows, f"{name} with its defaults finds nothing in mini.trig"
    assert not table.truncated


def _pairs(store: Store, query: SavedQuery, topic: str) -> set[frozenset[str]]:
    table = store.select(query.text, bind(query, {"topic": topic}), query.limit)
    assert table.columns[:2] == ("participant_label", "met_with_label")
    return {frozenset((row[0].value, row[1].value)) for row in table.rows}


def test_who_met_whom_about_rafah(store: Store) -> None:
    query = QUERIES["who-met-whom"]
    assert frozenset({"Ibrahim Kalin", "Hamas"}) in _pairs(store, query, "Rafah")
    assert frozenset({"Ibrahim Kalin", "Hamas"}) in _pairs(store, query, "rafah border")  # an alias
    assert _pairs(store, query, "Gaza ceasefire") == {frozenset({"Ibrahim Kalin", "Hamas"})}
    assert _pairs(store, query, "Nowhere at all") == set()


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_hostile_values_never_change_the_query(store: Store, name: str, value: str) -> None:
    query = QUERIES[name]
    before = store.triple_count()
    for param in (p for p in query.params if p.type == "string"):
        table = store.select(query.text, bind(query, {param.name: value}), query.limit)
        assert table.rows == (), f"{name}: {param.name}={value!r} matched something in mini.trig"
    assert store.triple_count() == before


@pytest.fixture()
def hostile_store(tmp_path: Path) -> Iterator[Store]:
    """A graph whose topic is literally named with the injection string."""
    path = tmp_path / "hostile.trig"
    path.write_text(Path(ROOT / "tests/data/browser.trig").read_text(encoding="utf-8").replace(
        '"Rafah crossing"', '"\\"} ; DROP ALL ; # crossing"'), encoding="utf-8")
    with open_store(path, timeout=10, workers=0) as opened:
        yield opened


def test_hostile_value_matches_only_as_a_value(hostile_store: Store) -> None:
    query = QUERIES["who-met-whom"]
    pairs = _pairs(hostile_store, query, '"} ; DROP ALL ; #')
    assert pairs == {frozenset({"Ibrahim Kalin", "Khalil al-Hayya"}), frozenset({"Ibrahim Kalin", "Hamas"})}
    assert _pairs(hostile_store, query, '"} ; DROP ALL ; # nothing') == set()
    assert hostile_store.ask('ASK { ?s ?p "Ibrahim Kalin" }')
