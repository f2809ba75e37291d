"""The facts of one article as triples: meetings, demands, mediations, containments.

Every asserted kg:metWith / kg:callsFor / kg:mediates / kg:locatedIn triple also gets an
rdf:Statement with prov:wasDerivedFrom its sentence, so SPARQL can walk from any fact to
the sentence text and the article. Helper of `kg.graph`; not a public API.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from itertools import combinations, product

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.names import fold, slug
from kg.records import (
    Containment, Demand, Entity, Evidence, Extraction, Mediation, Meeting, Mention, Topic,
)
from kg.vocab import DCTERMS, KG, PROV, RDF, RDFS, SCHEMA

_STATUS_SUFFIX = {"held": "", "planned": " (planned)", "negated": " (negated)"}


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
        if (node, RDF.type, KG.Sentence) not in self.graph:
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


def write_facts(context: ArticleContext, extraction: Extraction) -> None:
    """Write all relations of an article in a fixed order, so numbering is stable."""
    for told in _by_event(extraction.meetings):
        write_event(context, told)
    for demand in extraction.demands:
        write_demand(context, demand)
    for mediation in extraction.mediations:
        write_mediation(context, mediation)
    for containment in extraction.containments:
        write_containment(context, containment)


def _by_event(meetings: tuple[Meeting, ...]) -> list[list[Meeting]]:
    """The article's meeting records grouped by the event they tell of, in text order."""
    groups: dict[int, list[Meeting]] = {}
    for index, meeting in enumerate(meetings):
        groups.setdefault(meeting.event or -index - 1, []).append(meeting)
    return list(groups.values())


def write_event(context: ArticleContext, told: list[Meeting]) -> URIRef:
    """One kg:Meeting when one sentence with one agent a side tells the event; else one
    kg:Meeting per pair that met (derived from the sentence that put the pair together),
    all under one schema:Event derived from every sentence that tells the event.

    "Hamas leaders led by al-Hayya met MIT officials headed by Kalin" is one event, but
    Hamas did not meet al-Hayya: each kg:Meeting is an encounter between participants who
    met, and the encounters share a schema:Event (schema:superEvent) and all details. The
    same holds when several sentences tell one event ("the delegation included ...").
    """
    first = told[0]
    shared = context.shared.get(first.event)
    single = len(told) == 1 and set(first.support) <= {first.evidence}
    if single and all(len({context.entity(m) for m in side}) <= 1 for side in first.sides):
        node = _write_encounter(context, first, None)
        if shared is not None:
            context.graph.add((node, KG.event, shared))
        return node
    g, event = context.graph, context.mint("event")
    g.add((event, RDF.type, SCHEMA.Event))
    g.add((event, RDFS.label, Literal(_meeting_label(context, first))))
    for evidence in dict.fromkeys(s for m in told for s in (m.evidence, *m.support)):
        g.add((event, PROV.wasDerivedFrom, context.sentence(evidence)))   # every telling
    pairs: dict[frozenset[URIRef], Meeting] = {}      # one encounter a pair, all it was told of
    for meeting in told:
        for side, other in combinations(meeting.sides, 2):
            for a, b in product(side, other):
                pair = frozenset((context.entity(a), context.entity(b)))
                if len(pair) != 2:
                    continue
                known = pairs.get(pair)
                topics = known.topics + meeting.topics if known else meeting.topics
                pairs[pair] = replace(known or meeting, sides=((a,), (b,)) if not known else
                                      known.sides, topics=tuple(dict.fromkeys(topics)))
    for encounter in pairs.values():
        node = _write_encounter(context, encounter, event)
        if shared is not None:
            g.add((node, KG.event, shared))
    return event


def _write_encounter(context: ArticleContext, meeting: Meeting, event: URIRef | None) -> URIRef:
    """The n-ary meeting node; kg:metWith only across sides, and only if it was held."""
    g, node = context.graph, context.mint("meeting")
    if event is not None:
        g.add((node, SCHEMA.superEvent, event))
    g.add((node, RDF.type, KG.Meeting))
    g.add((node, RDFS.label, Literal(_meeting_label(context, meeting))))
    for side in meeting.sides:
        for mention in side:
            g.add((node, KG.participant, context.entity(mention)))
    for topic in meeting.topics:
        for subject in topic_nodes(context, topic, meeting.evidence):
            g.add((node, KG.topic, subject))
    if meeting.location is not None:
        g.add((node, KG.location, context.entity(meeting.location)))
    if meeting.date is not None:
        g.add((node, KG.date, Literal(meeting.date)))
    g.add((node, PROV.wasDerivedFrom, context.sentence(meeting.evidence)))   # the pair's sentence
    if meeting.status == "planned":
        g.add((node, SCHEMA.eventStatus, SCHEMA.EventScheduled))
    elif meeting.status == "negated":
        g.add((node, KG.polarity, KG.Negative))
    else:
        for a, b in cross_side_pairs(context, meeting):
            statement = context.assert_fact(a, KG.metWith, b, meeting.evidence)
            g.add((statement, KG.meeting, node))
    return node


def cross_side_pairs(context: ArticleContext, meeting: Meeting) -> list[tuple[URIRef, URIRef]]:
    """Each unordered pair of distinct participants on different sides, once, in side order."""
    pairs: dict[frozenset[URIRef], tuple[URIRef, URIRef]] = {}
    for side, other in combinations(meeting.sides, 2):
        for a, b in product(map(context.entity, side), map(context.entity, other)):
            if a != b:
                pairs.setdefault(frozenset((a, b)), (a, b))
    return list(pairs.values())


def _meeting_label(context: ArticleContext, meeting: Meeting) -> str:
    """"Ibrahim Kalin – Hamas", sides joined by a dash, marked when not held."""
    sides = [", ".join(dict.fromkeys(context.label(m) for m in side)) for side in meeting.sides]
    return " – ".join(s for s in sides if s) + _STATUS_SUFFIX[meeting.status]


def topic_nodes(context: ArticleContext, topic: Topic, evidence: Evidence) -> list[URIRef]:
    """The entity itself, a labelled kg:Topic, or both when the label says more.

    "Rafah crossing" is just the entity; "reopening of the Rafah crossing" is a kg:Topic
    kg:about the entity, and the meeting points at both, so a query for meetings about
    Rafah matches either label in one hop.
    """
    if topic.entity is None:
        return [context.topic(topic.label, evidence)]
    entity = context.entity(topic.entity)
    if not fold(topic.label) or fold(topic.label) in context.names(topic.entity):
        return [entity]
    node = context.topic(topic.label, evidence)
    shared = context.described if context.described is not None else context.graph
    shared.add((node, KG.about, entity))
    return [node, entity]


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
