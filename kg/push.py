"""`kg push URL`: load the dataset into a SPARQL 1.1 store over the Graph Store HTTP Protocol.

The first push into a store that holds none of our graphs sends the whole dataset in one
request (N-Quads POSTed to the graph store, which Oxigraph and Fuseki take as a dataset
load). Later pushes PUT only the named graphs whose digest (SHA-256 of the graph's sorted
N-Triples) differs from what this machine last pushed to that store, and DELETE the article
graphs the dataset no longer has. A PUT replaces one graph in one transaction, so a failed
PUT leaves the store's previous graph; it is reported in one line and pushed again next time.

Before writing, a probe graph checks that the store's default graph is the union of its
named graphs, as every saved query assumes; a store that is not is refused.
"""
from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.iri import BASE, graph_iri
from kg.push_http import PushError, StoreClient, endpoints

__all__ = ["PushError", "PushReport", "push", "state_path"]


@dataclass
class PushReport:
    """What a push did; `failed` holds one line per graph the store kept unchanged."""

    mode: str = "incremental"
    put: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    quads: int = 0
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        if self.mode == "bulk":
            return f"pushed {self.quads:,} quads in {len(self.put)} graphs (bulk load) in {self.seconds:.2f}s"
        return (f"pushed {len(self.put)} changed graphs, deleted {len(self.deleted)}, "
                f"{self.unchanged} unchanged, in {self.seconds:.2f}s")


def state_path(graph: Path) -> Path:
    """Where the digests of what was pushed from `graph` are remembered (per store URL)."""
    return graph.with_name(graph.name + ".pushed.json")


def graph_bodies(path: Path) -> dict[str, bytes]:
    """Each named graph of the dataset file as sorted N-Triples (the default graph as "")."""
    lines: dict[str, list[str]] = defaultdict(list)
    for quad in ox.parse(path=str(path)):
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        lines[name].append(f"{quad.subject} {quad.predicate} {quad.object} .\n")
    return {name: "".join(sorted(set(body))).encode("utf-8") for name, body in lines.items()}


def push(graph: Path, url: str, query_url: str | None = None, full: bool = False,
         base: str = BASE) -> PushReport:
    """Push the dataset file `graph` to the store at `url` (see the module docstring).

    :raises PushError: the store cannot be reached, refuses the probe, or is no union store.
    """
    started = time.perf_counter()
    store_url, query = endpoints(url, query_url)
    client = StoreClient(store_url, query)
    check_union(client)
    bodies = graph_bodies(graph)
    digests = {name: hashlib.sha256(body).hexdigest() for name, body in bodies.items()}
    states = _load_state(state_path(graph))
    pushed = {} if full else states.get(store_url, {})
    ours = graph_iri("", base)
    remote = [g for g in client.graphs() if g.startswith(ours)]
    report = PushReport()
    if not remote:
        report.mode, report.quads = "bulk", sum(body.count(b"\n") for body in bodies.values())
        client.post_dataset(b"".join(_as_quads(name, body) for name, body in sorted(bodies.items())))
        report.put, pushed = sorted(bodies), dict(digests)
    else:
        _update(client, bodies, digests, pushed, set(remote), report)
    states[store_url] = pushed
    _save_state(state_path(graph), states)
    report.seconds = time.perf_counter() - started
    return report


def _update(client: StoreClient, bodies: dict[str, bytes], digests: dict[str, str],
            pushed: dict[str, str], remote: set[str], report: PushReport) -> None:
    """PUT changed graphs, DELETE removed ones; `pushed` is updated only on success."""
    for name in sorted(bodies):
        if pushed.get(name) == digests[name] and (name in remote or name == ""):
            report.unchanged += 1
            continue
        try:
            client.put_graph(name, bodies[name])
        except PushError as exc:
            report.failed.append(str(exc))
            continue
        pushed[name] = digests[name]
        report.put.append(name)
    for name in sorted((remote | set(pushed)) - set(bodies)):
        if not name:
            continue
        try:
            client.delete_graph(name)
        except PushError as exc:
            report.failed.append(str(exc))
            continue
        pushed.pop(name, None)
        report.deleted.append(name)


def _as_quads(name: str, body: bytes) -> bytes:
    """A graph's N-Triples lines as N-Quads lines in graph `name`."""
    if not name:
        return body
    return body.replace(b" .\n", f" <{name}> .\n".encode("utf-8"))


def check_union(client: StoreClient) -> None:
    """Write a probe triple into a fresh named graph and read it from the default graph.

    :raises PushError: the default graph does not see named graphs (e.g. Oxigraph started
        without --union-default-graph), so no saved query would find anything.
    """
    token = uuid.uuid4().hex
    probe, subject = graph_iri(f"kg-push-probe-{token}"), f"urn:uuid:{token}"
    client.put_graph(probe, f"<{subject}> <{subject}> <{subject}> .\n".encode())
    try:
        seen = client.ask(f"ASK {{ <{subject}> <{subject}> <{subject}> }}")
    finally:
        client.delete_graph(probe)
    if not seen:
        raise PushError(f"{client.query_url}: the default graph is not the union of the named "
                        "graphs, which every saved query needs; start the store with its union "
                        "default graph on (Oxigraph: `oxigraph serve --union-default-graph`)")


def _load_state(path: Path) -> dict[str, dict[str, str]]:
    """Digests pushed per store URL; a missing or broken file means nothing was pushed."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_state(path: Path, states: dict[str, dict[str, str]]) -> None:
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(json.dumps(states, indent=1, sort_keys=True), encoding="utf-8")
    temp.replace(path)
