"""Run the web app under waitress with the limits a public deployment needs, and stop cleanly.

waitress's defaults suit a trusted network: 100 connections in all, idle ones kept 120 s,
and no limit on how long a request may take to arrive, so 100 idle or slow ("slowloris")
connections take a server off line. Here (`Settings`):

- up to `connection_limit` connections (the open-file limit is raised to fit), polled with
  poll(2) rather than select(2), which stops at 1,024 descriptors;
- at most `per_ip` connections from one address (more are answered 503 and closed), except
  from `trusted_proxy`, whose clients are told apart by X-Forwarded-For;
- an idle keep-alive connection is closed after `channel_timeout` seconds, a request that
  has not fully arrived `request_timeout` seconds after its first byte is dropped;
- request bodies over 2 MB are refused by waitress before the app sees them;
- each client runs at most `per_client` requests at once, `per_client` more wait up to
  `queue_timeout` seconds, the rest get 429 (kg.web.limits).

Each setting is a `kg serve` option and a KG_* key of the layered config (kg.web.config).
SIGTERM and SIGINT (Ctrl-C) stop the server: the query workers are killed first, so
requests waiting on them end at once, then waitress stops and `run` returns the signal name.
"""
from __future__ import annotations

import resource
import signal
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer, create_server

from kg.web.limits import ClientLimiter

REFUSED = (b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nConnection: close\r\n"
           b"Content-Type: text/plain\r\nContent-Length: 38\r\n\r\n"
           b"too many connections from this address")


@dataclass(frozen=True, slots=True)
class Settings:
    """Connection and fairness limits for one server (see the module docstring)."""

    threads: int = 16
    connection_limit: int = 1000
    per_ip: int = 32
    channel_timeout: int = 30
    request_timeout: float = 20.0
    per_client: int = 2
    queue_timeout: float = 5.0
    trusted_proxy: str | None = None


class GuardedChannel(HTTPChannel):
    """waitress's HTTP channel with a per-address connection cap and a request deadline."""

    request_started = 0.0

    def __init__(self, server: BaseWSGIServer, sock, addr, adj, map=None) -> None:
        settings: Settings = server.kg_settings
        address = addr[0] if isinstance(addr, tuple) else ""
        if settings.per_ip and address != settings.trusted_proxy and sum(
                1 for channel in server.active_channels.values()
                if channel.addr and channel.addr[0] == address) >= settings.per_ip:
            try:
                sock.send(REFUSED)
            except OSError:
                pass  # the client went already; closing is all that is left
            sock.close()
            return  # never registered: waitress forgets this connection
        super().__init__(server, sock, addr, adj, map)

    def received(self, data: bytes) -> bool:
        if self.request is None:
            self.request_started = time.monotonic()
        return super().received(data)

    def readable(self) -> bool:
        """Drop a request that is still arriving after the deadline (checked every loop)."""
        if self.request is not None and not self.will_close and \
                time.monotonic() - self.request_started > self.server.kg_settings.request_timeout:
            self.will_close = True
            return False
        return super().readable()

    def writable(self) -> bool:
        """Not while a request's thread is still running and can send its own output.

        With waitress's `send_bytes` of 1, the request's thread sends its answer itself
        (holding the output lock). Meanwhile the channel has output, so waitress says it is
        writable, poll(2) returns at once, `handle_write` finds the lock taken and sends
        nothing, again and again: the main loop spins, holding the GIL the request's thread
        needs (up to the 5 ms switch interval per request). The request's thread wakes the
        loop (the trigger) when it ends, so what it could not send is sent then; only output
        over the high watermark, which the thread waits on, is the loop's to send at once."""
        if self.requests and not (self.will_close or self.close_when_flushed) \
                and self.total_outbufs_len <= self.adj.outbuf_high_watermark:
            return False
        return bool(super().writable())


def settings_from(config: Mapping[str, Any]) -> Settings:
    """The server settings of a layered app config (kg.web.config: KG_THREADS, KG_PER_IP ...)."""
    per_client = int(config["KG_PER_CLIENT"]) or max(1, int(config["KG_WORKERS"]) // 2)
    return Settings(int(config["KG_THREADS"]), int(config["KG_CONNECTION_LIMIT"]),
                    int(config["KG_PER_IP"]), int(config["KG_IDLE_TIMEOUT"]),
                    float(config["KG_REQUEST_TIMEOUT"]), per_client,
                    float(config["KG_QUEUE_TIMEOUT"]), config["KG_TRUSTED_PROXY"] or None)


def run(app: Callable, host: str, port: int, settings: Settings,
        on_stop: Callable[[], None]) -> str:
    """Serve `app` until SIGTERM or SIGINT; call `on_stop` first thing; return the signal name."""
    _raise_open_files(settings.connection_limit + 256)
    proxy = {"trusted_proxy": settings.trusted_proxy, "trusted_proxy_count": 1,
             "trusted_proxy_headers": {"x-forwarded-for"}} if settings.trusted_proxy else {}
    server = create_server(
        ClientLimiter(app, settings.per_client, settings.per_client, settings.queue_timeout),
        host=host, port=port, threads=settings.threads, ident="newskg",
        connection_limit=settings.connection_limit, channel_timeout=settings.channel_timeout,
        cleanup_interval=max(1, min(5, settings.channel_timeout)), asyncore_use_poll=True,
        max_request_body_size=2 << 20, **proxy)
    for listener in [server, *getattr(server, "map", {}).values()]:
        if isinstance(listener, BaseWSGIServer):
            listener.kg_settings = settings
            listener.channel_class = GuardedChannel
    stopped: list[str] = []

    def stop(signum: int, _frame: object) -> None:
        if stopped:
            return
        stopped.append(signal.Signals(signum).name)
        on_stop()
        raise SystemExit(0)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        server.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        server.close()
    return stopped[0] if stopped else "stopped"


def _raise_open_files(wanted: int) -> None:
    """Raise the soft open-file limit towards `wanted` (never past the hard limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
