"""Benchmark `kg serve` against `oxigraph serve-read-only` on the same data, in one run.

    .venv/bin/python bench/serve.py [--graph tests/data/mini.trig] [--triples 1000000]

For each dataset (the given graph, then a synthetic graph shaped like ours) it measures
requests/s and p50/p99 latency of the who-met-whom saved query and of a trivial SELECT under
8 concurrent keep-alive clients (separate processes), prints our/oxigraph ratios, and the
resident memory of our server with its worker processes (from /proc, no psutil).
Goals (issue 10): saved query p50 within 1.5x of Oxigraph on 1M triples; >= 800 req/s for
the trivial query; < 1 GB for 1M triples. Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from kg.iri import BASE, ONTOLOGY  # noqa: E402
from kg.queries import bind, parse_query  # noqa: E402
from kg.store.substitute import declare_prefixes, substitute  # noqa: E402
from kg.web.data import rss_kb  # noqa: E402
from tests.servers import free_port, wait_until_up  # noqa: E402  (one copy of each helper)

BIN = Path(sys.executable).parent
WHO = (ROOT / "queries" / "who-met-whom.rq").read_text(encoding="utf-8")
TRIVIAL = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"
KG, ID = ONTOLOGY, BASE
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def rss_tree_kb(pid: int) -> int:
    """Proportional set size (Pss) of `pid` and all its descendants: the workers share the
    parent's in-memory store copy-on-write, which a sum of VmRSS would count once per worker."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss_kb(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return total


def inline_topic(query: str, topic: str) -> str:
    """The saved query with its parameters bound, as text for a server without parameter
    binding: what `kg serve --store` sends (kg.store.substitute: typed terms in place of the
    variables, subqueries included; the text-index placeholders stay no-ops)."""
    saved = parse_query("who-met-whom", query)
    return declare_prefixes(substitute(saved.text, bind(saved, {"topic": topic})))


def _client(args: tuple[int, str, str, float, int]) -> list[float]:
    """One keep-alive client hammering GET `path` for `seconds`; latencies (negative = failed).

    Client `n` connects from 127.0.0.(10+n): the clients are told apart as separate machines
    would be (kg serve runs at most --per-client requests of one address at once)."""
    port, path, accept, seconds, n = args
    source = (f"127.0.0.{10 + n}", 0)
    method, body, headers = "GET", None, {"Accept": accept}
    if len(path) > 4000:  # Oxigraph's server refuses request heads over 8 KB: POST the form
        path, form = path.split("?", 1)
        method, body = "POST", form.encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=source)
    latencies, end = [], time.perf_counter() + seconds
    while time.perf_counter() < end:
        started = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
        except (http.client.HTTPException, OSError):   # a server dropping connections
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=source)
            ok = False
        elapsed = time.perf_counter() - started
        latencies.append(elapsed if ok else -elapsed)
    return latencies


