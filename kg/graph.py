"""Extraction records -> an RDF dataset in the shape of docs/data-model.md.

Each article gets its own named graph, so that what a text said stays apart from what
reasoning (`kg.reason`) and the gazetteer (`kg.background`) add later. IRIs are numbered
in record order, so the same input always gives the same dataset.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from rdflib import Dataset, Graph, Literal, URIRef

from kg.graph_facts import (
    ArticleContext, GraphError, slugify, squash, write_containment, write_demand, write_mediation,
)
from kg.graph_meetings import by_event, describe_shared_events, shared_iri, write_event
from kg.quadset import QuadSet
from kg.records import Entity, Extraction, Mention, Post
from kg.same_event import same_events
from kg.vocab import (
    DCTERMS, ID, KG, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, article_graph, bind, graph_iri,
    ontology_path,
)

__all__ = ["GraphError", "add_ontology", "slugify", "to_dataset", "write_post"]

WIKIDATA = "http://www.wikidata.org/entity/"
_WIKIDATA_ID = re.compile(r"Q[1-9][0-9]*")
# Roles that make the holder head of the organization (org:headOf), besides the org:Post.
HEAD_ROLES = frozenset({"head", "chief", "leader", "director", "chair", "chairman", "chairwoman",
                        "president", "secretary-general", "secretary general"})


def to_dataset(
    extractions: Sequence[Extraction], entities: Mapping[str, Entity], base: str = str(ID),
    into: QuadSet | None = None,
) -> Dataset | QuadSet:
    """Write every article into its own named graph, each entity's description once into the
    entities graph, plus the ontology graph.

    :raises GraphError: on a duplicate article id, an unresolved or unknown mention key,
        a malformed Wikidata id, or a base IRI that does not end in "/" or "#".
    """
    base = str(base)
    if not base.endswith(("/", "#")):
        raise GraphError(f"base IRI {base!r} must end with '/' or '#' so that keys append cleanly")
    ds = into if into is not None else Dataset()   # `kg build` writes into a QuadSet
    bind(ds, base)
    add_ontology(ds, base)
    described = ds.graph(graph_iri("entities", base))
    seen: set[str] = set()
    spellings: dict[str, list[str]] = {}
    groups = same_events(extractions)
    shared: dict[str, dict[int, URIRef]] = {}          # article id -> its events' shared IRIs
    for (doc, number), members in groups.items():
        shared.setdefault(doc, {})[number] = shared_iri(members[0], base)
    for extraction in extractions:
        doc_id = extraction.article.doc_id
        if doc_id in seen:
            raise GraphError(f"two articles share the id {doc_id!r}; file stems must be unique")
        seen.add(doc_id)
        for key, texts in _write_article(ds, described, extraction, entities, base,
                                         shared.get(doc_id, {})).items():
            spellings.setdefault(key, []).extend(texts)
    for key in sorted(spellings):
        _describe_entity(described, entities[key], spellings[key], base)
    describe_shared_events(described, ds, groups, base)
    return ds


def add_ontology(ds: Dataset, base: str = str(ID)) -> URIRef:
    """Parse ontology/kg.ttl into the ontology graph, so the dataset carries its own schema."""
    name = graph_iri("ontology", str(base))
    ds.graph(name).parse(ontology_path(), format="turtle")
    return name


def _write_article(
    ds: Dataset, described: Graph, extraction: Extraction, entities: Mapping[str, Entity],
    base: str, shared: Mapping[int, URIRef]
) -> dict[str, list[str]]:
    """Article node and facts into the article's graph; returns the entities it mentions with
    the spellings seen, for the one description each gets in the entities graph."""
    article = extraction.article
    graph = ds.graph(article_graph(article.doc_id, base))
    node = URIRef(f"{base}article/{article.doc_id}")
    graph.add((node, RDF.type, KG.Article))
    graph.add((node, KG.fileName, Literal(article.file_name)))
    if article.title:
        graph.add((node, DCTERMS.title, Literal(article.title)))
    if article.date is not None:
        graph.add((node, DCTERMS.date, Literal(article.date)))
    if article.url:
        graph.add((node, DCTERMS.source, URIRef(article.url)))
    if article.publisher:
        graph.add((node, DCTERMS.publisher, Literal(article.publisher)))
    # The text the sentences' kg:startOffset/kg:endOffset count in (the article page shows it).
    if article.text:
        graph.add((node, SCHEMA.articleBody, Literal(article.text)))
    spellings = _spellings(extraction, entities)
    context = ArticleContext(graph, article.doc_id, node, base,
                             {k: entities[k] for k in spellings}, described=described,
                             shared=shared)
    write_facts(context, extraction)
    for post in extraction.posts:
        write_post(context, post)
    return spellings


def _mentions(extraction: Extraction) -> Iterator[Mention]:
    """Every mention of the article, including those only found inside relations."""
    yield from extraction.mentions
    for meeting in extraction.meetings:
        for side in meeting.sides:
            yield from side
        yield from (topic.entity for topic in meeting.topics if topic.entity is not None)
        if meeting.location is not None:
            yield meeting.location
    for demand in extraction.demands:
        yield demand.caller
        yield from demand.about
        if demand.addressee is not None:
            yield demand.addressee
    for mediation in extraction.mediations:
        yield from (m for m in (mediation.mediator, mediation.party) if m is not None)
    for containment in extraction.containments:
        yield from (containment.place, containment.container)
    for post in extraction.posts:
        yield from (post.holder, post.organization)


def _spellings(extraction: Extraction, entities: Mapping[str, Entity]) -> dict[str, list[str]]:
    """Entity key -> spellings seen in this article, in order of first appearance."""
    spellings: dict[str, list[str]] = {}
    doc_id = extraction.article.doc_id
    for mention in _mentions(extraction):
        where = f"mention {mention.text!r} at {mention.start}-{mention.end} of {doc_id!r}"
        if mention.key is None:
            raise GraphError(f"{where} has no key; run kg.resolve on the extraction first")
        if mention.key not in entities:
            raise GraphError(f"{where} has key {mention.key!r}, which is not among the entities")
        seen = spellings.setdefault(mention.key, [])
        text = squash(mention.text)
        if text and text not in seen:
            seen.append(text)
    return spellings


def _describe_entity(graph: Graph, entity: Entity, seen: list[str], base: str) -> None:
    """Type, canonical label, every other spelling seen in the corpus, the Wikidata link.

    Written once, into the entities graph (resolution decides them over the whole corpus),
    so the union of the graphs holds each description once.
    """
    node = URIRef(base + entity.key)
    graph.add((node, RDF.type, KG[entity.kind]))
    if entity.kind == "Group":          # not one of the contract's agent classes: say it is one
        graph.add((node, RDF.type, KG.Agent))
    graph.add((node, RDFS.label, Literal(entity.label)))
    for text in {squash(name) for name in (*entity.aliases, *seen)} - {entity.label, ""}:
        graph.add((node, SKOS.altLabel, Literal(text)))
    if entity.wikidata:
        graph.add((node, SCHEMA.sameAs, _wikidata_iri(entity)))


def _wikidata_iri(entity: Entity) -> URIRef:
    """Accept "Q38799" or the full entity IRI; anything else is a gazetteer error."""
    value = entity.wikidata or ""
    if value.startswith(WIKIDATA) and _WIKIDATA_ID.fullmatch(value[len(WIKIDATA):]):
        return URIRef(value)
    if _WIKIDATA_ID.fullmatch(value):
        return URIRef(WIKIDATA + value)
    raise GraphError(f"entity {entity.key!r} has wikidata {value!r}; expected an id like 'Q38799'")



def write_post(context: ArticleContext, post: Post) -> URIRef:
    """W3C ORG: "member" is an org:Membership, any other role an org:Post (heads also org:headOf).

    "Kalin, head of MIT" gives a post labelled "head", held by Kalin, in MIT, plus
    `Kalin org:headOf MIT`; "al-Hayya, member of Hamas' Political Bureau" a membership plus
    `al-Hayya org:memberOf <Political Bureau>`.
    """
    g = context.graph
    holder, organization = context.entity(post.holder), context.entity(post.organization)
    role = squash(post.role)
    if not role:
        raise GraphError(f"post of {post.holder.text!r} in {context.doc_id!r} has an empty role")
    if role.lower() == "member":
        node = context.mint("membership")
        g.add((node, RDF.type, ORG.Membership))
        g.add((node, ORG.member, holder))
        g.add((node, ORG.organization, organization))
        g.add((holder, ORG.memberOf, organization))
    else:
        node = context.mint("post")
        for p, o in ((RDF.type, ORG.Post), (RDFS.label, Literal(role)), (ORG.heldBy, holder),
                     (ORG.postIn, organization)):
            g.add((node, p, o))
        g.add((holder, ORG.holds, node))
        if role.lower() in HEAD_ROLES:
            g.add((holder, ORG.headOf, organization))
    g.add((node, PROV.wasDerivedFrom, context.sentence(post.evidence)))
    return node


def write_facts(context: ArticleContext, extraction: Extraction) -> None:
    """Write all relations of an article in a fixed order, so numbering is stable."""
    for told in by_event(extraction.meetings):
        write_event(context, told)
    for demand in extraction.demands:
        write_demand(context, demand)
    for mediation in extraction.mediations:
        write_mediation(context, mediation)
    for containment in extraction.containments:
        write_containment(context, containment)
