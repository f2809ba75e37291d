"""Real servers for tests: `oxigraph serve` on loopback, started and stopped by the test."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

VENV_BIN = Path(__file__).resolve().parents[1] / ".venv" / "bin"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph() -> str:
    """The `oxigraph` binary of the PyPI package (test extras)."""
    return shutil.which("oxigraph") or str(VENV_BIN / "oxigraph")


def wait_until_up(url: str, proc: subprocess.Popen, seconds: float = 30) -> None:
    """Poll `url` until it answers; fail early if the server exited."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not come up in {seconds} s")


def stop_group(proc: subprocess.Popen) -> None:
    """Stop a server started with start_new_session=True and everything it forked (its query
    workers would otherwise outlive a SIGTERM'd parent)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            continue
        time.sleep(0.2)   # let forked children see the signal before the final SIGKILL
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@contextmanager
def oxigraph_server(location: Path, *args: str, read_only: bool = False) -> Iterator[str]:
    """`oxigraph serve` (or serve-read-only) over `location` on 127.0.0.1; yields its root URL."""
    port = free_port()
    command = [oxigraph(), "serve-read-only" if read_only else "serve", "--location", str(location),
               "--bind", f"127.0.0.1:{port}", *args]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    root = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{root}/query?query=ASK%7B%7D", proc)
        yield root
    finally:
        proc.kill()
        proc.wait()


def loopback_only(context: object) -> list[str]:
    """Make a Playwright browser context abort every request that would leave 127.0.0.1;
    returns the list the aborted URLs are recorded in (tests assert it stays empty)."""
    from urllib.parse import urlsplit

    outside: list[str] = []

    def guard(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if urlsplit(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:", "about:")):
            route.continue_()  # type: ignore[attr-defined]
        else:
            outside.append(url)
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", guard)  # type: ignore[attr-defined]
    return outside
