"""Convert the dataset file to another RDF format, streaming where the format allows.

TriG, N-Quads and JSON-LD keep the named graphs; Turtle, N-Triples and RDF/XML hold the
union of all graphs (each triple once), as the design's export list says.
"""
from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.store.engine import RDF_FORMATS
from kg.store.formats import PREFIXES
from kg.store.formats import EXPORT_NAMES
from kg.store.local import rdf_format
from kg.store.model import QueryError

_DATASET = frozenset({"trig", "nq", "jsonld"})


def export(graph: Path, fmt: str, out: Path | BinaryIO) -> int:
    """Write `graph` as `fmt` (trig, nq, ttl, nt, jsonld, xml) to `out`; returns statements written.

    :raises QueryError: unknown format, missing or unparsable file.
    """
    name = EXPORT_NAMES.get(fmt)
    if name is None:
        raise QueryError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_NAMES)}")
    if not graph.is_file():
        raise QueryError(f"{graph}: no such dataset file (run `kg build` first)")
    try:
        quads = list(ox.parse(path=str(graph), format=rdf_format(graph)))
    except SyntaxError as exc:
        raise QueryError(f"{graph}: not valid RDF: {exc}") from None
    items: list = quads if name in _DATASET else list(dict.fromkeys(q.triple for q in quads))
    target = str(out) if isinstance(out, Path) else out
    ox.serialize(items, output=target, format=RDF_FORMATS[name], prefixes=PREFIXES)
    return len(items)
