"""Many people at once: threads released together, fresh processes, and what the store counts
after."""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from app.domain import events
from app.domain.errors import Conflict

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def rush_event(store, capacity: int) -> str:
    fields = dict(title="Rush", description="", starts_at=NOW + timedelta(days=1), ends_at=None,
                  timezone="UTC", location="", capacity=capacity, price=0, currency="KZT")
    return events.create_event(store, "organizer", fields, NOW).id


def race(n: int, work, threads: int = 32) -> list:
    """Run work(i) for i in range(n), released together through a barrier."""
    barrier = threading.Barrier(min(n, threads))

    def start(i: int):
        if i < threads:
            barrier.wait()
        try:
            return work(i)
        except Conflict as exc:
            return exc.code

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(start, range(n)))


def counts(store, event_id: str) -> tuple[Counter, object]:
    regs = store.read(lambda tx: tx.registrations.of_event(event_id, 1000, None)).items
    return Counter(r.status for r in regs), events.get_event(store, event_id)


def in_processes(target, arg_lists: list[tuple], timeout: float) -> Counter:
    """Run target(*args, results_queue) in one fresh process per args; sum what they report."""
    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    procs = [ctx.Process(target=target, args=(*args, results)) for args in arg_lists]
    for p in procs:
        p.start()
    outcomes = Counter()
    for _ in procs:
        outcomes.update(results.get(timeout=timeout))
    for p in procs:
        p.join(timeout=10)
    return outcomes
