"""Show what the extractor reads in one article, sentence by sentence (a development aid).

    python scripts/explain.py ARTICLE.txt [--parse] [--grep WORD]

Prints each sentence with its line kind, the mentions in it and the frames the
per-sentence rules return, then the events, demands and facts of the discourse pass.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from kg.extract.agents import AgentReader
from kg.extract.article import read_article
from kg.extract.discourse import discourse
from kg.extract.frames import Frames
from kg.extract.mentions import Mentions
from kg.extract.pipeline import _prepared, make_nlp
from kg.extract.sentence import SentenceRules
from kg.gazetteer import load


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", type=Path)
    parser.add_argument("--parse", action="store_true", help="print the dependency parse")
    parser.add_argument("--grep", default="", help="only sentences containing this text")
    args = parser.parse_args()
    article = read_article(args.path)
    nlp = make_nlp()
    with nlp.select_pipes(disable=["kg_relations"]):
        doc = nlp(_prepared(nlp, article))
    gaz = load()
    reader = AgentReader(Mentions(doc, gaz), gaz)
    rules = SentenceRules(reader)
    frames = Frames()
    for index, span in enumerate(doc.sents):
        found = rules.read(span, index)
        frames.extend(found)
        if args.grep and args.grep not in span.text:
            continue
        print(f"\n[{index}] {span.text.strip()!r}")
        print("   mentions:", [(m.text, m.kind, m.key) for m in reader.m.within(span)])
        if args.parse:
            print("   parse:", [(t.i, t.text, t.dep_, t.head.i, t.pos_) for t in span])
        for name in found.__dataclass_fields__:
            for frame in getattr(found, name):
                print(f"   {name}: {frame}")
    found = discourse(doc, reader, frames)
    print("\nEVENTS")
    for event in found.events:
        print(f" - {event.status} at {event.location and event.location.text} when {event.when}")
        for group in event.groups:
            print("     ", [[m.text for m in side] for side in group.resolved])
        print("      topics:", [t.label for t in event.topics])
    print("DEMANDS")
    for caller, frame, addressee in found.demands:
        print(f" - {caller.text}: {frame.label!r} about {[m.text for m in frame.about]}"
              f" urging {addressee and addressee.text}")
    print("MEDIATIONS", [(m.text, label) for m, label, _, _ in found.mediations])
    print("LOCATED IN", [(p.text, c.text) for p, c, _ in found.containments])


if __name__ == "__main__":
    main()
