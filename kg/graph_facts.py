"""The facts of one article as triples: meetings, demands, mediations, containments.

Every asserted kg:metWith / kg:callsFor / kg:mediates / kg:locatedIn triple also gets an
rdf:Statement with prov:wasDerivedFrom its sentence, so SPARQL can walk from any fact to
the sentence text and the article. Helper of `kg.graph`; not a public API.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.names import fold, slug
from kg.records import (
    Containment, Demand, Entity, Evidence, Mediation, Mention,
)
from kg.vocab import DCTERMS, KG, PROV, RDF, RDFS

class GraphError(ValueError):
    """A record cannot be written as RDF (missing key, unknown entity, bad identifier)."""


def slugify(text: str) -> str:
    """ASCII slug for IRIs ("Gaza ceasefire" -> "gaza-ceasefire"), stable across runs."""
    segment = slug(text)
    if not segment:
        raise GraphError(f"cannot make an IRI slug from {text!r}: it has no letters or digits")
    return segment


def squash(text: str) -> str:
    """Collapse runs of whitespace, so "Rafah  border\ncrossing" reads as one spelling."""
    return " ".join(text.split())


@dataclass
class ArticleContext:
    """Where one article's triples go, and the counters that number its nodes."""

    graph: Graph
    doc_id: str
    article: URIRef
    base: str
    entities: Mapping[str, Entity]
    described: Graph | None = None     # the entities graph: corpus-wide node descriptions
    shared: Mapping[int, URIRef] = field(default_factory=dict)   # event number -> shared event
    counters: Counter[str] = field(default_factory=Counter)
    written: set[URIRef] = field(default_factory=set)    # sentences and topics described already

    def mint(self, kind: str) -> URIRef:
        """Next numbered node of `kind` in this article: kgr:{kind}/{doc_id}-{n}."""
        self.counters[kind] += 1
        return URIRef(f"{self.base}{kind}/{self.doc_id}-{self.counters[kind]}")

    def entity(self, mention: Mention) -> URIRef:
        """The IRI of the entity a (resolved) mention names."""
        return URIRef(f"{self.base}{mention.key}")

    def label(self, mention: Mention) -> str:
        """The canonical name of the entity a mention names."""
        return self.entities[str(mention.key)].label

    def sentence(self, evidence: Evidence) -> URIRef:
        """The sentence node for `evidence`, described once per article."""
        node = URIRef(f"{self.base}sentence/{self.doc_id}-{evidence.start}-{evidence.end}")
        if node not in self.written:
            self.written.add(node)
            for p, o in ((RDF.type, KG.Sentence), (DCTERMS.isPartOf, self.article),
                         (KG.text, Literal(evidence.text)), (KG.startOffset, Literal(evidence.start)),
                         (KG.endOffset, Literal(evidence.end))):
                self.graph.add((node, p, o))
        return node

    def names(self, mention: Mention) -> set[str]:
        """Every name of the entity a mention names, folded, to compare topic labels with."""
        entity = self.entities[str(mention.key)]
        return {fold(name) for name in (entity.label, *entity.aliases, mention.text)}

    def topic(self, label: str, evidence: Evidence) -> URIRef:
        """A kg:Topic node for a subject known by its label, linked to the sentence naming it.

        The node is shared by every article naming the same subject, so its type and label
        live once in the entities graph; the sentence link lives in this article's graph, so
        "what was said about the Gaza ceasefire" stays one hop.
        """
        text = squash(label)
        node = URIRef(f"{self.base}topic/{slugify(text)}")
        if node not in self.written:
            self.written.add(node)
            shared = self.described if self.described is not None else self.graph
            shared.add((node, RDF.type, KG.Topic))
            shared.add((node, RDFS.label, Literal(text)))
        self.graph.add((node, PROV.wasDerivedFrom, self.sentence(evidence)))
        return node

    def assert_fact(self, s: URIRef, p: URIRef, o: Node, evidence: Evidence) -> URIRef:
        """Add the triple and its reified statement pointing at the sentence."""
        statement = self.mint("statement")
        self.graph.add((s, p, o))
        for triple in ((RDF.type, RDF.Statement), (RDF.subject, s), (RDF.predicate, p),
                       (RDF.object, o), (PROV.wasDerivedFrom, self.sentence(evidence))):
            self.graph.add((statement, *triple))
        return statement


def write_demand(context: ArticleContext, demand: Demand) -> URIRef:
    """The demand node with what it is about and whom it urges, and the callsFor fact."""
    if not squash(demand.label):
        raise GraphError(f"demand of {demand.caller.text!r} in {context.doc_id!r} has an empty "
                         "label; the extractor must give the demanded thing a phrase")
    g, node = context.graph, context.mint("demand")
    g.add((node, RDF.type, KG.Demand))
    g.add((node, RDFS.label, Literal(squash(demand.label))))
    for mention in demand.about:
        g.add((node, KG.about, context.entity(mention)))
    if demand.addressee is not None:
        g.add((node, KG.addressee, context.entity(demand.addressee)))
    g.add((node, PROV.wasDerivedFrom, context.sentence(demand.evidence)))
    context.assert_fact(context.entity(demand.caller), KG.callsFor, node, demand.evidence)
    return node


def write_mediation(context: ArticleContext, mediation: Mediation) -> None:
    """The mediator mediates a named party if there is one, else a topic from the label."""
    if mediation.party is not None:
        target = context.entity(mediation.party)
    else:
        target = context.topic(mediation.label, mediation.evidence)
    context.assert_fact(context.entity(mediation.mediator), KG.mediates, target, mediation.evidence)


def write_containment(context: ArticleContext, containment: Containment) -> None:
    """place kg:locatedIn container; a place "inside itself" is an extraction slip, skipped."""
    place, container = context.entity(containment.place), context.entity(containment.container)
    if place != container:
        context.assert_fact(place, KG.locatedIn, container, containment.evidence)
