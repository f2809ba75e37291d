"""The `kg` command: build, query, export, serve.

Commands import their heavy modules lazily so that `kg query`, `kg export` and `kg serve`
never load spaCy.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.store.formats import DOWNLOAD_FORMATS, RESULT_FORMATS, find

DEFAULT_GRAPH = Path("data/graph.trig")
QUERY_FORMATS = ("table", *(f.name for f in RESULT_FORMATS))


class DownloadFormat(click.ParamType):
    """A download format by extension, name or alias (kg.store.formats); shows the extensions."""

    name = "format"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(f.extension for f in DOWNLOAD_FORMATS) + "]"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> str:
        found = find(DOWNLOAD_FORMATS, str(value))
        if found is None:
            self.fail(f"{value!r} is not one of {self.get_metavar(param)}", param, ctx)  # type: ignore[arg-type]
        return found.extension


@click.group()
@click.version_option(package_name="newskg")
def cli() -> None:
    """Build and serve a knowledge graph of who met whom, from news articles."""


@cli.command()
@click.argument("seeds", type=click.Path(file_okay=False, path_type=Path), default=Path("seeds"))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_GRAPH,
              show_default=True, help="Where to write the dataset (TriG).")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes for the spaCy pipeline (each loads the model).")
@click.option("--cluster", metavar="tcp://HOST:8786",
              help="Run extraction on this Dask scheduler's workers (see README, Scaling out).")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of per-article extraction results [default: cache/ beside --out].")
@click.option("--no-cache", is_flag=True, help="Extract every article again; keep no cache.")
def build(seeds: Path, out: Path, jobs: int, cluster: str | None, cache: Path | None,
          no_cache: bool) -> None:
    """Build the dataset from the articles in SEEDS (default: seeds/).

    Only new or changed articles are extracted again; the corpus-wide stages run over all."""
    if cluster is not None and jobs > 1:
        raise click.UsageError("give either --jobs or --cluster (the cluster's workers run the jobs)")
    report = _run_build(seeds, out, jobs=jobs, cluster=cluster,
                        cache=None if no_cache else cache or default_cache(out))
    for name, reason in report.skipped:
        click.echo(f"skipped {name}: {reason}", err=True)
    click.echo(report.summary())


def default_cache(out: Path) -> Path:
    """Where extraction results of the build writing `out` are kept by default."""
    return out.parent / "cache"


def _run_build(seeds: Path, out: Path, **options):
    """build_dataset with its errors as one-line CLI errors."""
    from kg.build import BuildError, build_dataset

    try:
        return build_dataset(seeds, out, progress=_progress, **options)
    except BuildError as exc:
        raise click.ClickException(str(exc)) from None


def _progress(items, label: str, length: int):
    """A click progress bar over the articles, showing the article being finished."""
    return click.progressbar(items, length=length, label=label,
                             item_show_func=lambda ex: ex.article.file_name if ex else "",
                             file=sys.stderr)


@cli.command()
@click.argument("query", required=False)
@click.option("--file", "query_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Read the SPARQL query from this file instead.")
@click.option("--graph", default=str(DEFAULT_GRAPH), show_default=True,
              help="Dataset file, or an http(s) SPARQL endpoint URL.")
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True)
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True)
def query(query: str | None, query_file: Path | None, graph: str, fmt: str, max_rows: int) -> None:
    """Run a SPARQL QUERY (or --file) on the dataset and print the results."""
    from kg.store import QueryError, QueryTimeout, open_store

    if (query is None) == (query_file is None):
        raise click.UsageError("give either a QUERY argument or --file, not both")
    text = query if query_file is None else query_file.read_text(encoding="utf-8")
    try:
        with open_store(graph, max_rows=max_rows, workers=0) as store:
            _print_results(store, text, fmt)
    except (QueryError, QueryTimeout) as exc:
        raise click.ClickException(str(exc)) from None


def _print_results(store, text: str, fmt: str) -> None:
    """Print SELECT rows (table/json/csv/tsv), an ASK answer, or CONSTRUCT triples as Turtle."""
    from kg.store import inspect_query
    from kg.store.results import serialize_table

    form = inspect_query(text).form
    if form == "ASK":
        click.echo("true" if store.ask(text) else "false")
    elif form != "SELECT":
        click.echo(store.construct(text, "turtle").decode("utf-8"), nl=False)
    elif fmt != "table":
        click.echo(serialize_table(store.select(text), fmt).decode("utf-8"), nl=fmt == "json")
    else:
        table = store.select(text)
        click.echo(_format_table(table.columns, [[_short(t) for t in row] for row in table.rows]))
        note = " (truncated)" if table.truncated else ""
        click.echo(f"{len(table.rows)} row{'s' if len(table.rows) != 1 else ''}{note}", err=True)


def _short(term) -> str:
    """A term for the terminal: prefixed IRIs, bare literal text, blank as _:x."""
    from kg.iri import PREFIXES

    if term is None:
        return ""
    if term.kind == "uri":
        for prefix, ns in PREFIXES.items():
            if term.value.startswith(ns):
                return f"{prefix}:{term.value[len(ns):]}"
        return f"<{term.value}>"
    return f"_:{term.value}" if term.kind == "bnode" else term.value


def _format_table(columns: tuple[str, ...], rows: list[list[str]]) -> str:
    """A plain aligned text table with a header rule."""
    widths = [max([len(c), *(len(r[i]) for r in rows)]) for i, c in enumerate(columns)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return "\n".join([line(columns), line(["-" * w for w in widths]), *map(line, rows)])


@cli.command()
@click.option("--format", "fmt", type=DownloadFormat(), default="trig", show_default=True)
@click.option("--graph", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_GRAPH,
              show_default=True, help="The dataset file to convert.")
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write here instead of standard output.")
def export(fmt: str, graph: Path, out: Path | None) -> None:
    """Export the dataset as TriG, N-Quads, JSON-LD (graphs kept) or Turtle, N-Triples, RDF/XML,
    N3 (the union of the graphs, each triple once)."""
    from kg.store import QueryError
    from kg.store.export import export as write

    try:
        count = write(graph, fmt, out if out is not None else sys.stdout.buffer)
    except QueryError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {out}: {exc.strerror}") from None
    if out is not None:
        click.echo(f"wrote {count} statements to {out}", err=True)


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--seeds", type=click.Path(file_okay=False, path_type=Path), default=Path("seeds"),
              show_default=True, help="The corpus folder the articles are added to.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_GRAPH,
              show_default=True, help="The dataset to rebuild (a running `kg serve` picks it up).")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--cluster", metavar="tcp://HOST:8786", help="Extract on this Dask scheduler's workers.")
def ingest(folder: Path, seeds: Path, out: Path, jobs: int, cluster: str | None) -> None:
    """Add the articles in FOLDER to the corpus and rebuild incrementally.

    Only the new or changed articles are extracted; `kg serve --graph OUT` switches to the
    new graph by itself, without a restart."""
    from kg.ingest import add_articles

    added, changed, skipped = add_articles(folder, seeds)
    for name, reason in skipped:
        click.echo(f"skipped {name}: {reason}", err=True)
    click.echo(f"ingested {len(added)} new and {len(changed)} changed articles into {seeds}", err=True)
    report = _run_build(seeds, out, jobs=jobs, cluster=cluster, cache=default_cache(out))
    click.echo(report.summary())


@cli.command()
@click.argument("url")
@click.option("--graph", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              default=DEFAULT_GRAPH, show_default=True, help="The dataset file to push.")
@click.option("--query", "query_url", metavar="URL",
              help="The store's SPARQL query endpoint [default: guessed from URL, e.g. /store -> /query].")
@click.option("--full", is_flag=True, help="PUT every graph, whatever was pushed before.")
def push(url: str, graph: Path, query_url: str | None, full: bool) -> None:
    """Load the dataset into the SPARQL 1.1 store at URL (Graph Store Protocol).

    The first push is one bulk load; later ones PUT only the graphs that changed and DELETE
    the articles that are gone. URL is the graph store endpoint, or an Oxigraph server's root."""
    from kg.push import PushError
    from kg.push import push as push_dataset

    try:
        report = push_dataset(graph, url, query_url, full)
    except PushError as exc:
        raise click.ClickException(str(exc)) from None
    for line in report.failed:
        click.echo(line, err=True)
    click.echo(report.summary())
    if report.failed:
        raise click.ClickException(f"{len(report.failed)} graph(s) not pushed; the store keeps "
                                   "their previous version, run `kg push` again")