def load(port: int, path: str, clients: int, seconds: float) -> dict[str, float]:
    """req/s, p50 and p99 (ms) of `clients` concurrent clients for `seconds`."""
    _client((port, path, "application/sparql-results+json", 0.3, 0))  # warm up
    with multiprocessing.get_context("fork").Pool(clients) as pool:
        runs = pool.map(_client, [(port, path, "application/sparql-results+json", seconds, n)
                                  for n in range(clients)])
    lat = sorted(abs(x) for run in runs for x in run) or [float("nan")]
    failed = sum(1 for run in runs for x in run if x < 0)
    return {"rps": (len(lat) - failed) / seconds, "p50": 1000 * lat[len(lat) // 2], "failed": failed,
            "p99": 1000 * lat[min(len(lat) - 1, int(len(lat) * 0.99))]}


def synthetic(path: Path, triples: int) -> None:
    """A graph shaped like ours: articles (one graph each), sentences, meetings, labels."""
    rnd, out, n = random.Random(7), open(path, "w", encoding="utf-8"), 0
    agents = [f"<{ID}person/p{i}>" for i in range(5000)]
    topics = [f"<{ID}topic/t{i}>" for i in range(500)]
    out.write("".join(f'{a} <http://www.w3.org/2000/01/rdf-schema#label> "Agent {i}" <{ID}graph/background> .\n'
                      for i, a in enumerate(agents)))
    out.write("".join(f'{t} <http://www.w3.org/2000/01/rdf-schema#label> "{"Rafah crossing" if i % 50 == 0 else f"Topic {i}"}" <{ID}graph/background> .\n'
                      for i, t in enumerate(topics)))
    doc = 0
    while n < triples:
        graph, article = f"<{ID}graph/d{doc}>", f"<{ID}article/d{doc}>"
        lines = [f'{article} {TYPE} <{KG}Article> {graph} .']
        for m in range(10):
            meeting, sentence = f"<{ID}meeting/d{doc}-{m}>", f"<{ID}sentence/d{doc}-{m}>"
            a, b = rnd.sample(agents, 2)
            lines += [f"{sentence} {TYPE} <{KG}Sentence> {graph} .",
                      f'{sentence} <{KG}text> "Agent met another agent in sentence {m} of {doc}." {graph} .',
                      f"{sentence} <http://purl.org/dc/terms/isPartOf> {article} {graph} .",
                      f"{meeting} {TYPE} <{KG}Meeting> {graph} .", f"{meeting} <{KG}participant> {a} {graph} .",
                      f"{meeting} <{KG}participant> {b} {graph} .", f"{meeting} <{KG}topic> {rnd.choice(topics)} {graph} .",
                      f'{meeting} <{KG}date> "2026-01-{1 + m:02d}"^^<http://www.w3.org/2001/XMLSchema#date> {graph} .',
                      f"{meeting} <http://www.w3.org/ns/prov#wasDerivedFrom> {sentence} {graph} .",
                      f"{a} <{KG}metWith> {b} {graph} ."]
        out.write("\n".join(lines) + "\n")
        n, doc = n + len(lines), doc + 1
    out.close()


def bench(graph: Path, clients: int, seconds: float, memory_mb: str | None = None,
          oxigraph_query: str = WHO) -> None:
    """Start both servers on `graph`, run both workloads, print figures and ratios.

    `memory_mb` sets KG_IN_MEMORY_MAX_MB for our server: whether it serves from memory or
    from an on-disk index (the default depends on the file size). `oxigraph_query` is the
    saved-query file text Oxigraph runs (default: the same who-met-whom as ours)."""
    ours_port, ox_port, store_dir = free_port(), free_port(), tempfile.mkdtemp(prefix="bench-ox-")
    started = time.time()
    subprocess.run([str(BIN / "oxigraph"), "load", "--location", store_dir, "--file", str(graph)],
                   check=True, capture_output=True)
    mode = {None: "default", "0": "on-disk index"}.get(memory_mb, "in memory")
    print(f"\n== {graph.name} (ours: {mode}): oxigraph load took {time.time() - started:.1f} s")
    started = time.time()
    served = Path(store_dir + "-graph") / graph.name  # a fresh copy: kg serve rebuilds a graph
    served.parent.mkdir()                               # older than seeds/, never the test data
    shutil.copyfile(graph, served)
    ours = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--graph", str(served), "--port",
                             str(ours_port), "--workers", "4", "--timeout", "120"], cwd=ROOT, stderr=subprocess.DEVNULL,
                            env={**os.environ, "KG_QUEUE_TIMEOUT": "120",  # queue as oxigraph does
                                 **({"KG_IN_MEMORY_MAX_MB": memory_mb} if memory_mb else {})},
                            start_new_session=True)  # its query workers are stopped with it
    oxi = subprocess.Popen([str(BIN / "oxigraph"), "serve-read-only", "--location", store_dir, "--bind",
                            f"127.0.0.1:{ox_port}", "--union-default-graph"], stderr=subprocess.DEVNULL)
    # no --timeout-s: Oxigraph 0.5 starts a timer thread per query that lives for the whole
    # timeout, so at thousands of req/s it runs out of threads and answers 500 (os error 11)
    try:
        wait_until_up(f"http://127.0.0.1:{ours_port}/healthz", ours, seconds=600)  # 1M: indexing
        wait_until_up(f"http://127.0.0.1:{ox_port}/query?query=ASK%7B%7D", oxi, seconds=600)
        print(f"kg serve up (indexing included) after {time.time() - started:.1f} s")
        saved = "/queries/who-met-whom.json?topic=Rafah"
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{ours_port}{saved}").read()
        except OSError:
            saved = "/sparql?query=" + urllib.parse.quote(inline_topic(WHO, "Rafah"))
        oxi_who = "/query?query=" + urllib.parse.quote(inline_topic(oxigraph_query, "Rafah"))
        trivial = urllib.parse.quote(TRIVIAL)
        for name, ours_path, ox_path in (("who-met-whom", saved, oxi_who),
                                         ("trivial SELECT", f"/sparql?query={trivial}", f"/query?query={trivial}")):
            a, b = load(ours_port, ours_path, clients, seconds), load(ox_port, ox_path, clients, seconds)
            print(f"{name:15} ours {a['rps']:7.0f} req/s p50 {a['p50']:7.2f} ms p99 {a['p99']:7.2f} ms | "
                  f"oxigraph {b['rps']:7.0f} req/s p50 {b['p50']:7.2f} ms p99 {b['p99']:7.2f} ms | "
                  f"ratio p50 {a['p50'] / b['p50']:.2f}x, req/s {a['rps'] / max(b['rps'], 1e-9):.2f}x"
                  f" | non-200: ours {a['failed']}, oxigraph {b['failed']}")
        print(f"memory (Pss): ours {rss_tree_kb(ours.pid) / 1024:.0f} MB (server + workers), "
              f"oxigraph {rss_tree_kb(oxi.pid) / 1024:.0f} MB; saved query via {saved.split('?')[0]}")
    finally:
        os.killpg(ours.pid, signal.SIGKILL)   # the server and its forked query workers
        oxi.terminate()
        for proc in (ours, oxi):
            proc.wait(30)
        subprocess.run(["rm", "-rf", store_dir, str(served.parent)], check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--graph", type=Path, default=ROOT / "tests" / "data" / "mini.trig")
    parser.add_argument("--triples", type=int, default=1_000_000, help="synthetic size (0 to skip)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    bench(args.graph, args.clients, args.seconds)
    if args.triples:
        with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
            path = Path(tmp) / "synthetic.nq"
            synthetic(path, args.triples)
            bench(path, args.clients, args.seconds, "0")
            bench(path, args.clients, args.seconds, "100000")


if __name__ == "__main__":
    main()
