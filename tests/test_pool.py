"""The worker pool's bookkeeping, on real worker processes: retries, limits, queueing."""
from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store.local import load_into
from kg.store.model import Job, Overloaded, QueryTimeout, QueryTooLarge, WorkerCrashed
from kg.store.pool import WorkerPool
from kg.store.worker import Limits

MINI = Path(__file__).parent / "data" / "mini.trig"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?x ?y }"


@pytest.fixture()
def source() -> ox.Store:
    store = ox.Store()
    load_into(store, MINI)  # as LocalStore loads it: named graphs and their union
    return store


def test_job_whose_worker_dies_before_starting_is_retried_once(source: ox.Store) -> None:
    pool = WorkerPool(source, 2, Limits(queue_timeout=5))
    take = pool._take
    killed: list[int] = []

    def take_then_kill():  # the worker dies after it was handed out, before the job reaches it
        worker = take()
        if not killed:
            killed.append(worker.process.pid)
            os.kill(worker.process.pid, signal.SIGKILL)
            worker.process.join(5)
        return worker

    pool._take = take_then_kill
    try:
        assert pool.run(Job("ask", "ASK { ?s ?p ?o }"), 10) is True
        assert killed and killed[0] not in pool.pids()
    finally:
        pool.close()


def test_job_that_kills_its_worker_is_not_retried(source: ox.Store) -> None:
    pool = WorkerPool(source, 2, Limits(memory_mb=128, queue_timeout=5))
    greedy = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?l ?i ?f ?c"
    try:
        with pytest.raises(QueryTooLarge, match="128 MB"):
            pool.run(Job("table", greedy), 60)
        assert pool.run(Job("ask", "ASK {}"), 10) is True
    finally:
        pool.close()


def test_answers_over_the_byte_cap_are_refused(source: ox.Store) -> None:
    pool = WorkerPool(source, 1, Limits(max_bytes=2_000))
    try:
        with pytest.raises(QueryTooLarge, match="2,000 bytes a query may return"):
            pool.run(Job("table", "SELECT * WHERE { ?s ?p ?o }"), 10)
        assert len(pool.run(Job("table", "SELECT * WHERE { ?s ?p ?o } LIMIT 2"), 10).rows) == 2
    finally:
        pool.close()


def test_busy_pool_answers_overloaded_with_a_retry_time(source: ox.Store) -> None:
    pool = WorkerPool(source, 1, Limits(queue_timeout=0.5))
    runner = threading.Thread(target=lambda: pytest.raises(QueryTimeout, pool.run, Job("table", COUNT), 3))
    runner.start()
    time.sleep(0.3)
    try:
        started = time.monotonic()
        with pytest.raises(Overloaded) as caught:
            pool.run(Job("ask", "ASK {}"), 10)
        assert caught.value.retry_after == 1 and time.monotonic() - started < 2
    finally:
        runner.join(10)
        pool.close()


def test_closed_pool_lets_waiting_requests_go_at_once(source: ox.Store) -> None:
    pool = WorkerPool(source, 1, Limits(queue_timeout=30))
    outcome: list[BaseException] = []

    def wait_for_worker() -> None:
        try:
            pool.run(Job("ask", "ASK {}"), 10)
        except (WorkerCrashed, QueryTimeout) as exc:
            outcome.append(exc)

    busy = threading.Thread(target=lambda: outcome.append(
        pytest.raises((QueryTimeout, WorkerCrashed), pool.run, Job("table", COUNT), 30).value))
    busy.start()
    time.sleep(0.3)
    waiting = threading.Thread(target=wait_for_worker)
    waiting.start()
    time.sleep(0.3)
    started = time.monotonic()
    pool.close()
    busy.join(5)
    waiting.join(5)
    assert time.monotonic() - started < 2 and len(outcome) == 2


def test_a_long_query_runs_at_low_cpu_priority_and_its_worker_comes_back_normal(source: ox.Store) -> None:
    """Past DEMOTE_AFTER the worker is niced, so short queries of other clients get the CPU
    first; after the query, the pool holds only workers at normal priority."""
    from kg.store.worker import DEMOTE_AFTER, DEMOTED_NICE

    pool = WorkerPool(source, 1, Limits(queue_timeout=5))
    try:
        seen: list[int] = []
        pid = pool.pids()[0]

        def watch() -> None:
            time.sleep(DEMOTE_AFTER + 0.5)
            seen.append(os.getpriority(os.PRIO_PROCESS, pid))

        watcher = threading.Thread(target=watch)
        watcher.start()
        with pytest.raises(QueryTimeout):
            pool.run(Job("table", COUNT, limit=10, trusted=True), DEMOTE_AFTER + 1.5)
        watcher.join()
        assert seen == [DEMOTED_NICE]
        fresh = pool.run(Job("ask", "ASK {}", trusted=True), 10)   # a short one: not demoted
        assert fresh is True
        assert [os.getpriority(os.PRIO_PROCESS, p) for p in pool.pids()] == [0]
    finally:
        pool.close()
