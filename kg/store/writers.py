"""Write RDF in any format of the table (kg.store.formats): pyoxigraph's writers, and ours
for compact JSON-LD. The one place that maps our format names onto pyoxigraph's."""
from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

import pyoxigraph as ox

from kg.iri import PREFIXES
from kg.store import jsonld
from kg.store.formats import Format, by_name

__all__ = ["ox_format", "serialize"]


def ox_format(fmt: Format | str) -> ox.RdfFormat:
    """pyoxigraph's format for one of ours (by media type, so no second table).

    :raises KeyError: not an RDF format.
    """
    fmt = by_name(fmt) if isinstance(fmt, str) else fmt
    found = ox.RdfFormat.from_media_type(fmt.media_type)
    if found is None:
        raise KeyError(fmt.name)
    return found


def serialize(items: Iterable[ox.Triple | ox.Quad], fmt: Format | str,
              output: BinaryIO | str | None = None,
              prefixes: dict[str, str] | None = None) -> bytes | None:
    """`items` in `fmt` (a name or Format), to `output` (file object or path) or returned;
    `prefixes` (default: the house prefixes) abbreviate Turtle-like output."""
    fmt = by_name(fmt) if isinstance(fmt, str) else fmt
    if fmt.name == "jsonld":
        if isinstance(output, str):
            with open(output, "wb") as handle:
                return jsonld.write(items, handle)
        return jsonld.write(items, output)
    return ox.serialize(items, output, ox_format(fmt), prefixes=prefixes or PREFIXES)
