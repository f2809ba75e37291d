"""Forward-chaining over the ontology's own axioms, into the `inferred` graph.

owlrl computes the full OWL 2 RL closure, which took 5.3 s on 10k triples and mostly adds
noise (owl:Thing and rdfs:Resource typing, reflexive owl:sameAs, literal typing). The
ontology only uses a few rule kinds, so we apply exactly those, read from the ontology
graph: rdfs:subClassOf, rdfs:subPropertyOf, owl:equivalentClass/Property, rdfs:domain,
rdfs:range, owl:SymmetricProperty, owl:TransitiveProperty and owl:inverseOf. An ontology
that uses an axiom kind which would add other data triples is refused, rather than
silently reasoned over incompletely. tests/test_reason.py checks the result equals
owlrl's OWL 2 RL closure restricted to data-level triples.
"""
from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.vocab import ID, OWL, RDF, RDFS, graph_iri, ontology_path

__all__ = ["ReasonError", "ReasonReport", "Rules", "closure", "infer", "rules_from"]

Triple = tuple[Node, Node, Node]

# Axioms that would add data triples these rules do not produce.
UNSUPPORTED = (OWL.propertyChainAxiom, OWL.hasKey, OWL.sameAs, OWL.unionOf, OWL.intersectionOf,
               OWL.someValuesFrom, OWL.allValuesFrom, OWL.hasValue, OWL.maxCardinality,
               OWL.maxQualifiedCardinality, OWL.oneOf)
UNSUPPORTED_TYPES = (OWL.FunctionalProperty, OWL.InverseFunctionalProperty)


class ReasonError(ValueError):
    """The ontology uses an axiom kind `kg.reason` does not implement."""


@dataclass(frozen=True)
class ReasonReport:
    """How many triples reasoning added to the inferred graph, and how long it took."""

    added: int
    seconds: float


@dataclass(frozen=True)
class Rules:
    """The ontology's axioms, pre-closed: every map gives all (transitive) consequences."""

    superclasses: Mapping[Node, frozenset[Node]]
    superproperties: Mapping[Node, frozenset[Node]]
    domains: Mapping[Node, frozenset[Node]]
    ranges: Mapping[Node, frozenset[Node]]
    inverses: Mapping[Node, frozenset[Node]]
    symmetric: frozenset[Node]
    transitive: frozenset[Node]


def _check_supported(ontology: Graph) -> None:
    """Refuse axioms whose consequences these rules would miss."""
    for predicate in UNSUPPORTED:
        for s, _, _ in ontology.triples((None, predicate, None)):
            raise ReasonError(f"ontology uses {predicate.n3()} (on {s.n3()}); kg.reason does not "
                              "implement it: remove the axiom or extend kg/reason.py")
    for kind in UNSUPPORTED_TYPES:
        for s in ontology.subjects(RDF.type, kind):
            raise ReasonError(f"ontology declares {s.n3()} an {kind.n3()}; kg.reason does not "
                              "implement it: remove the axiom or extend kg/reason.py")
    for p in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty):
        for s, o in ontology.subject_objects(p):
            if isinstance(s, BNode) or isinstance(o, BNode):
                raise ReasonError(f"{p.n3()} between {s.n3()} and {o.n3()} uses a class "
                                  "expression; only named classes and properties are supported")


def _closed(edges: Iterable[tuple[Node, Node]]) -> dict[Node, frozenset[Node]]:
    """Transitive closure of a small hierarchy: node -> every node above it (not itself)."""
    up: dict[Node, set[Node]] = defaultdict(set)
    for a, b in edges:
        up[a].add(b)
    result: dict[Node, frozenset[Node]] = {}
    for start in list(up):
        seen: set[Node] = set()
        stack = list(up[start])
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(up.get(node, ()))
        result[start] = frozenset(seen - {start})
    return result


def _pairs(ontology: Graph, sub: URIRef, equivalent: URIRef) -> list[tuple[Node, Node]]:
    """Sub-of edges, with each equivalence as two edges."""
    edges = list(ontology.subject_objects(sub))
    for a, b in ontology.subject_objects(equivalent):
        edges += [(a, b), (b, a)]
    return edges


def _grouped(pairs: Iterable[tuple[Node, Node]]) -> dict[Node, frozenset[Node]]:
    """Group (key, value) pairs into key -> values."""
    groups: dict[Node, set[Node]] = defaultdict(set)
    for key, value in pairs:
        groups[key].add(value)
    return {key: frozenset(values) for key, values in groups.items()}