def _default(key: str) -> str:
    """"[default: ...]" for a serve flag, from the one table of settings (kg.web.config)."""
    from kg.web.config import DEFAULTS

    return f"[default: {DEFAULTS[key]}]"


@cli.command()
@click.option("--graph", help="Dataset file or an http(s) SPARQL endpoint URL; the default file "
              f"is built from seeds/ when missing or older than an article.  {_default('KG_GRAPH')}")
@click.option("--host", help=_default("KG_HOST"))
@click.option("--port", type=click.IntRange(0, 65535), help=_default("KG_PORT"))
@click.option("--public-url", help="This server's URL as its clients see it, for the service "
              "description and VoID  [default: http://HOST:PORT/]")
@click.option("--timeout", type=click.FloatRange(min=0.1),
              help=f"Seconds a query may run before its worker is killed (HTTP 503).  {_default('KG_TIMEOUT')}")
@click.option("--max-rows", type=click.IntRange(min=1), help=_default("KG_MAX_ROWS"))
@click.option("--max-mb", type=click.FloatRange(min=0.1),
              help=f"Largest answer one query may return, in MB (HTTP 503).  {_default('KG_MAX_MB')}")
@click.option("--worker-memory", type=click.IntRange(min=0),
              help=f"MB of memory one query may use, 0: no cap (HTTP 503).  {_default('KG_WORKER_MEMORY')}")
