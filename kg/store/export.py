"""Convert the dataset file to any download format of the table (kg.store.formats).

TriG, N-Quads and JSON-LD keep the named graphs; Turtle, N-Triples, RDF/XML and N3 hold
the union of all graphs, each triple once (an RDF merge), so loading one of them into any
store's default graph gives the same distinct triples as our endpoint's default graph.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.store.formats import DOWNLOAD_FORMATS, Format, find
from kg.store.model import QueryError
from kg.store.writers import serialize

__all__ = ["download_format", "dump", "export"]
_LOCK = threading.Lock()


def download_format(name: str) -> Format:
    """The download format called `name` (extension, short name or alias).

    :raises QueryError: no download has that name.
    """
    found = find(DOWNLOAD_FORMATS, name)
    if found is not None:
        return found
    known = ", ".join(f.extension for f in DOWNLOAD_FORMATS)
    raise QueryError(f"unknown export format {name!r}; use one of {known}")


def _read(graph: Path) -> list[ox.Quad]:
    """Every quad of the dataset file (format from its extension)."""
    if not graph.is_file():
        raise QueryError(f"{graph}: no such dataset file (run `kg build` first)")
    fmt = ox.RdfFormat.from_extension(graph.suffix.lstrip(".").lower())
    if fmt is None:
        raise QueryError(f"{graph}: unknown RDF file extension (use .trig, .nq, .ttl or .nt)")
    try:
        return list(ox.parse(path=str(graph), format=fmt))
    except SyntaxError as exc:
        raise QueryError(f"{graph}: not valid RDF: {exc}") from None


def export(graph: Path, fmt: str, out: Path | BinaryIO) -> int:
    """Write `graph` as `fmt` to `out`; returns the statements written (quads or triples).

    :raises QueryError: unknown format, missing or unparsable file.
    """
    target = download_format(fmt)
    quads = _read(graph)
    items: list = quads if target.keeps_graphs else list(dict.fromkeys(q.triple for q in quads))
    serialize(items, target, str(out) if isinstance(out, Path) else out)
    return len(items)


def dump(graph: Path, fmt: Format, folder: Path) -> Path:
    """`graph` as `fmt` in `folder` (written once, atomically; later calls reuse the file)."""
    target = folder / f"graph.{fmt.extension}"
    with _LOCK:
        if not target.exists():
            partial = folder / f".graph.{fmt.extension}.part"
            export(graph, fmt.name, partial)
            os.replace(partial, target)
    return target
