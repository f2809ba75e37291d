"""A write-mostly dataset for `kg build`: named graphs as Python sets of rdflib-term triples.

rdflib's in-memory store keeps three indexes up to date on every add (about 8 us a triple);
a build only adds, reasons once over everything and writes the result, so sets are enough
and several times cheaper. `QuadSet` offers the part of rdflib's `Dataset` API the build's
stages use (graph, graphs, quads, namespaces, bind); `to_rdflib` gives a real `Dataset` to
whoever needs to query it. The triples are the same either way.
"""
from __future__ import annotations

from collections.abc import Iterator

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

Triple = tuple[Node, Node, Node]


class TripleSet:
    """One named graph: a set of triples with the few lookups the writers need."""

    def __init__(self, identifier: URIRef) -> None:
        self.identifier = identifier
        self._triples: set[Triple] = set()

    def add(self, triple: Triple) -> "TripleSet":
        self._triples.add(triple)
        return self

    def remove(self, pattern: tuple[Node | None, Node | None, Node | None]) -> "TripleSet":
        self._triples -= set(self.triples(pattern))
        return self

    def triples(self, pattern: tuple[Node | None, Node | None, Node | None]) -> Iterator[Triple]:
        s, p, o = pattern
        for triple in list(self._triples):
            if (s is None or triple[0] == s) and (p is None or triple[1] == p) and \
                    (o is None or triple[2] == o):
                yield triple

    def subjects(self, predicate: Node | None = None, obj: Node | None = None) -> Iterator[Node]:
        return (t[0] for t in self.triples((None, predicate, obj)))

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> Iterator[Node]:
        return (t[2] for t in self.triples((subject, predicate, None)))

    def parse(self, source: object, format: str = "turtle") -> "TripleSet":
        for triple in Graph().parse(source, format=format):
            self._triples.add(triple)
        return self

    def __contains__(self, triple: Triple) -> bool:
        return triple in self._triples

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)


class QuadSet:
    """Named graphs by IRI, and the prefixes to write them with."""

    def __init__(self) -> None:
        self._graphs: dict[URIRef, TripleSet] = {}
        self._prefixes: dict[str, str] = {}

    def graph(self, identifier: URIRef) -> TripleSet:
        found = self._graphs.get(identifier)
        if found is None:
            found = self._graphs[identifier] = TripleSet(identifier)
        return found

    def graphs(self) -> Iterator[TripleSet]:
        return iter(list(self._graphs.values()))

    def quads(self, pattern: tuple[None, None, None, None] = (None, None, None, None)
              ) -> Iterator[tuple[Node, Node, Node, URIRef]]:
        if any(term is not None for term in pattern):
            raise ValueError("QuadSet.quads only lists every quad")
        for name, graph in self._graphs.items():
            for s, p, o in graph:
                yield s, p, o, name

    def bind(self, prefix: str, namespace: str, override: bool = True, replace: bool = True) -> None:
        self._prefixes[prefix] = str(namespace)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        return ((prefix, URIRef(ns)) for prefix, ns in self._prefixes.items())

    def to_rdflib(self) -> Dataset:
        """The same quads in an rdflib Dataset, prefixes bound."""
        ds = Dataset()
        for prefix, namespace in self._prefixes.items():
            ds.bind(prefix, namespace, override=True, replace=True)
        for name, graph in self._graphs.items():
            ds.graph(name).addN((s, p, o, ds.graph(name)) for s, p, o in graph)
        return ds
