"""Hand-made extraction records shared by the graph, reasoning and background tests.

`mini_records()` reproduces article doc1 of tests/data/mini.trig record by record, so the
writer can be checked against that golden example without spaCy.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from rdflib import Dataset, Graph

from kg.background import add_background
from kg.graph import to_dataset
from kg.rdfio import load
from kg.reason import infer
from kg.records import (
    Article, Containment, Demand, Entity, Evidence, Extraction, Mediation, Meeting, Mention, Post,
    Topic,
)
from kg.vocab import ID, graph_iri

BASE = str(ID)
GOLDEN = Path(__file__).resolve().parent / "data" / "mini.trig"

S1 = Evidence(42, 160, "Ibrahim Kalın, head of the National Intelligence Organization (MIT), "
                       "hosted a delegation from Hamas in Istanbul on Saturday.")
S2 = Evidence(161, 230, "Egypt urged Israel to reopen the Rafah crossing.")

ENTITIES = {
    e.key: e for e in (
        Entity("person/ibrahim-kalin", "Person", "Ibrahim Kalin", frozenset({"Kalın"})),
        Entity("organization/hamas", "Organization", "Hamas", wikidata="Q38799"),
        Entity("organization/national-intelligence-organization", "Organization",
               "National Intelligence Organization", frozenset({"MIT"})),
        Entity("country/egypt", "Country", "Egypt"),
        Entity("country/israel", "Country", "Israel"),
        Entity("country/turkiye", "Country", "Türkiye", frozenset({"Turkey", "Turkiye"})),
        Entity("place/istanbul", "Place", "Istanbul"),
        Entity("place/rafah-crossing", "Place", "Rafah crossing"),
        Entity("place/rafah", "Place", "Rafah"),
    )
}


def mention(key: str, text: str | None = None, start: int = 0) -> Mention:
    """A resolved mention of `key`, spelled `text` (default: the canonical label)."""
    entity = ENTITIES[key]
    text = text or entity.label
    return Mention(start, start + len(text), text, entity.kind, key)


def article(doc_id: str = "doc1") -> Article:
    """The article record of doc1 in mini.trig."""
    return Article(doc_id, f"{doc_id}.txt", "Türkiye hosts Hamas delegation for talks",
                   dt.date(2026, 1, 25), "")


def mini_records() -> Extraction:
    """Article doc1 of tests/data/mini.trig as extraction records."""
    kalin, hamas = mention("person/ibrahim-kalin", "Ibrahim Kalın"), mention("organization/hamas")
    egypt, crossing = mention("country/egypt"), mention("place/rafah-crossing")
    return Extraction(
        article=article(),
        mentions=(kalin, mention("person/ibrahim-kalin", "Kalın"),
                  mention("organization/national-intelligence-organization", "MIT"),
                  mention("place/rafah-crossing", "Rafah  border\ncrossing")),
        meetings=(
            Meeting(((kalin,), (hamas,)), (Topic("Rafah crossing", crossing), Topic("Gaza ceasefire")),
                    mention("place/istanbul"), dt.date(2026, 1, 24), "held", S1),
            Meeting(((hamas,), (egypt,)), (Topic("Rafah crossing", crossing),), None, None,
                    "planned", S2),
        ),
        demands=(Demand(egypt, "reopening of the Rafah crossing", (crossing,),
                        mention("country/israel"), S2),),
        mediations=(Mediation(egypt, "Gaza ceasefire", None, S2),),
        containments=(Containment(crossing, mention("place/rafah"), S2),),
        posts=(Post(kalin, "head", mention("organization/national-intelligence-organization"), S1),),
    )


def mini_dataset(background: bool = True, reason: bool = True) -> Dataset:
    """doc1 through kg.graph, then optionally kg.background and kg.reason, as `kg build` does."""
    ds = to_dataset([mini_records()], ENTITIES, base=BASE)
    if background:
        add_background(ds, ENTITIES, BASE)
    if reason:
        infer(ds, BASE)
    return ds


def load_golden() -> Dataset:
    """tests/data/mini.trig, the hand-checked example of the whole shape."""
    return load(GOLDEN)


def asserted_union(ds: Dataset) -> Graph:
    """All graphs but ontology and inferred: what the text stated plus the gazetteer."""
    graph = Graph()
    skip = {graph_iri("ontology", BASE), graph_iri("inferred", BASE)}
    for s, p, o, g in ds.quads((None, None, None, None)):
        if g not in skip:
            graph.add((s, p, o))
    return graph