def rules_from(ontology: Graph) -> Rules:
    """Read and pre-close the axioms of an ontology graph.

    :raises ReasonError: if the ontology uses axioms these rules do not implement.
    """
    _check_supported(ontology)
    inverse = list(ontology.subject_objects(OWL.inverseOf))
    return Rules(
        superclasses=_closed(_pairs(ontology, RDFS.subClassOf, OWL.equivalentClass)),
        superproperties=_closed(_pairs(ontology, RDFS.subPropertyOf, OWL.equivalentProperty)),
        domains=_grouped(ontology.subject_objects(RDFS.domain)),
        ranges=_grouped(ontology.subject_objects(RDFS.range)),
        inverses=_grouped(inverse + [(b, a) for a, b in inverse]),
        symmetric=frozenset(ontology.subjects(RDF.type, OWL.SymmetricProperty)),
        transitive=frozenset(ontology.subjects(RDF.type, OWL.TransitiveProperty)),
    )


def _property_step(triple: Triple, rules: Rules) -> Iterable[Triple]:
    """Direct consequences of one property triple: super-properties, symmetry, inverses."""
    s, p, o = triple
    for q in rules.superproperties.get(p, ()):
        yield s, q, o
    if isinstance(o, Literal):
        return
    if p in rules.symmetric:
        yield o, p, s
    for q in rules.inverses.get(p, ()):
        yield o, q, s


def _transitive_step(facts: set[Triple], rules: Rules, touched: set[Node]) -> set[Triple]:
    """Every missing edge of the transitive properties whose edges changed."""
    found: set[Triple] = set()
    for p in touched & rules.transitive:
        edges = _closed((s, o) for s, q, o in facts if q == p and not isinstance(o, Literal))
        found.update((s, p, o) for s, above in edges.items() for o in above)
    return found - facts


def _property_closure(facts: set[Triple], rules: Rules) -> set[Triple]:
    """Semi-naive fixpoint over the property rules; returns all property triples."""
    delta = set(facts)
    while delta:
        new = {t for triple in delta for t in _property_step(triple, rules)} - facts
        facts |= new
        new |= _transitive_step(facts, rules, {p for _, p, _ in delta})
        facts |= new
        delta = new
    return facts


def closure(triples: Iterable[Triple], rules: Rules) -> set[Triple]:
    """The triples the rules add to `triples` (none of the input, no literal subjects)."""
    given = set(triples)
    facts = _property_closure({t for t in given if t[1] != RDF.type}, rules)
    types = {(s, o) for s, p, o in given if p == RDF.type}
    for s, p, o in facts:
        types.update((s, c) for c in rules.domains.get(p, ()))
        if not isinstance(o, Literal):
            types.update((o, c) for c in rules.ranges.get(p, ()))
    types |= {(x, d) for x, c in types for d in rules.superclasses.get(c, ())}
    everything = facts | {(x, RDF.type, c) for x, c in types}
    return {t for t in everything - given if not isinstance(t[0], Literal)}


def _ontology(ds: Dataset, base: str) -> Graph:
    """The dataset's ontology graph, or ontology/kg.ttl when the dataset carries none."""
    graph = ds.graph(graph_iri("ontology", base))
    if not len(graph):
        return Graph().parse(ontology_path(), format="turtle")
    if isinstance(graph, Graph):
        return graph
    ontology = Graph()                   # a QuadSet's triple set: the rules read an rdflib Graph
    for triple in graph:
        ontology.add(triple)
    return ontology


def infer(ds: Dataset, base: str = str(ID)) -> ReasonReport:
    """Replace the inferred graph with what the ontology's rules add to the data graphs.

    The data are the union of every graph but the ontology and inferred ones (articles and
    background). Idempotent: running it twice gives the same inferred graph.
    """
    started = time.perf_counter()
    base = str(base)
    skip = {graph_iri("ontology", base), graph_iri("inferred", base)}
    rules = rules_from(_ontology(ds, base))
    data = {triple for graph in ds.graphs() if graph.identifier not in skip for triple in graph}
    inferred = ds.graph(graph_iri("inferred", base))
    inferred.remove((None, None, None))
    for triple in closure(data, rules):
        inferred.add(triple)
    return ReasonReport(added=len(inferred), seconds=time.perf_counter() - started)
