"""Write a dataset to disk fast and atomically; read it back for tests and tools.

rdflib builds the dataset, but its Turtle/TriG writers are slow (48x slower than
pyoxigraph at 1M triples). So `save` writes the quads once as N-Quads text (a line format
that needs no grouping; our own writer with a term cache is 2.5x faster than rdflib's),
sorted so each subject's triples are adjacent, and streams it through pyoxigraph's
parser (Rust) into its writer for the requested format. The file is written to a
temporary file in the same directory and moved into place with os.replace, so readers
never see half a file and a failed write leaves the previous file as it was; the temporary
files of writers killed mid-write are removed by the next write (`remove_stale_temps`).
"""
from __future__ import annotations

import fcntl
import os
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from kg.store.formats import DOWNLOAD_FORMATS, Format, find
from kg.store.writers import ox_format, serialize
from kg.vocab import PREFIXES

__all__ = ["FORMATS", "RdfIoError", "format_of", "load", "nquads", "save"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# extension -> (media type, file suffix), from the one format table.
FORMATS: dict[str, tuple[str, str]] = {f.extension: (f.media_type, "." + f.extension)
                                       for f in DOWNLOAD_FORMATS}


class RdfIoError(ValueError):
    """An unknown format name or file extension, or a term that cannot be written."""


def _check_format(fmt: str) -> Format:
    """The download format `fmt` names (extension, name or alias), else fail listing them."""
    found = find(DOWNLOAD_FORMATS, fmt)
    if found is None:
        raise RdfIoError(f"unknown RDF format {fmt!r}; use one of {', '.join(FORMATS)}")
    return found


def format_of(path: str | os.PathLike[str]) -> str:
    """The format for a file name's extension ("graph.trig" -> "trig")."""
    suffix = Path(path).suffix.lower().lstrip(".")
    found = find(DOWNLOAD_FORMATS, suffix) if suffix else None
    if found is None:
        raise RdfIoError(f"cannot tell the RDF format of {os.fspath(path)!r} from its extension; "
                         f"use one of {', '.join('.' + ext for ext in FORMATS)}")
    return found.extension


def _prefixes(ds: Dataset) -> dict[str, str]:
    """The house prefixes, with `kgr:` wherever the dataset bound it (the base is configurable)."""
    bound = {prefix: str(ns) for prefix, ns in ds.namespaces()}
    return PREFIXES | ({"kgr": bound["kgr"]} if "kgr" in bound else {})


# N-Triples/N-Quads require exactly these four characters escaped in a string literal.
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _n3(term: Node) -> str:
    """One term in N-Quads syntax."""
    if isinstance(term, Literal):
        text = '"' + str(term).translate(_ESCAPES) + '"'
        if term.language:
            return f"{text}@{term.language}"
        return f"{text}^^<{term.datatype}>" if term.datatype else text
    if isinstance(term, BNode):
        return f"_:{term}"
    return f"<{term}>"


def nquads(ds: Dataset, union: bool = False) -> bytes:
    """The dataset as sorted, duplicate-free N-Quads; with `union`, N-Triples of all graphs.

    Sorting keeps each graph's lines and each subject's triples together, which is what
    lets pyoxigraph's streaming writers produce compact `;`-grouped Turtle and TriG.
    """
    cache: dict[Node, str] = {}

    def n3(term: Node) -> str:
        """Memoised _n3: the same IRIs recur on most lines."""
        text = cache.get(term)
        if text is None:
            text = cache[term] = _n3(term)
        return text

    graphs: dict[str, set[str]] = defaultdict(set)
    for s, p, o, g in ds.quads((None, None, None, None)):
        default = union or g is None or g == DATASET_DEFAULT_GRAPH_ID
        graphs["" if default else n3(g)].add(f"{n3(s)} {n3(p)} {n3(o)}")
    lines = []
    for graph in sorted(graphs):
        end = f" {graph} .\n" if graph else " .\n"
        lines.extend(line + end for line in sorted(graphs[graph]))
    return "".join(lines).encode("utf-8")


def _write(data: bytes, union: bool, out: BinaryIO, fmt: Format, prefixes: dict[str, str]) -> None:
    """Stream N-Quads (or N-Triples) through pyoxigraph's parser into the format's writer."""
    quads = ox.parse(data, format=ox.RdfFormat.N_TRIPLES if union else ox.RdfFormat.N_QUADS)
    try:
        serialize(quads, fmt, out, prefixes)
    except SyntaxError as error:  # parsing is lazy, so a bad term surfaces while writing
        raise RdfIoError(f"the dataset holds a term that is not valid RDF 1.1: {error}") from error


def save(ds: Dataset, path: str | os.PathLike[str], fmt: str = "trig") -> Path:
    """Write `ds` to `path` in format `fmt` (a download format), replacing the file atomically.

    Triple-only formats (ttl, nt, rdf, n3) get the union of all graphs; trig, nq and jsonld
    keep the named graphs.

    :raises RdfIoError: if `fmt` is not a FORMATS key or a term is not valid RDF.
    :raises OSError: if the file cannot be written; the old file is then untouched.
    """
    found, target = _check_format(fmt), Path(path)
    union = not found.keeps_graphs
    data = nquads(ds, union)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    fcntl.flock(handle, fcntl.LOCK_EX)  # held while writing: other writers leave this file be
    remove_stale_temps(target)
    try:
        with os.fdopen(handle, "wb") as out:
            _write(data, union, out, found, _prefixes(ds))
            out.flush()
            os.fsync(out.fileno())
        # mkstemp makes the file private (0600); keep the old file's mode, or the usual 0644.
        os.chmod(temp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return target


def remove_stale_temps(target: Path, min_age: float = 10.0) -> list[Path]:
    """Remove the temporary files a killed writer of `target` left (`.NAME.*.tmp`).

    A live writer holds a lock on its temporary file; an unlocked one older than `min_age`
    seconds (so never one whose writer is between creating and locking it) is stale."""
    removed = []
    for temp in target.parent.glob(f".{target.name}.*.tmp"):
        try:
            if time.time() - temp.stat().st_mtime < min_age:
                continue
            fd = os.open(temp, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            temp.unlink()
            removed.append(temp)
        except OSError:
            pass  # a live writer's, or already gone
        finally:
            os.close(fd)
    return removed


def _term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """A pyoxigraph term as rdflib's; xsd:string literals become plain, as rdflib makes them."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))


def load(path: str | os.PathLike[str], fmt: str | None = None) -> Dataset:
    """Read a file written by `save` (or any RDF file) into an rdflib Dataset.

    Triple formats land in the default graph. The format comes from the extension unless
    `fmt` names it. pyoxigraph parses (fast, and without rdflib's deprecation warnings
    from Dataset.parse); the terms are then handed to rdflib.

    :raises RdfIoError: on an unknown format or a syntax error (with its position).
    """
    found = _check_format(fmt or format_of(path))
    ds = Dataset()
    terms: dict[object, Node] = {}

    def term(x: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
        """Memoised _term, so each IRI is one rdflib object."""
        if x not in terms:
            terms[x] = _term(x)
        return terms[x]

    graphs: dict[object, Graph] = {}
    try:
        for quad in ox.parse(path=os.fspath(path), format=ox_format(found)):
            name_ = quad.graph_name
            if name_ not in graphs:
                default = isinstance(name_, ox.DefaultGraph)
                graphs[name_] = ds.default_graph if default else ds.graph(term(name_))
            graphs[name_].add((term(quad.subject), term(quad.predicate), term(quad.object)))
    except SyntaxError as error:
        raise RdfIoError(f"{os.fspath(path)} is not valid {found.title}: {error}") from error
    return ds
