"""The README's recipe for set semantics in another store: load the TriG (named graphs) and
the N-Triples download (their union, each triple once) into Oxigraph's server, without its
union default graph; it then answers as newskg's own endpoint does."""
from __future__ import annotations

import json
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.store import Store
from kg.store.export import export
from tests.servers import oxigraph, oxigraph_server

pytestmark = [pytest.mark.slow, pytest.mark.model]
MET = "SELECT ?a ?b WHERE { ?a <https://newskg.example/ontology#metWith> ?b }"
PER_GRAPH = "SELECT ?g ?a ?b WHERE { GRAPH ?g { ?a <https://newskg.example/ontology#metWith> ?b } }"


def rows(root: str, query: str) -> list[tuple[str, ...]]:
    url = f"{root}/query?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    doc = json.load(urllib.request.urlopen(request, timeout=30))
    return [tuple(b[v]["value"] for v in doc["head"]["vars"]) for b in doc["results"]["bindings"]]


def test_oxigraph_with_the_union_loaded_answers_like_us(seeds_graph: Path, seeds_store: Store,
                                                        tmp_path: Path) -> None:
    union = tmp_path / "graph.nt"
    export(seeds_graph, "nt", union)
    db = tmp_path / "db"
    subprocess.run([oxigraph(), "load", "--location", str(db), "--file", str(seeds_graph), str(union)],
                   check=True, capture_output=True)  # the README's command
    ours = sorted((r[0].value, r[1].value) for r in seeds_store.select(MET).rows)
    with oxigraph_server(db, read_only=True) as root:
        theirs = rows(root, MET)
        assert sorted(theirs) == ours and len(set(theirs)) == len(theirs)
        per_graph = seeds_store.select(PER_GRAPH).rows
        assert len(rows(root, PER_GRAPH)) == len(per_graph) > len(ours) / 2
