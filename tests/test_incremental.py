"""Incremental builds: cached per-article extraction, corpus-wide stages over everything.

The extraction lead changes rules all the time, so nothing here pins extraction output:
builds are compared with each other, byte for byte.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kg.cache
import kg.extract.pipeline as pipeline
from kg.build import build_dataset
from kg.cache import ExtractionCache, extractor_version

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
PEOPLE = ["Ibrahim Kalin", "Badr Abdelatty", "Khalil al-Hayya", "Christopher Landau", "Steve Witkoff"]
CITIES = ["Cairo", "Istanbul", "Doha", "Ankara", "Amman"]


def tiny(i: int) -> str:
    """A one-sentence article, different for each i (so each has its own cache key)."""
    a, b = PEOPLE[i % 5], PEOPLE[(i + 2) % 5]
    return f"date 2026-01-{1 + i % 28:02d} {a} met {b} in {CITIES[i % 5]} on talk number {i}.\n"


@pytest.fixture()
def counted(monkeypatch) -> list[str]:
    """Names of the articles the spaCy pipeline actually runs over."""
    seen: list[str] = []
    real = pipeline.extract

    def extract(nlp, articles, batch_size=8):
        articles = list(articles)
        seen.extend(a.file_name for a in articles)
        return real(nlp, articles, batch_size)

    monkeypatch.setattr(pipeline, "extract", extract)
    return seen


@pytest.mark.model
@pytest.mark.slow
def test_incremental_build_equals_clean_build(tmp_path: Path, counted: list[str]) -> None:
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpus.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(path, corpus / path.name)
    first = build_dataset(corpus, tmp_path / "first.trig", cache=cache)
    assert (first.extracted, first.cached) == (3, 0)
    names = sorted(p.name for p in corpus.glob("*.txt"))
    (corpus / names[0]).unlink()                                        # removed
    changed = corpus / names[1]
    changed.write_text(changed.read_text("utf-8") + "\nHakan Fidan met Steve Witkoff in Doha.\n", "utf-8")
    (corpus / "zz_added.txt").write_text(tiny(7), "utf-8")              # added
    counted.clear()
    incremental = build_dataset(corpus, tmp_path / "incremental.trig", cache=cache)
    assert sorted(counted) == sorted([names[1], "zz_added.txt"])
    assert (incremental.extracted, incremental.cached) == (2, 1)
    clean = build_dataset(corpus, tmp_path / "clean.trig")
    assert (tmp_path / "incremental.trig").read_bytes() == (tmp_path / "clean.trig").read_bytes()
    assert clean.quads == incremental.quads
    # the cache keeps exactly the current corpus
    assert len(list((cache / extractor_version()).glob("*.pickle"))) == 3


@pytest.mark.model
@pytest.mark.slow
def test_adding_one_article_to_a_thousand_extracts_only_that_one(tmp_path: Path,
                                                                 counted: list[str]) -> None:
    corpus, cache, out = tmp_path / "corpus", tmp_path / "cache", tmp_path / "graph.trig"
    corpus.mkdir()
    for i in range(1000):
        (corpus / f"a{i:04d}.txt").write_text(tiny(i), "utf-8")
    assert build_dataset(corpus, out, cache=cache).extracted == 1000
    (corpus / "a1000.txt").write_text(tiny(1000), "utf-8")
    counted.clear()
    report = build_dataset(corpus, out, cache=cache)
    assert counted == ["a1000.txt"]
    assert (report.articles, report.extracted, report.cached) == (1001, 1, 1000)


def test_extractor_version_follows_code_and_data(tmp_path: Path, monkeypatch) -> None:
    package = Path(kg.cache.__file__).parent
    for name in kg.cache.SOURCES:
        source = package / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    monkeypatch.setattr(kg.cache, "PACKAGE", tmp_path)
    extractor_version.cache_clear()
    try:
        before = extractor_version()
        (tmp_path / "extract" / "__pycache__").mkdir(exist_ok=True)
        (tmp_path / "extract" / "__pycache__" / "x.pyc").write_bytes(b"compiled")
        assert extractor_version.__wrapped__() == before          # compiled files do not count
        with open(tmp_path / "data" / "cues.json", "a", encoding="utf-8") as data:
            data.write("\n")
        assert extractor_version.__wrapped__() != before          # a data change invalidates
    finally:
        extractor_version.cache_clear()


def test_cache_misses_on_other_text_or_version(tmp_path: Path) -> None:
    from kg.records import Article, Extraction

    article = Article("a", "a.txt", "T", None, "Some text.")
    ExtractionCache(tmp_path, "v1").put(Extraction(article))
    assert ExtractionCache(tmp_path, "v1").get(article) == Extraction(article)
    assert ExtractionCache(tmp_path, "v2").get(article) is None
    assert ExtractionCache(tmp_path, "v1").get(Article("a", "a.txt", "T", None, "Other.")) is None
    (next((tmp_path / "v1").glob("*.pickle"))).write_bytes(b"not a pickle")
    assert ExtractionCache(tmp_path, "v1").get(article) is None


def test_cache_hashes_each_article_once(tmp_path: Path, monkeypatch) -> None:
    """get, put and keep_only over the same articles compute each cache key once."""
    from kg.records import Article, Extraction

    keys: list[str] = []
    real = kg.cache.article_key
    monkeypatch.setattr(kg.cache, "article_key", lambda a, v: keys.append(a.doc_id) or real(a, v))
    cache = ExtractionCache(tmp_path, "v1")
    articles = [Article(n, f"{n}.txt", "T", None, f"Text {n}.") for n in ("a", "b")]
    for article in articles:
        assert cache.get(article) is None
        cache.put(Extraction(article))
    assert cache.keep_only(articles[:1]) == 1
    assert cache.get(articles[0]) == Extraction(articles[0])
    assert sorted(keys) == ["a", "b"]
