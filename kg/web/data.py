"""Downloads of the whole dataset, its VoID card, and a health check."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import PurePath

from flask import Blueprint, Response, abort, jsonify, send_file

from kg.iri import GRAPHS
from kg.store import is_remote
from kg.store.describe import convert_turtle, void_description
from kg.store.formats import DOWNLOAD_FORMATS
from kg.web.db import get_store
from kg.web.http import add_cors, negotiate, public_url

bp = Blueprint("data", __name__)


@bp.route("/data/graph.<ext>")
def download(ext: str) -> Response:
    """The whole dataset in any download format: TriG, N-Quads and JSON-LD keep the named
    graphs, the triple formats hold their union (each triple once)."""
    fmt = next((f for f in DOWNLOAD_FORMATS if f.extension == ext), None)
    path = get_store().dump_path(fmt.name) if fmt else None
    if path is None:
        known = ", ".join(f"graph.{f.extension}" for f in DOWNLOAD_FORMATS)
        abort(404, description=f"no download graph.{ext} here; use one of {known}")
    response = send_file(path, mimetype=fmt.content_type, download_name=f"graph.{fmt.extension}",
                         conditional=True, max_age=60)
    return add_cors(response)


@bp.route("/.well-known/void")
def void() -> Response:
    """The VoID description: size, graphs, SPARQL endpoint, data dumps (Turtle by default)."""
    fmt = negotiate("DESCRIBE")
    text = void_description(public_url(), get_store().info())
    response = Response(convert_turtle(text, fmt.name), content_type=fmt.content_type)
    add_cors(response)
    return response


@bp.route("/healthz")
def healthz() -> Response:
    """Liveness and what is loaded: triple count, graphs, build time, memory of our processes.

    The source is named, never located: no file path or endpoint URL is shown."""
    store = get_store()
    info = store.info()
    pids = [os.getpid(), *getattr(store, "worker_pids", list)()]
    remote = is_remote(info.source)
    return jsonify({"status": "ok", "graph_loaded": True,
                    "source": "remote endpoint" if remote else PurePath(info.source).name,
                    "remote": remote, "triples": info.triples,
                    "graphs": len(info.graphs), "articles": article_count(info.graphs),
                    "built_at": _iso(info.mtime), "reloads": getattr(store, "reloads", 0),
                    "file_mtime": info.mtime,
                    "loaded_at": info.loaded_at, "load_seconds": round(info.load_seconds, 3),
                    "workers": len(pids) - 1, "rss_kb": sum(rss_kb(pid) for pid in pids)})


def article_count(graphs: tuple[str, ...]) -> int:
    """Named graphs that hold one article each (all but the corpus-wide ones)."""
    return sum(1 for g in graphs if "/graph/" in g and g.rsplit("/", 1)[1] not in GRAPHS)


def _iso(mtime: float | None) -> str | None:
    """When the dataset file was written (the end of its build), in UTC ISO 8601."""
    if mtime is None:
        return None
    return dt.datetime.fromtimestamp(mtime, dt.timezone.utc).isoformat(timespec="seconds")


def rss_kb(pid: int) -> int:
    """Memory of a process in kB from /proc: its proportional share (Pss), since the query
    workers share the server's in-memory store; 0 where /proc is unavailable."""
    for name, field in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            with open(f"/proc/{pid}/{name}", encoding="ascii") as status:
                for line in status:
                    if line.startswith(field):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0
