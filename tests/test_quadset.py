"""kg.quadset: the build's write-mostly dataset gives the same bytes as rdflib's."""
from __future__ import annotations

from pathlib import Path

from graph_samples import BASE, ENTITIES, mini_records

from kg.background import add_background
from kg.graph import to_dataset
from kg.quadset import QuadSet
from kg.rdfio import save
from kg.reason import infer


def _written(ds, path: Path) -> bytes:
    add_background(ds, ENTITIES, BASE)
    infer(ds, BASE)
    return save(ds, path, "trig").read_bytes()


def test_same_trig_as_an_rdflib_dataset(tmp_path: Path) -> None:
    fast = _written(to_dataset([mini_records()], ENTITIES, BASE, into=QuadSet()), tmp_path / "a.trig")
    slow = _written(to_dataset([mini_records()], ENTITIES, BASE), tmp_path / "b.trig")
    assert fast == slow and b"kg:metWith" in fast


def test_to_rdflib_keeps_every_quad() -> None:
    quads = to_dataset([mini_records()], ENTITIES, BASE, into=QuadSet())
    ds = quads.to_rdflib()
    assert sum(len(g) for g in ds.graphs()) == sum(len(g) for g in quads.graphs())
