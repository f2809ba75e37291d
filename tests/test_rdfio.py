"""kg.rdfio: every format round-trips, TriG matches pyoxigraph's count, writes are atomic."""
from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from graph_samples import BASE, mini_dataset
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg import rdfio
from kg.vocab import graph_iri

XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # plain: pytest probes module globals
DATASET_FORMATS = ("trig", "nq", "jsonld")
UNION_FORMATS = ("ttl", "nt", "rdf", "n3")


def quads(ds: Dataset) -> set[tuple]:
    """(s, p, o, graph name or None) for every quad; no blank nodes in these datasets."""
    return {(s, p, o, None if g == DATASET_DEFAULT_GRAPH_ID else g)
            for s, p, o, g in ds.quads((None, None, None, None))}


def tricky() -> Dataset:
    """The mini dataset plus literals that need escaping or carry a language or datatype."""
    ds = mini_dataset()
    g = ds.graph(graph_iri("doc1", BASE))
    s = URIRef(BASE + "place/test")
    for text in ('He said "no"\\n', "line one\nline two\r", "İstanbul – “quoted”", ""):
        g.add((s, URIRef(BASE + "p"), Literal(text)))
    g.add((s, URIRef(BASE + "p"), Literal("Kairo", lang="de")))
    g.add((s, URIRef(BASE + "p"), Literal("3.50", datatype=XSD.decimal)))
    return ds


def test_formats_table() -> None:
    assert set(rdfio.FORMATS) == set(DATASET_FORMATS + UNION_FORMATS)
    assert rdfio.FORMATS["trig"] == ("application/trig", ".trig")
    for name, (media_type, extension) in rdfio.FORMATS.items():
        assert "/" in media_type and extension.startswith(".")
        assert rdfio.format_of(f"graph{extension}") == name


def test_trig_has_the_same_quads_as_pyoxigraph_reads(tmp_path: Path) -> None:
    ds = mini_dataset()
    path = rdfio.save(ds, tmp_path / "graph.trig")
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TRIG)
    assert len(store) == len(quads(ds)) > 250
    names = {str(n.value) for n in store.named_graphs()}
    assert {str(graph_iri(n, BASE)) for n in ("ontology", "doc1", "background", "inferred")} <= names


@pytest.mark.parametrize("fmt", DATASET_FORMATS)
def test_dataset_formats_round_trip(tmp_path: Path, fmt: str) -> None:
    ds = tricky()
    path = rdfio.save(ds, tmp_path / f"graph{rdfio.FORMATS[fmt][1]}", fmt)
    assert quads(rdfio.load(path)) == quads(ds)


@pytest.mark.parametrize("fmt", UNION_FORMATS)
def test_triple_formats_hold_the_union(tmp_path: Path, fmt: str) -> None:
    ds = tricky()
    path = rdfio.save(ds, tmp_path / f"graph{rdfio.FORMATS[fmt][1]}", fmt)
    assert quads(rdfio.load(path)) == {(s, p, o, None) for s, p, o, _ in quads(ds)}


def test_blank_nodes_survive(tmp_path: Path) -> None:
    ds = Dataset()
    b = BNode()
    ds.graph(URIRef(BASE + "graph/x")).add((b, URIRef(BASE + "p"), Literal(1)))
    loaded = rdfio.load(rdfio.save(ds, tmp_path / "b.nq", "nq"))
    ((s, p, o, g),) = quads(loaded)
    assert isinstance(s, BNode) and o == Literal(1) and g == URIRef(BASE + "graph/x")


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = rdfio.save(mini_dataset(), tmp_path / "graph.trig")
    before = path.read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    bigger = tricky()
    with pytest.raises(OSError, match="No space"):
        rdfio.save(bigger, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["graph.trig"]  # no temp file left


def test_invalid_term_is_refused_and_old_file_kept(tmp_path: Path) -> None:
    path = rdfio.save(mini_dataset(), tmp_path / "graph.nq", "nq")
    before = path.read_bytes()
    ds = Dataset()
    ds.default_graph.add((URIRef("not an iri"), URIRef(BASE + "p"), Literal("x")))
    with pytest.raises(rdfio.RdfIoError, match="not valid RDF"):
        rdfio.save(ds, path, "nq")
    assert path.read_bytes() == before


def test_file_is_readable_by_others(tmp_path: Path) -> None:
    path = rdfio.save(mini_dataset(), tmp_path / "out" / "graph.trig")
    assert path.stat().st_mode & 0o777 == 0o644


def test_turtle_groups_subjects_and_uses_prefixes(tmp_path: Path) -> None:
    text = rdfio.save(mini_dataset(), tmp_path / "g.ttl", "ttl").read_text(encoding="utf-8")
    assert "@prefix kg: <https://newskg.example/ontology#>" in text
    assert text.count("kgr:person\\/ibrahim-kalin a ") == 1  # one block per subject
    Graph().parse(data=text, format="turtle")  # rdflib reads pyoxigraph's Turtle


def test_unknown_formats() -> None:
    with pytest.raises(rdfio.RdfIoError, match="use one of"):
        rdfio.save(Dataset(), "x.trig", "yaml")
    with pytest.raises(rdfio.RdfIoError, match="extension"):
        rdfio.format_of("graph.txt")


def test_load_reports_syntax_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.trig"
    bad.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(rdfio.RdfIoError, match="bad.trig"):
        rdfio.load(bad)
