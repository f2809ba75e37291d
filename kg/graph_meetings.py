"""Meetings as triples: the n-ary kg:Meeting, its encounters and the event they share.

Helper of `kg.graph` (through `kg.graph_facts.write_facts`); not a public API.
"""
from __future__ import annotations

from dataclasses import replace
from itertools import combinations, product

from collections.abc import Mapping

from rdflib import Dataset, Graph, Literal, URIRef

from kg.graph_facts import ArticleContext
from kg.names import fold
from kg.records import Evidence, Meeting, Topic
from kg.vocab import KG, PROV, RDF, RDFS, SCHEMA, article_graph

_STATUS_SUFFIX = {"held": "", "planned": " (planned)", "negated": " (negated)"}


def by_event(meetings: tuple[Meeting, ...]) -> list[list[Meeting]]:
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


def shared_iri(first: tuple[str, int], base: str) -> URIRef:
    return URIRef(f"{base}shared-event/{first[0]}-{first[1]}")


def describe_shared_events(described: Graph, ds: Dataset, groups: Mapping, base: str) -> None:
    """Each meeting several articles report: one schema:Event listing every reporting article,
    labelled like the first report's meeting."""
    for members in {tuple(m) for m in groups.values()}:
        node = shared_iri(members[0], base)
        described.add((node, RDF.type, SCHEMA.Event))
        for doc, _ in members:
            described.add((node, KG.reportedIn, URIRef(f"{base}article/{doc}")))
        first = ds.graph(article_graph(members[0][0], base))
        labels = sorted(str(o) for s in first.subjects(KG.event, node)
                        for o in first.objects(s, RDFS.label))    # sorted: the same every build
        if labels:
            described.add((node, RDFS.label, Literal(labels[0].split(" (")[0])))
