"""`kg build`: the one place that knows the order of the stages.

articles -> spaCy extraction (per article, cached) -> resolution -> RDF dataset -> background -> reasoning -> TriG.
A file that cannot be read is reported and skipped; the others are still built. The
output replaces the previous graph only once it is complete (`kg.rdfio.save`).
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.background import add_background
from kg.counts import meetings_in
from kg.cache import ExtractionCache
from kg.extract.article import ArticleError, read_article, safe_id
from kg.graph import to_dataset
from kg.quadset import QuadSet
from kg.rdfio import save
from kg.reason import infer
from kg.records import Article, Extraction
from kg.resolve import resolve
from kg.vocab import ID

Progress = Callable[[Iterable[Any], str, int], Any]


class BuildError(RuntimeError):
    """Nothing could be built (no seeds folder, no readable article, model missing)."""


@dataclass
class BuildReport:
    """What a build did, for the CLI summary and the benchmark."""

    articles: int = 0
    words: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    entities: int = 0
    quads: int = 0
    inferred: int = 0
    background: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    out: Path | None = None
    extracted: int = 0  # articles run through spaCy in this build
    cached: int = 0  # articles whose extraction came from the cache

    def summary(self) -> str:
        rel = ", ".join(f"{n} {k}" for k, n in self.counts.items())
        secs = ", ".join(f"{k} {v:.2f}s" for k, v in self.seconds.items())
        return (f"built {self.out}: {self.articles} articles ({self.words:,} words; "
                f"{self.extracted} extracted, {self.cached} from cache), "
                f"{self.entities} entities, {rel}; {self.quads:,} quads "
                f"({self.inferred:,} inferred, {self.background:,} background); {secs}")


def read_articles(seeds: Path, report: BuildReport) -> list[Article]:
    """Every readable `*.txt` in the folder, in name order; the others are skipped with a
    one-line reason: links out of the folder, FIFOs and other non-files, bad text. Each
    article gets an id safe in IRIs and unique in the folder: its file name's stem when that
    is safe, else a slug that no other file uses ("a b.txt" -> a-b, or a-b-2 beside a-b.txt)."""
    if not seeds.is_dir():
        raise BuildError(f"{seeds} is not a folder of articles (*.txt)")
    paths = sorted(seeds.glob("*.txt"))
    root, articles = seeds.resolve(), []
    taken = {p.stem for p in paths if safe_id(p.stem) == p.stem}  # safe names keep their id
    for path in paths:
        try:
            if not path.resolve().is_relative_to(root):
                raise ArticleError("a link to a file outside the folder: not read")
            wanted = safe_id(path.stem)
            article = read_article(path, wanted if wanted == path.stem else unique_id(wanted, taken))
        except (ArticleError, OSError) as exc:
            report.skipped.append((path.name, " ".join(str(exc).split())))
            continue
        taken.add(article.doc_id)
        articles.append(article)
    if not articles:
        raise BuildError(f"no readable article (*.txt) in {seeds}")
    return articles


def unique_id(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3` ... the first not in `taken`."""
    candidate, n = wanted, 1
    while candidate in taken:
        n += 1
        candidate = f"{wanted}-{n}"
    return candidate


def extract_all(articles: list[Article], progress: Progress | None, report: BuildReport,
                jobs: int = 1, cache: ExtractionCache | None = None,
                cluster: str | None = None) -> list[Extraction]:
    """Each article's extraction, from `cache` when it holds this text under this extractor
    version, else from spaCy (in this process, `jobs` processes, or a Dask cluster).

    Results come back in article order whatever ran them, so the output does not depend on
    how many were cached or where they were computed."""
    cached = {a.doc_id: cache.get(a) for a in articles} if cache is not None else {}
    todo = [a for a in articles if cached.get(a.doc_id) is None]
    fresh = iter(_extract(todo, progress, report, jobs, cluster) if todo else ())
    results = []
    for article in articles:
        found = cached.get(article.doc_id)
        if found is None:
            found = next(fresh)
            report.extracted += 1
            if cache is not None:
                try:
                    cache.put(found)
                except OSError as exc:
                    raise BuildError(f"cannot write the extraction cache {cache.folder}: "
                                     f"{exc.strerror or exc}") from None
        results.append(found)
    report.cached = len(articles) - report.extracted
    if cache is not None:
        cache.keep_only(articles)
    return results


