"""kg.vocab mirrors ontology/kg.ttl, and the ontology stays inside what kg.reason implements."""
from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef

from kg import vocab
from kg.reason import rules_from
from kg.vocab import KG, ORG, OWL, RDF, RDFS

SCHEMA = Namespace(str(vocab.SCHEMA._NS))  # a plain Namespace: pytest probes module globals

KG_NS = str(KG._NS)
# Every predicate the ontology may use: declarations, RL-safe axioms, annotations.
ALLOWED_PREDICATES = {
    RDF.type, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.inverseOf,
    RDFS.label, RDFS.comment, OWL.versionInfo, vocab.DCTERMS.title,
}
DECLARATIONS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                OWL.NamedIndividual, OWL.SymmetricProperty, OWL.TransitiveProperty,
                OWL.Ontology}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(vocab.ontology_path(), format="turtle")


def defined_terms(ontology: Graph) -> set[str]:
    """Local names of kg: terms the ontology declares with a type."""
    return {str(s)[len(KG_NS):] for s in ontology.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(KG_NS)}


def test_every_ontology_term_is_in_vocab(ontology: Graph) -> None:
    missing = defined_terms(ontology) - set(KG.__annotations__)
    assert not missing, f"add to kg.vocab.KG: {sorted(missing)}"


def test_every_vocab_term_is_in_ontology(ontology: Graph) -> None:
    missing = set(KG.__annotations__) - defined_terms(ontology)
    assert not missing, f"declare in ontology/kg.ttl: {sorted(missing)}"


def test_no_kg_term_is_used_without_being_declared(ontology: Graph) -> None:
    used = {str(t)[len(KG_NS):] for triple in ontology for t in triple
            if isinstance(t, URIRef) and str(t).startswith(KG_NS)}
    assert used <= defined_terms(ontology)


def test_vocab_fails_on_unknown_names() -> None:
    assert KG.metWith == URIRef(KG_NS + "metWith")
    with pytest.raises(AttributeError):
        _ = KG.metwith


def test_every_term_has_an_english_label_and_comment(ontology: Graph) -> None:
    for name in KG.__annotations__:
        term = KG[name]
        labels = [o for o in ontology.objects(term, RDFS.label) if isinstance(o, Literal)]
        assert [label.language for label in labels] == ["en"], name
        assert any(True for _ in ontology.objects(term, RDFS.comment)), name


def test_ontology_is_owl2_rl_friendly(ontology: Graph) -> None:
    """Named terms only, a small set of RL axioms, and no owl:sameAs anywhere."""
    assert not [t for t in ontology if any(isinstance(x, BNode) for x in t)]
    assert {p for _, p, _ in ontology} <= ALLOWED_PREDICATES
    assert set(ontology.objects(None, RDF.type)) <= DECLARATIONS
    assert not list(ontology.triples((None, OWL.sameAs, None)))
    rules_from(ontology)  # kg.reason accepts every axiom


def test_contract_axioms(ontology: Graph) -> None:
    """The axioms DESIGN.md fixes."""
    expected = [
        (KG.metWith, RDF.type, OWL.SymmetricProperty),
        (KG.metWith, RDFS.domain, KG.Agent), (KG.metWith, RDFS.range, KG.Agent),
        (KG.locatedIn, RDF.type, OWL.TransitiveProperty),
        (KG.locatedIn, RDFS.subPropertyOf, SCHEMA.containedInPlace),
        (KG.callsFor, RDFS.domain, KG.Agent), (KG.callsFor, RDFS.range, KG.Demand),
        (KG.mediates, RDFS.domain, KG.Agent),
        (KG.Person, RDFS.subClassOf, KG.Agent), (KG.Organization, RDFS.subClassOf, KG.Agent),
        (KG.Country, RDFS.subClassOf, KG.Agent), (KG.Country, RDFS.subClassOf, KG.Place),
        (KG.Person, RDFS.subClassOf, SCHEMA.Person), (KG.Place, RDFS.subClassOf, SCHEMA.Place),
        (KG.Meeting, RDFS.subClassOf, SCHEMA.Event),
        (KG.Organization, RDFS.subClassOf, ORG.Organization),
        (ORG.headOf, RDFS.subPropertyOf, ORG.memberOf),
        (ORG.holds, OWL.inverseOf, ORG.heldBy),
    ]
    assert [t for t in expected if t not in ontology] == []
    for cls in ("Agent", "Person", "Organization", "Country", "Place", "Meeting", "Demand",
                "Article", "Sentence", "Topic"):
        assert (KG[cls], RDF.type, OWL.Class) in ontology


def test_graph_names() -> None:
    base = "https://example.org/kg/"
    assert vocab.graph_iri("inferred", base) == URIRef(base + "graph/inferred")
    assert vocab.article_graph("doc1") == URIRef(str(vocab.ID) + "graph/doc1")
    for reserved in ("ontology", "inferred", "background"):
        with pytest.raises(ValueError, match="rename the file"):
            vocab.article_graph(reserved)


def test_bind_uses_the_configured_base() -> None:
    graph = vocab.bind(Graph(), "https://example.org/kg/")
    assert dict(graph.namespaces())["kgr"] == URIRef("https://example.org/kg/")
    assert dict(graph.namespaces())["kg"] == URIRef(KG_NS)
