"""Private temporary folders for stores, removed even when their server was killed.

Each store keeps its on-disk index and downloads in a folder of its own, locked with flock
while the store (or one of its forked workers, which inherit the lock) lives. `close`
removes it; a server killed with SIGKILL cannot, so every new folder is made after removing
the folders whose lock nobody holds any more.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from pathlib import Path

PREFIX = "kg-store-"
LOCK = ".lock"


def private_dir(root: str | None = None) -> tuple[Path, int]:
    """A new folder under `root` (the temp dir), locked while it lives: (path, lock fd)."""
    root = root or tempfile.gettempdir()
    remove_stale(root)
    folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=root))
    lock = os.open(folder / LOCK, os.O_CREAT | os.O_RDWR | os.O_CLOEXEC, 0o600)
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return folder, lock


def release(folder: Path, lock: int) -> None:
    """Remove a folder made by `private_dir` and drop its lock."""
    shutil.rmtree(folder, ignore_errors=True)
    os.close(lock)


def remove_stale(root: str) -> list[Path]:
    """Remove the store folders under `root` whose lock nobody holds (their server was killed).

    Folders without a lock file are left alone: they are still being made, or not ours."""
    removed = []
    for folder in Path(root).glob(PREFIX + "*"):
        try:
            lock = os.open(folder / LOCK, os.O_RDWR | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue  # a live store
        finally:
            os.close(lock)
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed
