"""Fair share per client: WSGI middleware that caps how many requests one address runs at once.

Every page and /sparql request ends in a query worker, and there are only a few of them. One
client may run `per_client` requests at a time; up to `queue` more wait (at most `wait`
seconds) for one of its own slots; anything beyond, or a wait that runs out, is answered
429 Too Many Requests with Retry-After. So one client holding runaway queries can take at
most `per_client` workers, and the others stay free for everyone else. Static files, the
health check and dataset downloads use no worker and are not counted.

The client is REMOTE_ADDR; behind a reverse proxy, configure waitress's trusted_proxy so
that it is the real client's address (`kg serve --trusted-proxy`).
"""
from __future__ import annotations

import json
import math
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable

EXEMPT = ("/static/", "/healthz", "/data/", "/favicon.ico")
StartResponse = Callable[..., object]


class ClientLimiter:
    """Wrap a WSGI app so that each client address runs at most `per_client` requests at once."""

    def __init__(self, app: Callable, per_client: int, queue: int, wait: float) -> None:
        self.app, self.per_client, self.queue, self.wait = app, per_client, queue, wait
        self._slots = threading.Condition()
        self._running: Counter[str] = Counter()
        self._waiting: Counter[str] = Counter()

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO", "").startswith(EXEMPT):
            return self.app(environ, start_response)
        client = environ.get("REMOTE_ADDR") or "unknown"
        if not self._enter(client):
            return self._refuse(start_response)
        try:
            return self.app(environ, start_response)
        finally:
            self._leave(client)

    def _enter(self, client: str) -> bool:
        """Take one of the client's slots, waiting in its short queue; False when refused."""
        with self._slots:
            if self._running[client] < self.per_client:
                self._running[client] += 1
                return True
            if self._waiting[client] >= self.queue:
                return False
            self._waiting[client] += 1
            deadline = time.monotonic() + self.wait
            try:
                while self._running[client] >= self.per_client:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return False
                    self._slots.wait(left)
                self._running[client] += 1
                return True
            finally:
                self._waiting[client] -= 1
                if not self._waiting[client]:
                    del self._waiting[client]

    def _leave(self, client: str) -> None:
        """Give the slot back and wake the client's waiting requests."""
        with self._slots:
            self._running[client] -= 1
            if not self._running[client]:
                del self._running[client]
            self._slots.notify_all()

    def _refuse(self, start_response: StartResponse) -> list[bytes]:
        """429 with Retry-After and the JSON error body the rest of the API uses."""
        retry = max(1, math.ceil(self.wait))
        body = json.dumps({"error": "too_many_requests", "status": 429,
                           "message": f"this client already has {self.per_client} requests "
                                      f"running and {self.queue} waiting; try again in {retry} s"})
        start_response("429 Too Many Requests", [
            ("Content-Type", "application/json"), ("Content-Length", str(len(body))),
            ("Retry-After", str(retry)), ("Access-Control-Allow-Origin", "*"),
            ("X-Content-Type-Options", "nosniff")])
        return [body.encode()]
