"""kg.reason: the same data-level triples as owlrl's OWL 2 RL closure, without the noise, fast."""
from __future__ import annotations

import dataclasses
import time

import owlrl
import pytest
from graph_samples import BASE, asserted_union, ENTITIES, article, mini_dataset, mini_records
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef

from kg.graph import to_dataset
from kg.reason import ReasonError, closure, infer, rules_from
from kg.vocab import KG, OWL, RDF, RDFS, graph_iri

EX = Namespace("https://example.org/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # plain: pytest probes module globals
SCHEMA = Namespace("https://schema.org/")
STANDARD = (str(OWL), str(RDF), str(RDFS))


def owlrl_additions(data: Graph, ontology: Graph) -> set[tuple]:
    """owlrl's OWL 2 RL closure of data + ontology, cut down to new data-level triples.

    Data-level: the subject is not a literal or an ontology term, and the triple uses the
    ontology's own vocabulary (a property it mentions, or rdf:type to a class it mentions),
    leaving out OWL/RDFS bookkeeping such as owl:Thing typing and reflexive owl:sameAs.
    """
    graph = Graph()
    for triple in (*data, *ontology):
        graph.add(triple)
    before = set(graph)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    vocabulary = {x for t in ontology for x in t if isinstance(x, URIRef)}
    terms = set(ontology.subjects())

    def data_level(s, p, o) -> bool:
        if isinstance(s, Literal) or s in terms:
            return False
        term = o if p == RDF.type else p
        return term in vocabulary and not str(term).startswith(STANDARD)

    return {t for t in set(graph) - before if data_level(*t)}



def test_mini_equals_owlrl() -> None:
    ds = mini_dataset()
    ours = set(ds.graph(graph_iri("inferred", BASE)))
    reference = owlrl_additions(asserted_union(ds), ds.graph(graph_iri("ontology", BASE)))
    assert ours == reference
    assert len(ours) > 40  # the comparison is not vacuous


def synthetic() -> tuple[Graph, Graph]:
    """Every rule kind reason.py implements, chained into each other."""
    onto, data = Graph(), Graph()
    for triple in [
        (EX.near, RDF.type, OWL.SymmetricProperty), (EX.near, RDFS.subPropertyOf, EX.related),
        (EX.inside, RDF.type, OWL.TransitiveProperty), (EX.inside, RDFS.domain, EX.Area),
        (EX.inside, RDFS.range, EX.Area), (EX.within, RDFS.subPropertyOf, EX.inside),
        (EX.parentOf, OWL.inverseOf, EX.childOf), (EX.childOf, RDFS.range, EX.Parent),
        (EX.Parent, RDFS.subClassOf, EX.Person), (EX.Person, OWL.equivalentClass, EX.Human),
        (EX.Human, RDFS.subClassOf, EX.Agent), (EX.related, OWL.equivalentProperty, EX.linked),
        (EX.born, RDFS.domain, EX.Person), (EX.born, RDFS.range, XSD.date),
        (EX.Area, RDFS.subClassOf, EX.Thing),
    ]:
        onto.add(triple)
    for triple in [
        (EX.a, EX.within, EX.b), (EX.b, EX.inside, EX.c), (EX.c, EX.within, EX.d),
        (EX.d, EX.inside, EX.e), (EX.a, EX.near, EX.z), (EX.z, EX.near, EX.y),
        (EX.kid, EX.childOf, EX.mum), (EX.mum, EX.born, Literal("1970-01-01", datatype=XSD.date)),
        (BNode("x"), EX.near, EX.q), (EX.e, RDF.type, EX.Region),
    ]:
        data.add(triple)
    return data, onto


def test_every_rule_kind_equals_owlrl() -> None:
    data, onto = synthetic()
    ours = closure(data, rules_from(onto))
    assert ours == owlrl_additions(data, onto)
    expected = {(EX.a, EX.inside, EX.e), (EX.z, EX.near, EX.a), (EX.a, EX.linked, EX.z),
                (EX.mum, EX.parentOf, EX.kid), (EX.mum, RDF.type, EX.Human),
                (EX.mum, RDF.type, EX.Agent), (EX.e, RDF.type, EX.Thing),
                (EX.q, EX.near, BNode("x"))}
    assert expected <= ours
    assert (EX.z, EX.near, EX.y) not in ours  # already stated: only new triples


def test_no_axiomatic_noise() -> None:
    inferred = mini_dataset().graph(graph_iri("inferred", BASE))
    assert not [t for t in inferred if isinstance(t[0], Literal)]
    assert not list(inferred.triples((None, OWL.sameAs, None)))
    assert not {o for o in inferred.objects(None, RDF.type) if str(o).startswith(STANDARD)}
    assert not [t for t in inferred if t[0] == t[2]]


def test_only_new_triples_and_idempotent() -> None:
    ds = mini_dataset()
    inferred = set(ds.graph(graph_iri("inferred", BASE)))
    assert not inferred & set(asserted_union(ds))
    report = infer(ds, BASE)
    assert report.added == len(inferred) == len(ds.graph(graph_iri("inferred", BASE)))
    assert set(ds.graph(graph_iri("inferred", BASE))) == inferred
    assert report.seconds >= 0


def test_reasons_over_articles_and_background() -> None:
    inferred = mini_dataset().graph(graph_iri("inferred", BASE))
    crossing = URIRef(BASE + "place/rafah-crossing")
    # stated: crossing in Rafah (article); gazetteer: Rafah's parent country (background)
    assert (crossing, KG.locatedIn, URIRef(BASE + "country/palestine")) in inferred
    assert (URIRef(BASE + "organization/hamas"), KG.metWith,
            URIRef(BASE + "person/ibrahim-kalin")) in inferred
    assert (URIRef(BASE + "person/ibrahim-kalin"), RDF.type, KG.Agent) in inferred
    assert (URIRef(BASE + "place/istanbul"), SCHEMA.containedInPlace,
            URIRef(BASE + "country/turkiye")) in inferred


def test_planned_meetings_infer_no_met_with() -> None:
    inferred = mini_dataset().graph(graph_iri("inferred", BASE))
    egypt = URIRef(BASE + "country/egypt")
    assert not list(inferred.triples((egypt, KG.metWith, None)))
    assert not list(inferred.triples((None, KG.metWith, egypt)))


def test_ontology_file_is_used_when_dataset_has_none() -> None:
    ds = to_dataset([mini_records()], ENTITIES, base=BASE)
    expected = infer(ds, BASE).added
    ds.remove_graph(ds.graph(graph_iri("ontology", BASE)))
    assert infer(ds, BASE).added == expected


@pytest.mark.parametrize("axiom", [
    (EX.p, RDF.type, OWL.FunctionalProperty),
    (EX.p, OWL.propertyChainAxiom, EX.list),
    (EX.A, RDFS.subClassOf, BNode("restriction")),
])
def test_unsupported_axioms_are_refused(axiom: tuple) -> None:
    with pytest.raises(ReasonError, match="kg.reason|named classes"):
        rules_from(Graph().add(axiom))


def test_fast_on_ten_thousand_triples() -> None:
    records = [dataclasses.replace(mini_records(), article=article(f"doc{i}")) for i in range(160)]
    ds = to_dataset(records, ENTITIES, base=BASE)
    assert sum(len(g) for g in ds.graphs()) > 10_000
    started = time.perf_counter()
    report = infer(ds, BASE)
    assert time.perf_counter() - started < 2.0, report  # owlrl: about 5 s for this size
    assert report.added > 50
