"""kg.graph: records -> the RDF shape of docs/data-model.md, checked triple by triple."""
from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path

import pytest
from graph_samples import (
    asserted_union,
    BASE, ENTITIES, S1, S2, article, load_golden, mention, mini_dataset, mini_records,
)
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, to_isomorphic

from kg import rdfio
from kg.graph import GraphError, to_dataset
from kg.records import Demand, Entity, Extraction, Meeting, Post, Topic
from kg.vocab import KG, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, graph_iri

# The shared scorer sits beside the project: ../shared/eval/score.py from the checkout.
SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"
PREFIXES = """
PREFIX kg: <https://newskg.example/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


def node(key: str) -> URIRef:
    return URIRef(BASE + key)


def doc_graph(ds: Dataset, doc_id: str = "doc1") -> Graph:
    return ds.graph(graph_iri(doc_id, BASE))



def write(*extractions: Extraction) -> Dataset:
    return to_dataset(list(extractions), ENTITIES, base=BASE)


def test_article_graph_matches_golden_example() -> None:
    ours, golden = doc_graph(write(mini_records())), doc_graph(load_golden())
    _, only_ours, only_golden = graph_diff(to_isomorphic(ours), to_isomorphic(golden))
    assert (sorted(only_ours), sorted(only_golden)) == ([], [])


@pytest.mark.parametrize("name", ["background", "inferred"])
def test_derived_graphs_match_golden_example(name: str) -> None:
    ours = mini_dataset().graph(graph_iri(name, BASE))
    golden = load_golden().graph(graph_iri(name, BASE))
    assert set(ours) == set(golden)


def test_named_graphs_per_article_and_ontology() -> None:
    second = dataclasses.replace(mini_records(), article=article("doc2"))
    ds = write(mini_records(), second)
    names = {g.identifier for g in ds.graphs() if len(g)}
    assert names == {graph_iri(n, BASE) for n in ("ontology", "entities", "doc1", "doc2")}
    assert (KG.metWith, RDF.type, OWL.SymmetricProperty) in ds.graph(graph_iri("ontology", BASE))
    assert len(doc_graph(ds, "doc1")) == len(doc_graph(ds, "doc2"))
    assert (node("article/doc2"), KG.fileName, Literal("doc2.txt")) in doc_graph(ds, "doc2")


def test_only_held_meetings_make_met_with() -> None:
    g = doc_graph(write(mini_records()))
    assert set(g.subject_objects(KG.metWith)) == {
        (node("person/ibrahim-kalin"), node("organization/hamas"))}
    planned = node("meeting/doc1-2")
    assert (planned, URIRef("https://schema.org/eventStatus"),
            URIRef("https://schema.org/EventScheduled")) in g
    negated = dataclasses.replace(mini_records().meetings[0], status="negated")
    g = doc_graph(write(dataclasses.replace(mini_records(), meetings=(negated,))))
    assert (node("meeting/doc1-1"), KG.polarity, KG.Negative) in g
    assert not list(g.triples((None, KG.metWith, None)))


def test_met_with_pairs_only_across_sides() -> None:
    kalin, hamas = mention("person/ibrahim-kalin"), mention("organization/hamas")
    egypt, israel = mention("country/egypt"), mention("country/israel")
    meeting = Meeting(((kalin, egypt), (hamas, israel)), (), None, None, "held", S1)
    alone = Meeting(((kalin,), (kalin, kalin)), (), None, None, "held", S2)
    g = doc_graph(write(dataclasses.replace(mini_records(), meetings=(meeting, alone))))
    pairs = {frozenset(p) for p in g.subject_objects(KG.metWith)}
    expected = {frozenset({node(a.key), node(b.key)}) for a in (kalin, egypt) for b in (hamas, israel)}
    assert pairs == expected  # same side never pairs, and no one meets themselves
    assert len(list(g.triples((None, KG.metWith, None)))) == len(expected)
    keys = {m.key for m in (kalin, egypt, hamas, israel)}
    encounters = [m for m in g.subjects(RDF.type, KG.Meeting)
                  if (m, SCHEMA.superEvent, None) in g]
    assert len(encounters) == 4 and len({g.value(m, SCHEMA.superEvent) for m in encounters}) == 1
    assert all(len(set(g.objects(m, KG.participant))) == 2 for m in encounters)
    assert {p for m in encounters for p in g.objects(m, KG.participant)} == {node(k) for k in keys}
    lonely = [m for m in g.subjects(RDF.type, KG.Meeting) if (m, SCHEMA.superEvent, None) not in g]
    assert [set(g.objects(m, KG.participant)) for m in lonely] == [{node(kalin.key)}]


def test_meeting_is_n_ary() -> None:
    g = doc_graph(write(mini_records()))
    m = node("meeting/doc1-1")
    assert (m, RDF.type, KG.Meeting) in g
    assert set(g.objects(m, KG.topic)) == {node("place/rafah-crossing"), node("topic/gaza-ceasefire")}
    assert (m, KG.location, node("place/istanbul")) in g
    assert (m, KG.date, Literal(dt.date(2026, 1, 24))) in g


def test_every_relation_leads_to_its_sentence_and_article() -> None:
    g = doc_graph(write(mini_records()))
    missing = g.query(PREFIXES + """
        SELECT ?s ?p ?o WHERE {
          VALUES ?p { kg:metWith kg:callsFor kg:mediates kg:locatedIn }
          ?s ?p ?o .
          FILTER NOT EXISTS {
            ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?sent .
            ?sent a kg:Sentence ; kg:text ?text ; kg:startOffset ?a ; kg:endOffset ?b ;
                  dcterms:isPartOf ?article .
            ?article a kg:Article .
          }
        }""")
    assert list(missing) == []
    facts = len(list(g.triples((None, KG.metWith, None)))) + 3
    assert len(set(g.subjects(RDF.type, RDF.Statement))) == facts
    for kind in (KG.Meeting, KG.Demand):
        for subject in g.subjects(RDF.type, kind):
            assert any(True for _ in g.objects(subject, PROV.wasDerivedFrom)), subject


def test_sentence_offsets_and_text() -> None:
    g = doc_graph(write(mini_records()))
    sentence = node(f"sentence/doc1-{S2.start}-{S2.end}")
    assert (sentence, KG.text, Literal(S2.text)) in g
    assert (sentence, KG.startOffset, Literal(S2.start)) in g
    assert (sentence, KG.endOffset, Literal(S2.end)) in g


def test_who_met_whom_about_rafah_is_a_short_query() -> None:
    ds = mini_dataset()
    rows = asserted_union(ds).query(PREFIXES + """
        SELECT ?a ?b ?text WHERE {
          ?m a kg:Meeting ; kg:participant ?x, ?y ; kg:topic/rdfs:label ?topic ;
             prov:wasDerivedFrom/kg:text ?text .
          ?x rdfs:label ?a . ?y rdfs:label ?b .
          FILTER (CONTAINS(LCASE(?topic), "rafah") && STR(?a) < STR(?b))
          FILTER NOT EXISTS { ?m schema:eventStatus schema:EventScheduled }
          FILTER NOT EXISTS { ?m kg:polarity kg:Negative }
        }""")
    assert {(str(a), str(b), str(t)) for a, b, t in rows} == {("Hamas", "Ibrahim Kalin", S1.text)}


def test_topic_with_its_own_label_is_about_the_entity() -> None:
    crossing = mention("place/rafah-crossing")
    topic = Topic("reopening of the Rafah crossing", crossing)
    meeting = dataclasses.replace(mini_records().meetings[0], topics=(topic,))
    ds = write(dataclasses.replace(mini_records(), meetings=(meeting,)))
    g, described = doc_graph(ds), ds.graph(graph_iri("entities", BASE))
    t = node("topic/reopening-of-the-rafah-crossing")
    assert set(g.objects(node("meeting/doc1-1"), KG.topic)) == {t, node("place/rafah-crossing")}
    assert (t, KG.about, node("place/rafah-crossing")) in described
    assert (t, RDFS.label, Literal("reopening of the Rafah crossing")) in described
    assert (t, PROV.wasDerivedFrom, node(f"sentence/doc1-{S1.start}-{S1.end}")) in g


def test_demand_shape() -> None:
    g = doc_graph(write(mini_records()))
    d = node("demand/doc1-1")
    assert (node("country/egypt"), KG.callsFor, d) in g
    assert (d, RDFS.label, Literal("reopening of the Rafah crossing")) in g
    assert (d, KG.about, node("place/rafah-crossing")) in g
    assert (d, KG.addressee, node("country/israel")) in g


def test_mediation_of_a_party() -> None:
    egypt, hamas = mention("country/egypt"), mention("organization/hamas")
    records = dataclasses.replace(mini_records(), mediations=(
        dataclasses.replace(mini_records().mediations[0], party=hamas, mediator=egypt),))
    g = doc_graph(write(records))
    assert set(g.objects(node("country/egypt"), KG.mediates)) == {node("organization/hamas")}


def test_posts_and_memberships_use_w3c_org() -> None:
    kalin, hamas = mention("person/ibrahim-kalin"), mention("organization/hamas")
    mit = mention("organization/national-intelligence-organization")
    records = dataclasses.replace(mini_records(), posts=(
        Post(kalin, "head", mit, S1), Post(kalin, "member", hamas, S1)))
    g = doc_graph(write(records))
    post, membership = node("post/doc1-1"), node("membership/doc1-1")
    assert {(post, RDF.type, ORG.Post), (post, ORG.heldBy, node("person/ibrahim-kalin")),
            (post, ORG.postIn, mit_node := node(mit.key)),
            (node("person/ibrahim-kalin"), ORG.holds, post),
            (node("person/ibrahim-kalin"), ORG.headOf, mit_node),
            (membership, RDF.type, ORG.Membership), (membership, ORG.organization, node(hamas.key)),
            (node("person/ibrahim-kalin"), ORG.memberOf, node(hamas.key))} <= set(g)
    assert (node("person/ibrahim-kalin"), ORG.headOf, node(hamas.key)) not in g


def test_one_label_per_entity_and_alt_labels() -> None:
    second = dataclasses.replace(mini_records(), article=article("doc2"))
    g = asserted_union(mini_dataset()) + asserted_union(write(second))
    for key, entity in ENTITIES.items():
        labels = set(g.objects(node(key), RDFS.label))
        assert labels in (set(), {Literal(entity.label)}), key
    kalin = set(map(str, g.objects(node("person/ibrahim-kalin"), SKOS.altLabel)))
    assert kalin == {"Ibrahim Kalın", "Kalın"}
    crossing = set(map(str, g.objects(node("place/rafah-crossing"), SKOS.altLabel)))
    assert crossing == {"Rafah border crossing"}  # whitespace of the spelling normalised


def test_outward_links_use_schema_same_as() -> None:
    ds = mini_dataset()
    assert not list(ds.quads((None, OWL.sameAs, None, None)))
    wikidata = URIRef("http://www.wikidata.org/entity/Q38799")
    assert (node("organization/hamas"), URIRef("https://schema.org/sameAs"), wikidata) in \
        ds.graph(graph_iri("entities", BASE))


def test_entity_descriptions_live_once_in_the_entities_graph() -> None:
    """Two articles naming the same entities: their graphs hold no description, the
    entities graph holds one, with every spelling either article used."""
    second = dataclasses.replace(mini_records(), article=article("doc2"))
    ds = write(mini_records(), second)
    described = ds.graph(graph_iri("entities", BASE))
    for doc in ("doc1", "doc2"):
        g = doc_graph(ds, doc)
        for key in ENTITIES:
            for p in (RDF.type, RDFS.label, SKOS.altLabel, SCHEMA.sameAs):
                assert not list(g.triples((node(key), p, None))), (doc, key, p)
    assert (node("person/ibrahim-kalin"), RDF.type, KG.Person) in described
    assert len(list(described.objects(node("person/ibrahim-kalin"), RDFS.label))) == 1


def test_deterministic_output() -> None:
    assert rdfio.nquads(write(mini_records())) == rdfio.nquads(write(mini_records()))


@pytest.mark.parametrize("change, message", [
    (lambda r: dataclasses.replace(r, mentions=(dataclasses.replace(r.mentions[0], key=None),)),
     "run kg.resolve"),
    (lambda r: dataclasses.replace(r, mentions=(dataclasses.replace(r.mentions[0], key="x/y"),)),
     "not among the entities"),
    (lambda r: dataclasses.replace(r, article=article("ontology")), "clashes"),
    (lambda r: dataclasses.replace(r, demands=(Demand(
        mention("country/egypt"), "  ", (), None, S2),)), "empty label"),
])
def test_bad_records_fail_with_a_message(change, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        write(change(mini_records()))


def test_other_input_errors() -> None:
    with pytest.raises(GraphError, match="share the id"):
        write(mini_records(), mini_records())
    with pytest.raises(GraphError, match="must end with"):
        to_dataset([mini_records()], ENTITIES, base="https://example.org/kg")
    bad = dict(ENTITIES)
    bad["organization/hamas"] = Entity("organization/hamas", "Organization", "Hamas",
                                       wikidata="Hamas")
    with pytest.raises(GraphError, match="expected an id like"):
        to_dataset([mini_records()], bad, base=BASE)


def test_custom_base() -> None:
    base = "https://example.org/kg/"
    ds = to_dataset([mini_records()], ENTITIES, base=base)
    g = ds.graph(graph_iri("doc1", base))
    assert (URIRef(base + "country/egypt"), KG.callsFor, URIRef(base + "demand/doc1-1")) in g


@pytest.mark.skipif(not SCORER.exists(), reason="the shared scorer is not in this checkout")
@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::ResourceWarning")
def test_scorer_reads_our_shape(tmp_path: Path) -> None:
    """The shared scorer finds the held meeting, the Rafah pair, the demand and mediation."""
    spec = importlib.util.spec_from_file_location("newskg_score", SCORER)
    score = importlib.util.module_from_spec(spec)
    sys.modules["newskg_score"] = score
    spec.loader.exec_module(score)
    # The scorer only scores articles its gold covers: name the article after a gold one.
    gold_doc = "001_130d9e38233164ab"
    ds = to_dataset([dataclasses.replace(mini_records(), article=article(gold_doc))], ENTITIES,
                    base=BASE)
    path = rdfio.save(ds, tmp_path / "graph.trig")
    result = score.score(path, SCORER.parent, "inferred")  # the scorer's default
    assert (result["metWith"]["n_pred"], result["metWith"]["spurious"]) == (1, [])
    assert result["rafah_question"]["n_pred"] == 1
    assert result["rafah_question"]["spurious"] == []
    assert result["callsFor"]["n_pred"] == result["mediates"]["n_pred"] == 1
    assert result["locatedIn"]["spurious"] == []
    json.dumps(result, default=sorted)
