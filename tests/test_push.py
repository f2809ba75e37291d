"""`kg push` into a real `oxigraph serve` started by the test: bulk load, then only changes."""
from __future__ import annotations

import shutil
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import kg.push
from kg.cli import cli
from tests.servers import oxigraph_server

pytestmark = [pytest.mark.slow, pytest.mark.model]
EXTRA = "<https://newskg.example/id/x> <http://www.w3.org/2000/01/rdf-schema#label> \"added\""


def remote_quads(root: str) -> set[str]:
    """Every quad in the store (GSP GET of the whole dataset), as N-Quads lines."""
    request = urllib.request.Request(f"{root}/store", headers={"Accept": "application/n-quads"})
    body = urllib.request.urlopen(request, timeout=30).read()
    return {str(q) for q in ox.parse(body, format=ox.RdfFormat.N_QUADS)}


def local_quads(path: Path) -> set[str]:
    return {str(q) for q in ox.parse(path=str(path))}


def edit(path: Path) -> tuple[str, str, str]:
    """Remove one article graph, change another, add a new one; returns their names."""
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.TRIG)
    articles = sorted(g.value for g in store.named_graphs()
                      if g.value.split("/")[-1] not in ("ontology", "entities", "background", "inferred"))
    removed, changed, added = articles[0], articles[1], articles[1] + "-new"
    store.remove_graph(ox.NamedNode(removed))
    for name in (changed, added):
        s, p, o = (ox.NamedNode("https://newskg.example/id/x"),
                   ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("added"))
        store.add(ox.Quad(s, p, o, ox.NamedNode(name)))
    store.dump(output=str(path), format=ox.RdfFormat.TRIG)
    return removed, changed, added


def test_bulk_then_only_changed_graphs(tmp_path: Path, seeds_graph: Path) -> None:
    graph = tmp_path / "graph.trig"
    shutil.copy(seeds_graph, graph)
    runner = CliRunner()
    with oxigraph_server(tmp_path / "db", "--union-default-graph") as root:
        first = runner.invoke(cli, ["push", root, "--graph", str(graph)])
        assert first.exit_code == 0, first.output
        assert "bulk load" in first.output
        assert remote_quads(root) == local_quads(graph)
        removed, changed, added = edit(graph)
        second = runner.invoke(cli, ["push", root, "--graph", str(graph)])
        assert second.exit_code == 0, second.output
        assert "pushed 2 changed graphs, deleted 1," in second.output
        assert remote_quads(root) == local_quads(graph)
        third = runner.invoke(cli, ["push", f"{root}/store", "--graph", str(graph)])
        assert "pushed 0 changed graphs, deleted 0," in third.output


def test_failed_put_keeps_the_previous_graph(tmp_path: Path, seeds_graph: Path, monkeypatch) -> None:
    graph = tmp_path / "graph.trig"
    shutil.copy(seeds_graph, graph)
    runner = CliRunner()
    with oxigraph_server(tmp_path / "db", "--union-default-graph") as root:
        assert runner.invoke(cli, ["push", root, "--graph", str(graph)]).exit_code == 0
        before = remote_quads(root)
        _, changed, _ = edit(graph)
        real = kg.push.graph_bodies

        def broken(path: Path) -> dict[str, bytes]:
            bodies = real(path)
            bodies[changed] += b"<https://newskg.example/id/unterminated"
            return bodies

        monkeypatch.setattr(kg.push, "graph_bodies", broken)
        failed = runner.invoke(cli, ["push", root, "--graph", str(graph)])
        assert failed.exit_code == 1
        lines = [line for line in failed.output.splitlines() if f"PUT <{changed}> failed" in line]
        assert len(lines) == 1 and "answered 400" in lines[0]
        kept = {q for q in remote_quads(root) if q.endswith(f"<{changed}>")}
        assert kept == {q for q in before if q.endswith(f"<{changed}>")}
        monkeypatch.setattr(kg.push, "graph_bodies", real)
        again = runner.invoke(cli, ["push", root, "--graph", str(graph)])
        assert again.exit_code == 0, again.output
        assert remote_quads(root) == local_quads(graph)


def test_store_without_union_default_graph_is_refused(tmp_path: Path) -> None:
    graph = Path(__file__).parent / "data" / "mini.trig"
    copy = tmp_path / "mini.trig"
    shutil.copy(graph, copy)
    with oxigraph_server(tmp_path / "db") as root:
        result = CliRunner().invoke(cli, ["push", root, "--graph", str(copy)])
        assert result.exit_code == 1
        assert "not the union of the named graphs" in result.output
        assert "--union-default-graph" in result.output
        assert remote_quads(root) == set()       # the probe was removed, nothing loaded


def test_unreachable_store_is_one_line(tmp_path: Path) -> None:
    from tests.servers import free_port

    copy = tmp_path / "mini.trig"
    shutil.copy(Path(__file__).parent / "data" / "mini.trig", copy)
    result = CliRunner().invoke(cli, ["push", f"http://127.0.0.1:{free_port()}", "--graph", str(copy)])
    assert result.exit_code == 1 and "cannot reach" in result.output
    assert len(result.output.strip().splitlines()) == 1