@click.option("--workers", type=click.IntRange(min=1), help=f"Query worker processes.  {_default('KG_WORKERS')}")
@click.option("--per-client", type=click.IntRange(min=1),
              help="Requests one client address may run at once; as many more wait, the rest "
                   "get HTTP 429  [default: half the workers]")
@click.option("--queue-timeout", type=click.FloatRange(min=0.1), help="Seconds a request may wait "
              f"for a worker (HTTP 503) or its client's turn (429).  {_default('KG_QUEUE_TIMEOUT')}")
@click.option("--threads", type=click.IntRange(min=1), help=f"HTTP threads (waitress).  {_default('KG_THREADS')}")
@click.option("--connection-limit", type=click.IntRange(min=1),
              help=f"Open connections in all.  {_default('KG_CONNECTION_LIMIT')}")
@click.option("--per-ip", type=click.IntRange(min=0),
              help=f"Open connections from one address, 0: no limit.  {_default('KG_PER_IP')}")
@click.option("--idle-timeout", type=click.IntRange(min=1),
              help=f"Seconds an idle keep-alive connection stays open.  {_default('KG_IDLE_TIMEOUT')}")
@click.option("--request-timeout", type=click.FloatRange(min=0.1),
              help=f"Seconds a request may take to arrive.  {_default('KG_REQUEST_TIMEOUT')}")
@click.option("--trusted-proxy", help="Address of a reverse proxy whose X-Forwarded-For names the client.")
@click.option("--store", "store_url", metavar="URL",
              help="Serve from this remote SPARQL query endpoint instead of a file (e.g. after kg push).")
@click.option("--reload", "reload_every", type=click.FloatRange(min=0),
              help=f"Seconds between checks for a new build of --graph (0: never reload).  {_default('KG_RELOAD')}")
