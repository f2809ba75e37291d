"""kg query, kg export and kg serve's guards, through click's CliRunner."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import cli

MINI = str(Path(__file__).parent / "data" / "mini.trig")
PEOPLE = "SELECT ?p ?l WHERE { ?p a kg:Person ; rdfs:label ?l }"


def test_query_table(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["query", "--graph", MINI, PEOPLE])
    assert result.exit_code == 0, result.output
    assert "kgr:person/ibrahim-kalin" in result.stdout and "Ibrahim Kalin" in result.stdout


def test_query_json_and_csv(runner: CliRunner, tmp_path: Path) -> None:
    doc = json.loads(runner.invoke(cli, ["query", "--graph", MINI, "--format", "json", PEOPLE]).stdout)
    assert doc["head"]["vars"] == ["p", "l"]
    query_file = tmp_path / "q.rq"
    query_file.write_text(PEOPLE, encoding="utf-8")
    result = runner.invoke(cli, ["query", "--graph", MINI, "--format", "csv", "--file", str(query_file)])
    assert result.stdout.splitlines()[0] == "p,l"


def test_query_ask_and_construct(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["query", "--graph", MINI, "ASK { ?a kg:metWith ?b }"]).stdout == "true\n"
    turtle = runner.invoke(cli, ["query", "--graph", MINI, "CONSTRUCT WHERE { ?p a kg:Person }"]).stdout
    assert list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))


@pytest.mark.parametrize("args,message", [
    (["query", "--graph", MINI, "SELECT ?s WHERE { ?s ?p }"], "syntax error"),
    (["query", "--graph", MINI, "DROP ALL"], "read-only"),
    (["query", "--graph", MINI, "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }"], "SERVICE"),
    (["query", "--graph", "missing.trig", "ASK {}"], "no such dataset file"),
    (["query", "--graph", MINI], "either a QUERY"),
    (["export", "--graph", "missing.trig"], "no such dataset file"),
    (["export", "--graph", MINI, "--format", "pdf"], "pdf"),
])
def test_errors_are_one_line(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(cli, args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert len([line for line in result.output.splitlines() if line.startswith("Error")]) == 1


@pytest.mark.parametrize("fmt,parse_as", [("trig", ox.RdfFormat.TRIG), ("nq", ox.RdfFormat.N_QUADS),
                                          ("ttl", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES),
                                          ("jsonld", ox.RdfFormat.JSON_LD), ("xml", ox.RdfFormat.RDF_XML)])
def test_export(runner: CliRunner, tmp_path: Path, fmt: str, parse_as: ox.RdfFormat) -> None:
    out = tmp_path / f"graph.{fmt}"
    result = runner.invoke(cli, ["export", "--graph", MINI, "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert list(ox.parse(path=str(out), format=parse_as))


def test_export_to_stdout(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["export", "--graph", MINI, "--format", "nt"])
    assert list(ox.parse(result.stdout_bytes, format=ox.RdfFormat.N_TRIPLES))


def test_serve_reports_bad_graph(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.trig"
    bad.write_text("this is not TriG", encoding="utf-8")
    result = runner.invoke(cli, ["serve", "--graph", str(bad), "--port", "0"])
    assert result.exit_code != 0 and "not valid RDF" in result.output


def test_no_spacy_on_the_serving_path() -> None:
    code = ("import sys, kg.store, kg.web, kg.cli; from kg.web import create_app; "
            f"from kg.store.export import export; create_app({{'KG_GRAPH': {MINI!r}, 'KG_WORKERS': 0}}); "
            "assert 'spacy' not in sys.modules, sorted(m for m in sys.modules if 'spacy' in m)")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[1])


def test_serve_rebuilds_only_a_missing_or_stale_graph(tmp_path: Path) -> None:
    import os

    from kg.cli import stale

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("Kalin met al-Hayya.")
    graph = tmp_path / "graph.trig"
    assert stale(graph, seeds) == "does not exist"
    graph.write_text("")
    os.utime(seeds / "a.txt", (graph.stat().st_mtime + 5,) * 2)
    assert stale(graph, seeds) == "is older than a.txt"
    os.utime(graph, (graph.stat().st_mtime + 10,) * 2)
    assert stale(graph, seeds) is None


def test_serve_never_rebuilds_a_named_graph(tmp_path: Path, monkeypatch) -> None:
    """`kg serve --graph FILE` serves FILE as it is, even when seeds/ beside it is newer (a
    bench once served tests/data/mini.trig and had it overwritten by a seeds/ build)."""
    import os
    import shutil
    import socket

    from kg.cli import builds_from_seeds

    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("Ibrahim Kalin met Khalil al-Hayya in Cairo.")
    graph = tmp_path / "named.trig"
    shutil.copy(MINI, graph)
    os.utime(graph, (graph.stat().st_mtime - 100,) * 2)
    before = graph.read_bytes()
    with socket.socket() as taken:  # a port in use: the server stops right after opening the store
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run([sys.executable, "-m", "kg.cli", "serve", "--graph", "named.trig",
                              "--port", str(port), "--workers", "1"],
                             cwd=tmp_path, capture_output=True, text=True, timeout=60,
                             env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
    assert run.returncode == 1 and "cannot listen" in run.stderr, run.stderr
    assert "building" not in run.stderr and graph.read_bytes() == before
    assert not builds_from_seeds(str(graph))
    monkeypatch.chdir(tmp_path)  # restored to the directory pytest ran in
    assert builds_from_seeds("data/graph.trig") and builds_from_seeds("./data/../data/graph.trig")
