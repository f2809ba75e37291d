"""Helpers for tests against a real `kg serve` process: start it, reach it, watch what it touches."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from werkzeug.wrappers import Response

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "mini.trig"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Live:
    """A running `kg serve`: its URL, port, process and the file its stderr goes to."""

    url: str
    port: int
    process: subprocess.Popen
    log: Path

    def workers(self) -> list[int]:
        """Process ids of the server's children (its query workers)."""
        return children(self.process.pid)

    def stderr(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def start(log: Path, *args: str, port: int | None = None, graph: Path = MINI,
          env: dict[str, str] | None = None) -> Live:
    """Start `kg serve --graph GRAPH --port PORT ARGS` and wait until /healthz answers.

    The server gets a fresh copy of GRAPH beside `log`: `kg serve` rebuilds a graph file
    older than an article in seeds/, which must never happen to the test data."""
    port = port or free_port()
    served = log.parent / graph.name
    if not served.exists():
        shutil.copyfile(graph, served)
    process = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "--graph", str(served), "--port", str(port), *args],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log.open("wb"), env={**os.environ, **(env or {})})
    live = Live(f"http://127.0.0.1:{port}", port, process, log)
    wait_until_up(live)
    return live


def wait_until_up(live: Live, seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if live.process.poll() is not None:
            raise AssertionError(f"kg serve exited {live.process.returncode}: {live.stderr()}")
        try:
            urllib.request.urlopen(f"{live.url}/healthz", timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("kg serve did not start")


@contextmanager
def serving(log: Path, *args: str, **kwargs: object) -> Iterator[Live]:
    """`start`, and SIGKILL the server and its workers afterwards whatever happened."""
    live = start(log, *args, **kwargs)
    try:
        yield live
    finally:
        pids = live.workers()
        live.process.kill()
        live.process.wait(10)
        for pid in pids:
            try:
                os.kill(pid, 9)
            except ProcessLookupError:
                pass


def children(pid: int) -> list[int]:
    """Direct children of `pid`, from /proc."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie counts as gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return False


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
          timeout: float = 30, source: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of one request; HTTP errors are answers too. `source` picks
    the client's loopback address (127.0.0.x), so tests can play several clients."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    opener = urllib.request.build_opener(_SourceHandler(source)) if source else urllib.request.build_opener()
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def fetch_json(url: str, **kwargs: object) -> tuple[int, dict]:
    status, _, body = fetch(url, **kwargs)
    return status, json.loads(body)


class _SourceHandler(urllib.request.HTTPHandler):
    """Open connections from a chosen local address."""

    def __init__(self, source: str) -> None:
        super().__init__()
        self.source = source

    def http_open(self, request: urllib.request.Request):
        import http.client

        def connect(host: str, **kwargs: object) -> http.client.HTTPConnection:
            return http.client.HTTPConnection(host, source_address=(self.source, 0), **kwargs)

        return self.do_open(connect, request)


@dataclass
class Listener:
    """A loopback TCP listener that records every connection made to it (and answers none)."""

    sock: socket.socket = field(default_factory=socket.socket)
    hits: list[tuple[str, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, peer = self.sock.accept()
            except OSError:
                continue
            self.hits.append(peer)
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


class LiveClient:
    """The Flask test client's request API (get/post/put/open with query_string, data,
    content_type, headers) over real HTTP to a running server, so one test body can run
    in-process and against a live `kg serve`. Werkzeug builds the request exactly as the
    test client would; http.client sends it; the answer is a Werkzeug Response."""

    def __init__(self, base_url: str) -> None:
        self.host, self.port = base_url.split("://", 1)[1].split(":")

    def open(self, path: str = "/", method: str = "GET", **kwargs: object) -> Response:
        import http.client

        from werkzeug.test import EnvironBuilder

        builder = EnvironBuilder(path=path, method=method, **kwargs)
        try:
            environ = builder.get_environ()
        finally:
            builder.close()
        target = quote(environ["PATH_INFO"].encode("latin-1"), safe="/%@:+$,;=")
        if environ.get("QUERY_STRING"):
            target += "?" + environ["QUERY_STRING"]
        headers = {key[5:].replace("_", "-").title(): value for key, value in environ.items()
                   if key.startswith("HTTP_") and key != "HTTP_HOST"}
        body = environ["wsgi.input"].read()
        if environ.get("CONTENT_TYPE"):
            headers["Content-Type"] = environ["CONTENT_TYPE"]
        if body or method in ("POST", "PUT"):
            headers["Content-Length"] = str(len(body))
        conn = http.client.HTTPConnection(self.host, int(self.port), timeout=30)
        try:
            conn.request(method, target, body=body or None, headers=headers)
            answer = conn.getresponse()
            return Response(answer.read(), status=answer.status, headers=answer.getheaders())
        finally:
            conn.close()

    def get(self, path: str = "/", **kwargs: object) -> Response:
        return self.open(path, method="GET", **kwargs)

    def post(self, path: str = "/", **kwargs: object) -> Response:
        return self.open(path, method="POST", **kwargs)

    def put(self, path: str = "/", **kwargs: object) -> Response:
        return self.open(path, method="PUT", **kwargs)
