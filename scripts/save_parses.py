"""Parse the rule-test texts once with the model, for rule tests that run without it.

    python scripts/save_parses.py

Reads tests/data/rule_texts.txt and writes tests/data/rule_parses.spacy: each block parsed
with every component but the relation rules (so the saved Docs hold what the rules read:
words, tags, lemmas, heads, dependencies, entities with gazetteer ids, line kinds and the
article text as written). Run it again after changing the model, the entity ruler or the
line component.
"""
from __future__ import annotations

from pathlib import Path

from spacy.tokens import DocBin

from kg.extract.article import parse_article
from kg.extract.pipeline import _prepared, make_nlp

ROOT = Path(__file__).resolve().parents[1] / "tests" / "data"


def blocks(path: Path) -> dict[str, str]:
    """id -> text of each "== id" block."""
    out: dict[str, list[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("== "):
            current = line[3:].strip()
            out[current] = []
        elif current is not None:
            out[current].append(line)
    return {key: "\n".join(lines) + "\n" for key, lines in out.items()}


def main() -> None:
    nlp = make_nlp()
    store = DocBin(store_user_data=True)
    with nlp.select_pipes(disable=["kg_relations"]):
        for key, text in blocks(ROOT / "rule_texts.txt").items():
            article = parse_article(key, f"{key}.txt", text)
            doc = nlp(_prepared(nlp, article))
            doc._.kg_lines = None          # recomputed from the text when loaded
            doc.user_data["kg_test_id"] = key
            doc.user_data["kg_test_date"] = article.date.isoformat() if article.date else None
            store.add(doc)
    store.to_disk(ROOT / "rule_parses.spacy")
    print(f"wrote {len(store)} parses to {ROOT / 'rule_parses.spacy'}")


if __name__ == "__main__":
    main()
