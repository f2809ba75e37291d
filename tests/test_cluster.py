"""`kg build --cluster`: a real Dask scheduler and two worker processes over TCP on loopback."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from tests.servers import free_port

pytestmark = [pytest.mark.model, pytest.mark.slow]
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
DASK = str(Path(sys.executable).parent / "dask")


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """`dask scheduler` and two `dask worker` processes, loopback only, no dashboard."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    procs = [subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], **quiet)]
    try:
        for _ in range(200):
            if listening(port):
                break
            time.sleep(0.05)
        procs += [subprocess.Popen([DASK, "worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                                    "--no-nanny", "--no-dashboard", "--name", f"w{i}"], **quiet)
                  for i in range(2)]
        yield address
    finally:
        for proc in procs[::-1]:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    return folder


def test_cluster_build_equals_one_process(tmp_path: Path, scheduler: str) -> None:
    from distributed import Client

    folder = corpus(tmp_path)
    runner = CliRunner()
    one = runner.invoke(cli, ["build", str(folder), "--out", str(tmp_path / "one.trig"), "--no-cache"])
    assert one.exit_code == 0, one.output
    with Client(scheduler, timeout=30, set_as_default=False) as client:
        client.wait_for_workers(2, timeout=60)
        workers = client.scheduler_info()["workers"]
    assert len(workers) == 2 and all(w.startswith("tcp://127.0.0.1:") for w in workers)
    many = runner.invoke(cli, ["build", str(folder), "--out", str(tmp_path / "many.trig"),
                               "--cluster", scheduler, "--cache", str(tmp_path / "cache")])
    assert many.exit_code == 0, many.output
    assert "5 extracted" in many.output
    assert (tmp_path / "many.trig").read_bytes() == (tmp_path / "one.trig").read_bytes()
    with Client(scheduler, timeout=30, set_as_default=False) as client:
        loaded = client.run(lambda dask_worker: dask_worker.plugins["kg-extractor"].nlp is not None)
    assert list(loaded.values()) == [True, True]      # the model lives on each worker


def test_no_scheduler_is_one_line_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("kg.cluster.TIMEOUT", 1.0)
    folder = corpus(tmp_path)
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(tmp_path / "x.trig"),
                                      "--cluster", f"tcp://127.0.0.1:{free_port()}", "--no-cache"])
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler" in result.output
    assert "Traceback" not in result.output
