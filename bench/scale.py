"""Scaling figures in one run: Dask build, incremental rebuild, push, serving at 1M triples.

    .venv/bin/python bench/scale.py [--words 30000] [--articles 1000] [--triples 1000000]

1. build words/s on a local Dask cluster of 2 worker processes (127.0.0.1, no dashboard,
   models loaded before timing) and in one process (model load apart), their ratio, the
   memory of each, and whether both wrote the same bytes;
2. incremental rebuild time after adding 1 article to a built corpus of `--articles`;
3. `kg push` time of `--triples` synthetic quads into a fresh `oxigraph serve` (bulk), and
   of a second push with nothing changed (digests only);
4. who-met-whom p50 at `--triples` under 8 clients, `kg serve` (in memory, and from the
   on-disk index) running today's saved query against `oxigraph serve-read-only` running
   the query text the issue measured (bench/baseline/who-met-whom.rq) on the same data,
   with memory of each (bench/serve.py's harness).

Corpora come from bench/extract.py's generator and the graph from bench/serve.py's, so the
figures compare with theirs. Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
from extract import corpus  # noqa: E402
from serve import bench as serve_bench  # noqa: E402
from serve import rss_tree_kb, synthetic  # noqa: E402

from kg.build import build_dataset  # noqa: E402
from kg.push import push  # noqa: E402
from kg.web.data import rss_kb  # noqa: E402
from tests.servers import free_port, wait_until_up  # noqa: E402

SEEDS = ROOT / "seeds"


def build_speed(tmp: Path, words: int):
    """One process against a local 2-worker Dask cluster, same corpus; returns the cluster."""
    from distributed import Client, LocalCluster

    folder = tmp / "words"
    folder.mkdir()
    _, total = corpus(SEEDS, words, folder)
    start = time.perf_counter()
    one = build_dataset(folder, tmp / "one.trig")
    one_s = time.perf_counter() - start - one.seconds.get("model load", 0.0)
    one_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None)
    warm = tmp / "warm"
    warm.mkdir()
    shutil.copy(next(folder.glob("*.txt")), warm)
    build_dataset(warm, tmp / "warm.trig", cluster=cluster.scheduler_address)  # loads the models
    start = time.perf_counter()
    build_dataset(folder, tmp / "many.trig", cluster=cluster.scheduler_address)
    many_s = time.perf_counter() - start
    with Client(cluster.scheduler_address, set_as_default=False) as client:
        pids = list(client.run(os.getpid).values())
    worker_mb = [rss_kb(pid) / 1024 for pid in pids]
    same = (tmp / "one.trig").read_bytes() == (tmp / "many.trig").read_bytes()
    print(f"build, {total:,} words: one process {total / one_s:,.0f} words/s (peak RSS {one_mb:,.0f} MB); "
          f"Dask 2 local workers {total / many_s:,.0f} words/s (workers Pss "
          f"{', '.join(f'{m:,.0f}' for m in worker_mb)} MB); ratio {one_s / many_s:.2f}; "
          f"same TriG: {same}")
    return cluster


def incremental(tmp: Path, articles: int, cluster) -> None:
    """Prime a corpus of `articles` (extracted on the cluster), add one, rebuild in-process."""
    probe = tmp / "probe"
    probe.mkdir()
    _, per_pass = corpus(SEEDS, 1, probe, lines=3)      # one pass over the seeds
    n_seeds = len(list(probe.glob("*.txt")))
    folder, cache, out = tmp / "thousand", tmp / "cache", tmp / "thousand.trig"
    folder.mkdir()
    corpus(SEEDS, per_pass * (articles // n_seeds), folder, lines=3)
    first = build_dataset(folder, out, cache=cache, cluster=cluster.scheduler_address)
    extra = next(iter(sorted(SEEDS.glob("*.txt"))))
    (folder / "zz_new_article.txt").write_text(extra.read_text("utf-8"), "utf-8")
    start = time.perf_counter()
    report = build_dataset(folder, out, cache=cache)
    took = time.perf_counter() - start
    print(f"incremental: {first.articles} articles built, 1 added: rebuilt in {took:.2f} s "
          f"(model load {report.seconds.get('model load', 0):.2f} s, extract "
          f"{report.seconds.get('extract', 0):.2f} s); extracted {report.extracted}, "
          f"from cache {report.cached}; {report.quads:,} quads")


def push_time(tmp: Path, graph: Path) -> None:
    """Bulk push of the synthetic graph into a fresh `oxigraph serve`, then a no-op push."""
    import subprocess

    port = free_port()
    server = subprocess.Popen([str(Path(sys.executable).parent / "oxigraph"), "serve", "--location",
                               str(tmp / "pushed"), "--bind", f"127.0.0.1:{port}",
                               "--union-default-graph"], stderr=subprocess.DEVNULL)
    try:
        root = f"http://127.0.0.1:{port}"
        wait_until_up(f"{root}/query?query=ASK%7B%7D", server, seconds=600)
        first = push(graph, root)
        again = push(graph, root)
        print(f"push: {first.quads:,} quads in {len(first.put):,} graphs, bulk load {first.seconds:.1f} s; "
              f"second push (nothing changed, {again.unchanged:,} unchanged) {again.seconds:.1f} s; "
              f"oxigraph serve Pss {rss_tree_kb(server.pid) / 1024:,.0f} MB")
    finally:
        server.terminate()
        server.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=30_000)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--parts", default="build,incremental,push,serve",
                        help="which figures to measure (comma-separated)")
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    print("(2 cores, shared with other work: compare the ratios, measured in this one run)")
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as name:
        tmp = Path(name)
        if parts & {"build", "incremental"}:
            cluster = build_speed(tmp, args.words)
            try:
                if "incremental" in parts:
                    incremental(tmp, args.articles, cluster)
            finally:
                cluster.close()
        graph = tmp / "synthetic.nq"
        synthetic(graph, args.triples)
        if "push" in parts:
            push_time(tmp, graph)
        if "serve" not in parts:
            return
        baseline = (ROOT / "bench" / "baseline" / "who-met-whom.rq").read_text(encoding="utf-8")
        print("\nOxigraph runs who-met-whom as the issue measured it (bench/baseline/who-met-whom.rq):")
        serve_bench(graph, args.clients, args.seconds, "100000", baseline)  # ours in memory
        serve_bench(graph, args.clients, args.seconds, "0", baseline)       # on-disk (default at 1M)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
