"""City names from the gazetteer, applied after the statistical NER.

Thousands of city names collide with first names ("Vladimir", "Hassan") and words, so
they may not pre-empt NER the way countries and organizations do. A city name is
labelled only where NER found nothing, or where NER's span is exactly the city name
(the model tags a bare "Rafah" or "Khan Yunis" as PERSON).
"""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans


class CityNames:
    """A pipeline component relabelling or adding CITY entities, keyed by gazetteer id."""

    def __init__(self, nlp: Language, patterns: list[dict]) -> None:
        self.matcher = PhraseMatcher(nlp.vocab)
        self.ids: dict[str, str] = {}
        by_key: dict[str, list[str]] = {}
        for pattern in patterns:
            if pattern["label"] == "CITY":
                by_key.setdefault(pattern["id"], []).append(pattern["pattern"])
        for key, names in by_key.items():
            self.matcher.add(key, [nlp.make_doc(n) for n in names])

    def __call__(self, doc: Doc) -> Doc:
        owner = {t.i: ent for ent in doc.ents for t in ent}
        ents = list(doc.ents)
        found = []
        for match_id, start, end in self.matcher(doc):
            key = doc.vocab.strings[match_id]
            hits = {owner[i] for i in range(start, end) if i in owner}
            inside = all(start <= e.start and e.end <= end for e in hits)
            if not hits or (inside and end - start > max(len(e) for e in hits)):
                ents = [e for e in ents if e not in hits]      # "Port Sudan" over "Sudan"
                found.append(Span(doc, start, end, label="CITY", span_id=key))
            elif len(hits) == 1:
                ent = hits.pop()
                if (ent.start, ent.end) == (start, end) and not ent.ent_id_:
                    ents.remove(ent)
                    found.append(Span(doc, start, end, label="CITY", span_id=key))
        doc.ents = filter_spans(ents + found)
        return doc