def serve(graph: str | None, host: str | None, port: int | None, public_url: str | None,
          timeout: float | None, max_rows: int | None, max_mb: float | None,
          worker_memory: int | None, workers: int | None, per_client: int | None,
          queue_timeout: float | None, threads: int | None, connection_limit: int | None,
          per_ip: int | None, idle_timeout: int | None, request_timeout: float | None,
          trusted_proxy: str | None, store_url: str | None, reload_every: float | None) -> None:
    """Serve the dataset over HTTP: /sparql, saved queries, pages, downloads.

    Settings come from the defaults, then instance/config.py, then KG_* environment
    variables (KG_GRAPH, KG_PORT ...), then these flags. Ctrl-C or SIGTERM stops the
    server with its query workers and temporary files.
    """
    from kg.store import is_remote

    if store_url is not None and not is_remote(store_url):
        raise click.UsageError(f"--store needs an http(s) SPARQL endpoint URL, not {store_url!r}")
    flags = {"KG_GRAPH": store_url or graph, "KG_HOST": host, "KG_PORT": port,
             "KG_PUBLIC_URL": public_url, "KG_TIMEOUT": timeout, "KG_MAX_ROWS": max_rows,
             "KG_MAX_MB": max_mb, "KG_WORKER_MEMORY": worker_memory, "KG_WORKERS": workers,
             "KG_PER_CLIENT": per_client, "KG_QUEUE_TIMEOUT": queue_timeout,
             "KG_THREADS": threads, "KG_CONNECTION_LIMIT": connection_limit, "KG_PER_IP": per_ip,
             "KG_IDLE_TIMEOUT": idle_timeout, "KG_REQUEST_TIMEOUT": request_timeout,
             "KG_TRUSTED_PROXY": trusted_proxy, "KG_RELOAD": reload_every}
    try:
        stopped = _serve(flags)
    except KeyboardInterrupt:
        stopped = "SIGINT"
    click.echo(f"kg serve: stopped ({stopped}); query workers and temporary files removed", err=True)


def _serve(flags: dict) -> str:
    """Open the store, serve until a signal, close the store; the signal's name."""
    import logging

    from kg import server
    from kg.store import QueryError, is_remote
    from kg.web import create_app, layered_config
    from kg.web.config import ConfigError

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    try:
        config = layered_config(flags)
        source = str(config["KG_GRAPH"])
        if builds_from_seeds(source):
            _build_if_stale(Path(source), Path("seeds"))
        app = create_app(flags)
    except (QueryError, ConfigError) as exc:
        raise click.ClickException(str(exc)) from None
    store = app.extensions["kg"]
    host, port = config["KG_HOST"], int(config["KG_PORT"])
    click.echo(f"serving {source} on http://{host}:{port}/ (SPARQL at /sparql)", err=True)
    try:
        return server.run(app, host, port, server.settings_from(config), on_stop=store.close)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    finally:
        store.close()


def builds_from_seeds(source: str) -> bool:
    """Whether `kg serve` may (re)build `source` from seeds/: only the default dataset file.

    A file the user names is served as it is (a test fixture or another corpus's build must
    never be overwritten by a seeds/ build); a missing one is a one-line error."""
    from kg.web.config import DEFAULTS

    return Path(source).resolve() == Path(DEFAULTS["KG_GRAPH"]).resolve()


def _build_if_stale(graph: Path, seeds: Path) -> None:
    """Build `graph` from `seeds` when it is missing or older than an article; else nothing
    (no spaCy import, so a restart with nothing changed takes seconds)."""
    why = stale(graph, seeds)
    if why is None:
        return
    click.echo(f"{graph} {why}: building it from {seeds}/ first", err=True)
    report = _run_build(seeds, graph, cache=default_cache(graph))
    click.echo(report.summary(), err=True)


def stale(graph: Path, seeds: Path) -> str | None:
    """Why `graph` needs a build from `seeds` ("does not exist", "is older than X.txt"), or None."""
    if not graph.exists():
        return "does not exist"
    built = graph.stat().st_mtime
    newer = [p.name for p in sorted(seeds.glob("*.txt")) if p.stat().st_mtime > built]
    return f"is older than {newer[0]}" if newer else None


if __name__ == "__main__":
    cli()
