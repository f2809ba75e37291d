"""Extraction on a Dask distributed cluster: `kg build --cluster tcp://HOST:8786`.

Each worker loads the spaCy pipeline once, when the `ExtractorPlugin` is registered, and
keeps it on the plugin; tasks only carry `Article` records in and `Extraction` records out,
so the model is never pickled per task. The workers must run the same newskg checkout as
the client: every task returns the worker's extractor version, and a mismatch stops the
build (its results would otherwise be cached under the wrong version).

Start a scheduler and workers with `dask scheduler` / `dask worker` (README, "Scaling out").
"""
from __future__ import annotations

import threading
from collections.abc import Iterator

from distributed import Client, WorkerPlugin, get_worker

from kg.cache import extractor_version
from kg.records import Article, Extraction

PLUGIN = "kg-extractor"
TIMEOUT = 20.0  # seconds to reach the scheduler and to see a first worker
CHUNK = 4  # articles per task: large enough to batch in spaCy, small enough to balance

__all__ = ["ClusterError", "ExtractorPlugin", "extract_on_cluster"]


class ClusterError(RuntimeError):
    """The cluster cannot be reached, or its workers cannot extract (model missing, other code)."""


class ExtractorPlugin(WorkerPlugin):
    """A Dask worker plugin holding this worker's spaCy pipeline (loaded once, in `setup`)."""

    name = PLUGIN
    idempotent = True  # registering again (a second build) keeps the loaded model

    def __init__(self) -> None:
        self.nlp = None
        self.version = ""
        self.lock = threading.Lock()

    def __getstate__(self) -> dict:
        return {}  # only the class travels; the model is loaded on the worker

    def __setstate__(self, state: dict) -> None:
        self.__init__()

    def setup(self, worker: object = None) -> None:
        """Load the pipeline on the worker; fails registration if the model is missing."""
        from kg.extract.pipeline import make_nlp

        self.nlp = make_nlp()
        self.version = extractor_version()

    def teardown(self, worker: object = None) -> None:
        self.nlp = None


def _extract_chunk(articles: list[Article]) -> tuple[str, list[Extraction]]:
    """Task body, run on a worker: the plugin's pipeline over a few articles."""
    from kg.extract.pipeline import extract

    plugin = get_worker().plugins[PLUGIN]
    with plugin.lock:  # one pipeline per worker: threads of a worker take turns
        return plugin.version, list(extract(plugin.nlp, articles))


def extract_on_cluster(articles: list[Article], address: str, timeout: float | None = None
                       ) -> Iterator[Extraction]:
    """Extract `articles` on the cluster at `address`, yielding results in article order.

    :raises ClusterError: no scheduler there, no workers, or workers running other code.
    """
    timeout = TIMEOUT if timeout is None else timeout
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        yield from _run(client, articles, address, timeout)
    finally:
        client.close()


def _run(client, articles: list[Article], address: str, timeout: float) -> Iterator[Extraction]:
    """Register the plugin, submit the chunks, check versions, yield in order."""
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError:
        raise ClusterError(f"the Dask scheduler at {address} has no workers; start some with "
                           f"`dask worker {address}`") from None
    try:
        client.register_plugin(ExtractorPlugin(), name=PLUGIN)
    except (RuntimeError, OSError, ImportError) as exc:  # the worker's setup error, re-raised
        raise ClusterError(f"a Dask worker could not load the extractor: {exc}") from None
    chunks = [articles[i:i + CHUNK] for i in range(0, len(articles), CHUNK)]
    futures = client.map(_extract_chunk, chunks, pure=False)
    ours = extractor_version()
    for future in futures:
        version, results = future.result()
        if version != ours:
            raise ClusterError(f"a Dask worker runs another extractor version ({version[:12]}, "
                               f"ours {ours[:12]}); install the same newskg checkout on every worker")
        yield from results
