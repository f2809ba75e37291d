"""The HTTP side of `kg push`: Graph Store Protocol requests and two read queries, over urllib.

>>> endpoints("http://127.0.0.1:7878")
('http://127.0.0.1:7878/store', 'http://127.0.0.1:7878/query')
>>> endpoints("http://fuseki:3030/ds/data")
('http://fuseki:3030/ds/data', 'http://fuseki:3030/ds/query')
"""
from __future__ import annotations

import json
import socket
import urllib.error
import urllib.parse
import urllib.request

__all__ = ["PushError", "StoreClient", "endpoints"]

GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
# Graph-store path -> query path, for the stores whose layout we know (Oxigraph, Fuseki).
LAYOUTS = {"/store": "/query", "/data": "/query"}


class PushError(RuntimeError):
    """A request the store refused or could not answer; the message is one line."""


def endpoints(url: str, query_url: str | None = None) -> tuple[str, str]:
    """(graph store URL, query URL) from what the user gave.

    A bare server URL means Oxigraph's layout (/store and /query).

    :raises PushError: the URL is not http(s), or the query URL cannot be guessed.
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PushError(f"{url!r} is not an http(s) URL of a SPARQL graph store")
    path = parts.path.rstrip("/")
    if not path:
        path = "/store"
    store = urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    if query_url:
        return store, query_url
    for suffix, query in LAYOUTS.items():
        if path.endswith(suffix):
            return store, store[: -len(suffix)] + query
    raise PushError(f"cannot tell the query endpoint of {url}; give it with --query URL")


class StoreClient:
    """Requests to one store; every failure becomes a one-line PushError."""

    def __init__(self, store_url: str, query_url: str, timeout: float = 600.0) -> None:
        self.store_url, self.query_url, self.timeout = store_url, query_url, timeout

    def _graph_url(self, name: str) -> str:
        query = "default" if not name else urllib.parse.urlencode({"graph": name})
        return f"{self.store_url}?{query}"

    def put_graph(self, name: str, body: bytes) -> None:
        """Replace graph `name` ("" = default graph) with N-Triples `body`."""
        self._send("PUT", self._graph_url(name), body, "application/n-triples", f"PUT <{name}>")

    def delete_graph(self, name: str) -> None:
        """Drop graph `name`; one that is already gone is fine."""
        self._send("DELETE", self._graph_url(name), None, None, f"DELETE <{name}>", missing_ok=True)

    def post_dataset(self, body: bytes) -> None:
        """Add N-Quads `body` to the store (a dataset load)."""
        self._send("POST", self.store_url, body, "application/n-quads", "bulk load")

    def ask(self, query: str) -> bool:
        return bool(json.loads(self._query(query)).get("boolean"))

    def graphs(self) -> list[str]:
        """IRIs of the store's named graphs."""
        rows = json.loads(self._query(GRAPHS))["results"]["bindings"]
        return sorted(row["g"]["value"] for row in rows)

    def _query(self, query: str) -> bytes:
        data = urllib.parse.urlencode({"query": query}).encode()
        return self._send("POST", self.query_url, data, "application/x-www-form-urlencoded",
                          "query", accept="application/sparql-results+json")

    def _send(self, method: str, url: str, body: bytes | None, content_type: str | None,
              what: str, accept: str = "*/*", missing_ok: bool = False) -> bytes:
        headers = {"Accept": accept} | ({"Content-Type": content_type} if content_type else {})
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            if missing_ok and exc.code == 404:
                return b""
            detail = " ".join(exc.read().decode("utf-8", "replace").split())[:200] or exc.reason
            raise PushError(f"{what} failed: {url} answered {exc.code}: {detail}") from None
        except (TimeoutError, socket.timeout):
            raise PushError(f"{what} failed: {url} did not answer within {self.timeout:g} s") from None
        except urllib.error.URLError as exc:
            raise PushError(f"{what} failed: cannot reach {url}: {exc.reason}") from None