def _extract(articles: list[Article], progress: Progress | None, report: BuildReport,
             jobs: int, cluster: str | None) -> Iterator[Extraction]:
    """Run spaCy over `articles`, with a progress bar when the CLI gives one.

    With `jobs` > 1 or a cluster the model is loaded in each worker, so "model load" is
    then part of "extract"."""
    from kg.extract.pipeline import ModelMissing, extract, extract_parallel, make_nlp

    start = time.perf_counter()
    try:
        nlp = make_nlp() if jobs <= 1 and cluster is None else None
    except ModelMissing as exc:
        raise BuildError(str(exc)) from None
    report.seconds["model load"] = time.perf_counter() - start
    start = time.perf_counter()
    if cluster is not None:
        results: Iterator[Extraction] = _on_cluster(articles, cluster)
    else:
        results = extract(nlp, articles) if nlp is not None else extract_parallel(articles, jobs)
    bar = progress(results, "extracting", len(articles)) if progress else nullcontext(results)
    with bar as items:
        extractions = list(items)
    report.seconds["extract"] = time.perf_counter() - start
    return iter(extractions)


def _on_cluster(articles: list[Article], address: str) -> Iterator[Extraction]:
    """Extraction on a Dask cluster, its errors turned into BuildError."""
    from kg.cluster import ClusterError, extract_on_cluster

    try:
        yield from extract_on_cluster(articles, address)
    except ClusterError as exc:
        raise BuildError(str(exc)) from None


def build_dataset(seeds: Path, out: Path, progress: Progress | None = None,
                  base: str = str(ID), jobs: int = 1, cache: Path | None = None,
                  cluster: str | None = None) -> BuildReport:
    """Build the dataset from the articles in `seeds` and write it to `out` (TriG).

    `cache` is a folder of per-article extraction results (None: extract everything);
    `cluster` the address of a Dask scheduler that runs the extraction."""
    report = BuildReport(out=out)
    try:  # fail now, not after the extraction, when the output cannot be written
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"cannot write {out}: {exc.strerror or exc}") from None
    articles = read_articles(Path(seeds), report)
    report.articles = len(articles)
    report.words = sum(len(a.text.split()) for a in articles)
    store = ExtractionCache(cache) if cache is not None else None
    extractions = extract_all(articles, progress, report, jobs, store, cluster)
    start = time.perf_counter()
    extractions, entities = resolve(extractions)
    ds = to_dataset(extractions, entities, base, into=QuadSet())
    report.seconds["graph"] = time.perf_counter() - start
    report.background = add_background(ds, entities, base)
    reasoning = infer(ds, base)
    report.inferred, report.seconds["reasoning"] = reasoning.added, reasoning.seconds
    start = time.perf_counter()
    try:
        save(ds, out, "trig")
    except OSError as exc:
        raise BuildError(f"cannot write {out}: {exc.strerror or exc}") from None
    report.seconds["write"] = time.perf_counter() - start
    report.entities = len(entities)
    report.quads = sum(len(graph) for graph in ds.graphs())
    # As the pages count them (kg.counts): one meeting however many encounters or reports.
    meetings, held = meetings_in(ds.quads())
    report.counts = {"meetings": meetings, "held": held, **_counts(extractions)}
    return report


def _counts(extractions: list[Extraction]) -> dict[str, int]:
    return {
        "demands": sum(len(ex.demands) for ex in extractions),
        "mediations": sum(len(ex.mediations) for ex in extractions),
        "locatedIn": sum(len(ex.containments) for ex in extractions),
        "posts": sum(len(ex.posts) for ex in extractions),
    }
