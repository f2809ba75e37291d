"""Rule tests without the statistical model: saved parses of tests/data/rule_texts.txt.

`scripts/save_parses.py` parsed each block once (words, tags, lemmas, heads, dependencies,
entities with gazetteer ids); here they are loaded into a blank vocabulary and read by the
rules and the discourse pass exactly as the pipeline would.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from kg.extract.agents import AgentReader
from kg.extract.component import RelationFinder, read_frames, to_extraction
from kg.extract.frames import Frames
from kg.extract.text import classify
from kg.gazetteer import load as load_gazetteer
from kg.records import Article, Extraction

PARSES = Path(__file__).resolve().parents[1] / "data" / "rule_parses.spacy"


@lru_cache(maxsize=1)
def _docs() -> dict[str, bytes]:
    vocab = spacy.blank("en").vocab
    return {doc.user_data["kg_test_id"]: doc.to_bytes()
            for doc in DocBin().from_disk(PARSES).get_docs(vocab)}


def parsed(key: str) -> Doc:
    """A fresh copy of the saved parse of block `key`, with its line classes."""
    import kg.extract.spans  # noqa: F401  (registers the Doc extensions)

    doc = Doc(spacy.blank("en").vocab).from_bytes(_docs()[key])
    lines = classify(doc.text)
    doc._.kg_lines = (lines, [line.start for line in lines])
    return doc


def frames_of(key: str) -> tuple[Doc, AgentReader, Frames]:
    """The per-sentence frames of a block."""
    doc = parsed(key)
    reader, frames = read_frames(doc, load_gazetteer())
    return doc, reader, frames


def extraction_of(key: str) -> Extraction:
    """The records the discourse pass makes of a block."""
    doc = RelationFinder()(parsed(key))
    date = doc.user_data.get("kg_test_date")
    text = doc._.kg_source or doc.text
    article = Article(key, f"{key}.txt", key, dt.date.fromisoformat(date) if date else None, text)
    return to_extraction(article, doc)


def pairs(ex: Extraction, status: str = "held") -> set[frozenset[str]]:
    """Who met whom (by canonical-ish text) in meetings of a status."""
    out = set()
    for meeting in ex.meetings:
        if meeting.status != status:
            continue
        for i, side in enumerate(meeting.sides):
            for other in meeting.sides[i + 1:]:
                out |= {frozenset((a.text, b.text)) for a in side for b in other}
    return out
