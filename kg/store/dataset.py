"""The RDF dataset a query runs on: protocol graphs, else FROM / FROM NAMED, else the union.

SPARQL's default graph is the RDF *merge* of the graphs it names, a set of triples; pyoxigraph
(0.5) answers a default graph listing several graphs once per graph that holds a triple, so a
triple in two articles' graphs came back twice. Such a default graph is merged here, in the
query worker (under its memory limit and deadline), into a scratch store.
"""
from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox

from kg.store.guard import QueryInfo
from kg.store.model import Job

Graphs = tuple[str, ...] | None


def dataset(job: Job, info: QueryInfo) -> tuple[Graphs, Graphs]:
    """(default graphs, named graphs) for `job`: protocol graphs > FROM > union of all graphs
    (None: the union as default graph, every graph as named graph).

    Graph names the store does not hold are simply empty graphs: nothing is ever fetched."""
    default, named = job.default_graphs, job.named_graphs
    if default is None and named is None and info.has_dataset:
        default, named = info.from_graphs, info.from_named
    elif default is None and named is not None:
        default = ()
    return (None if default is None else tuple(dict.fromkeys(default)),
            None if named is None else tuple(dict.fromkeys(named)))


def needs_merge(default: Graphs) -> bool:
    """Whether the default graph must be merged first: it lists more than one graph."""
    return default is not None and len(default) > 1


def merged(store: ox.Store, default: tuple[str, ...], named: Graphs) -> ox.Store:
    """A scratch store whose default graph is the merge of the `default` graphs of `store`,
    holding its `named` graphs as they are (None: all of them)."""
    scratch = ox.Store()
    scratch.bulk_extend(_triples_of(store, default))
    names = [g for g in store.named_graphs() if isinstance(g, ox.NamedNode)] if named is None \
        else [ox.NamedNode(g) for g in named]
    for name in names:
        scratch.bulk_extend(store.quads_for_pattern(None, None, None, name))
    return scratch


def _triples_of(store: ox.Store, graphs: tuple[str, ...]) -> Iterator[ox.Quad]:
    """The triples of `graphs`, as default-graph quads (the scratch store keeps each once)."""
    for graph in graphs:
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
            yield ox.Quad(quad.subject, quad.predicate, quad.object)
