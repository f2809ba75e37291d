"""Every saved query and page gives the same answers from Oxigraph's server (after `kg push`)
as from the embedded store: parameters reach subqueries as typed terms."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.queries import bind, load_queries
from kg.store import QueryError, Store, Table, Term, open_store
from kg.store.substitute import substitute
from kg.web import create_app
from tests.servers import oxigraph_server

pytestmark = [pytest.mark.slow, pytest.mark.model]
QUERIES = load_queries(Path(__file__).resolve().parents[1] / "queries")
VALUES = ("", "Rafah", "Kalin", "Cairo", "Gaza", "Hamas", "2026-01-20")


@pytest.fixture(scope="module")
def stores(seeds_graph: Path, tmp_path_factory) -> Iterator[tuple[Store, Store, str]]:
    """(embedded, remote, remote query URL): the seeds graph in both, loaded by `kg push`."""
    with oxigraph_server(tmp_path_factory.mktemp("oxi"), "--union-default-graph") as root:
        pushed = CliRunner().invoke(cli, ["push", root, "--graph", str(seeds_graph)])
        assert pushed.exit_code == 0, pushed.output
        with open_store(seeds_graph, workers=0) as local, open_store(f"{root}/query") as remote:
            yield local, remote, f"{root}/query"


def concatenated(text: str) -> set[str]:
    """Columns made by GROUP_CONCAT: SPARQL leaves the order of their items to the engine."""
    return set(re.findall(r"GROUP_CONCAT\([^)]*\)\s+AS\s+\?(\w+)", text, re.I))


def rows(table: Table, text: str) -> list[tuple]:
    """The rows in a stable order, GROUP_CONCAT items sorted (same answer, any engine order)."""
    lists = [i for i, c in enumerate(table.columns) if c in concatenated(text)]

    def norm(row: tuple) -> tuple:
        return tuple(", ".join(sorted(t.value.split(", "))) if i in lists and t is not None else t
                     for i, t in enumerate(row))
    return sorted((norm(r) for r in table.rows), key=repr)


def normalize(bindings: list[dict], lists: set[str]) -> list[dict]:
    """SPARQL JSON rows with GROUP_CONCAT items sorted."""
    return [{k: ({**v, "value": ", ".join(sorted(v["value"].split(", ")))} if k in lists else v)
             for k, v in row.items()} for row in bindings]


def cases() -> list[tuple[str, dict[str, str]]]:
    """Each saved query with its defaults, then each string/date parameter set to each value."""
    out = []
    for name, query in sorted(QUERIES.items()):
        out.append((name, {}))
        for param in query.params:
            for value in VALUES:
                if param.type == "string" or (param.type == "date" and value[:1] in ("", "2")):
                    out.append((name, {param.name: value}))
    return out


@pytest.mark.parametrize("name,raw", cases(), ids=lambda v: v if isinstance(v, str) else repr(v))
def test_saved_query_same_answers(stores, name: str, raw: dict[str, str]) -> None:
    local, remote, _ = stores
    query = QUERIES[name]
    params = bind(query, raw)
    mine, theirs = local.select(query.text, params), remote.select(query.text, params)
    assert theirs.columns == mine.columns
    assert rows(theirs, query.text) == rows(mine, query.text)


def test_who_met_whom_about_rafah_reaches_the_subquery(stores) -> None:
    local, remote, _ = stores
    query = QUERIES["who-met-whom"]
    params = bind(query, {"topic": "Rafah"})
    pairs = {(r[0].value, r[1].value) for r in remote.select(query.text, params).rows}
    everything = {(r[0].value, r[1].value) for r in remote.select(query.text, bind(query, {"topic": ""})).rows}
    assert pairs and pairs < everything      # the topic filters: it reached the subquery
    assert pairs == {(r[0].value, r[1].value) for r in local.select(query.text, params).rows}


def test_pages_same_from_remote_store(stores, seeds_graph: Path) -> None:
    local, remote, url = stores
    apps = [create_app({"TESTING": True, "KG_GRAPH": str(seeds_graph), "KG_STORE": local}),
            create_app({"TESTING": True, "KG_GRAPH": url, "KG_STORE": remote})]
    clients = [app.test_client() for app in apps]
    for name in QUERIES:
        answers = [client.get(f"/queries/{name}.json") for client in clients]
        assert [a.status_code for a in answers] == [200, 200]
        bodies = [json.loads(a.data) for a in answers]
        lists = concatenated(QUERIES[name].text)
        assert [sorted(map(repr, normalize(b["results"]["bindings"], lists))) for b in bodies] == \
            [sorted(map(repr, normalize(bodies[0]["results"]["bindings"], lists)))] * 2
        assert [c.get(f"/queries/{name}").status_code for c in clients] == [200, 200]
    kalin = "/id/person/ibrahim-kalin"
    for path in ("/", "/queries", kalin):
        assert [c.get(path).status_code for c in clients] == [200, 200], path
    turtles = [c.get(kalin, headers={"Accept": "text/turtle"}).data for c in clients]
    assert turtles[0] == turtles[1]


def test_user_text_is_never_query_text() -> None:
    hostile = 'x" } } ; DROP ALL ; SELECT * { ?s ?p "'
    text = substitute('SELECT ?t WHERE { ?s ?p ?o FILTER(CONTAINS(?o, ?t)) }', {"t": Term.literal(hostile)})
    import pyoxigraph as ox

    assert ox.Store().query(text) is not None          # still one well-formed query
    with pytest.raises(QueryError, match="not an IRI"):
        substitute("SELECT ?t { ?t ?p ?o }", {"t": Term.uri("http://x/> } DROP ALL {")})
