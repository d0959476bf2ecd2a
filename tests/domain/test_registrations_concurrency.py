"""Invariants 1-3 under real concurrency, on every store adapter: real threads (each with its own
SQLite connection, or contending Firestore transactions on the emulator), and several processes
on one SQLite file (as gunicorn workers are)."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from app.domain import registrations
from app.domain.models import CONFIRMED, WAITLISTED
from app.store.sqlite import SqliteStore
from tests.conftest import FIRESTORE_PROJECT, HOLD
from tests.support.races import NOW, counts, in_processes, race, rush_event


@pytest.mark.parametrize("waitlist", [False, True])
def test_200_people_race_for_50_seats(any_store, waitlist):
    store = any_store
    event_id = rush_event(store, 50)
    results = race(200, lambda i: registrations.register(store, f"user{i}", event_id, waitlist, NOW,
                                                          hold_for=HOLD))
    outcomes = Counter(r if isinstance(r, str) else r.status for r in results)
    statuses, event = counts(store, event_id)
    assert outcomes[CONFIRMED] == 50 == statuses[CONFIRMED] == event.confirmed_count
    if waitlist:
        assert outcomes[WAITLISTED] == 150 == statuses[WAITLISTED] == event.waitlist_count
    else:
        assert outcomes["event_full"] == 150 and statuses[WAITLISTED] == 0


def test_one_person_twenty_parallel_registrations_hold_one(any_store):
    store = any_store
    event_id = rush_event(store, 50)
    results = race(20, lambda i: registrations.register(store, "same-person", event_id, True, NOW,
                                                         hold_for=HOLD))
    outcomes = Counter(r if isinstance(r, str) else r.status for r in results)
    assert outcomes == {CONFIRMED: 1, "already_registered": 19}
    statuses, event = counts(store, event_id)
    assert statuses == {CONFIRMED: 1} and event.confirmed_count == 1


def test_concurrent_cancellations_promote_each_waiting_person_once(any_store):
    store = any_store
    event_id = rush_event(store, 20)
    held = [registrations.register(store, f"seat{i}", event_id, True, NOW, hold_for=HOLD) for i in range(20)]
    waiting = [registrations.register(store, f"wait{i}", event_id, True,
                                      NOW + timedelta(seconds=i + 1), hold_for=HOLD) for i in range(25)]
    assert {r.status for r in held} == {CONFIRMED} and {r.status for r in waiting} == {WAITLISTED}
    race(20, lambda i: registrations.cancel(store, f"seat{i}", held[i].id, NOW, hold_for=HOLD))
    statuses, event = counts(store, event_id)
    assert statuses == {"cancelled": 20, CONFIRMED: 20, WAITLISTED: 5}
    assert (event.confirmed_count, event.waitlist_count) == (20, 5)
    promoted = {r.user_id for r in store.read(lambda tx: tx.registrations.active(event_id))
                if r.status == CONFIRMED}
    assert promoted == {f"wait{i}" for i in range(20)}  # first come, first served


def test_the_same_ticket_cancelled_in_parallel_frees_one_seat(any_store):
    store = any_store
    event_id = rush_event(store, 1)
    held = registrations.register(store, "holder", event_id, False, NOW, hold_for=HOLD)
    for i in range(3):
        registrations.register(store, f"wait{i}", event_id, True, NOW + timedelta(seconds=i + 1),
                               hold_for=HOLD)
    results = race(10, lambda i: registrations.cancel(store, "holder", held.id, NOW, hold_for=HOLD))
    assert Counter(r if isinstance(r, str) else r.status for r in results) == {
        "cancelled": 1, "already_cancelled": 9}
    statuses, event = counts(store, event_id)
    assert statuses == {"cancelled": 1, CONFIRMED: 1, WAITLISTED: 2}
    assert event.confirmed_count == 1


def _process_rush(path: str, event_id: str, worker: int, results) -> None:
    store = SqliteStore(path)
    outcome = race(50, lambda i: registrations.register(
        store, f"p{worker}-{i}", event_id, False, NOW, hold_for=HOLD), threads=10)
    results.put([r if isinstance(r, str) else r.status for r in outcome])


def test_four_processes_race_for_30_seats(tmp_path: Path):
    path = str(tmp_path / "shared.db")
    store = SqliteStore(path)
    event_id = rush_event(store, 30)
    outcomes = in_processes(_process_rush, [(path, event_id, w) for w in range(4)], timeout=60)
    assert outcomes == {CONFIRMED: 30, "event_full": 170}
    statuses, event = counts(store, event_id)
    assert statuses == {CONFIRMED: 30} and event.confirmed_count == 30


def _firestore_rush(host: str, event_id: str, worker: int, results) -> None:
    import os

    os.environ["FIRESTORE_EMULATOR_HOST"] = host
    from app.store.firestore import FirestoreStore

    store = FirestoreStore(FIRESTORE_PROJECT, emulator=True)
    outcome = race(6, lambda i: registrations.register(
        store, f"f{worker}-{i}", event_id, True, NOW, hold_for=HOLD), threads=3)
    results.put([r if isinstance(r, str) else r.status for r in outcome])


def test_three_processes_race_on_firestore(firestore_store, firestore_host):
    """Across processes the emulator's own transaction contention decides: no oversell."""
    event_id = rush_event(firestore_store, 5)
    outcomes = in_processes(_firestore_rush, [(firestore_host, event_id, w) for w in range(3)],
                             timeout=240)
    statuses, event = counts(firestore_store, event_id)
    assert statuses[CONFIRMED] == 5 == event.confirmed_count == outcomes[CONFIRMED]
    assert statuses[WAITLISTED] == event.waitlist_count == outcomes[WAITLISTED] == 13


def _open_store(path: str, ready, results) -> None:
    ready.wait()
    try:
        SqliteStore(path).read(lambda tx: tx.events.get("none"))
        results.put("ok")
    except Exception as exc:  # reported, so the test shows what went wrong
        results.put(f"{type(exc).__name__}: {exc}")


def test_workers_opening_a_new_database_together_all_start(tmp_path: Path):
    """gunicorn starts its workers at once on a database file that does not exist yet."""
    ctx = multiprocessing.get_context("fork")
    for round_ in range(5):
        path = str(tmp_path / f"fresh-{round_}.db")
        ready, results = ctx.Event(), ctx.Queue()
        procs = [ctx.Process(target=_open_store, args=(path, ready, results)) for _ in range(8)]
        for p in procs:
            p.start()
        ready.set()
        outcomes = Counter(results.get(timeout=60) for _ in procs)
        for p in procs:
            p.join(timeout=10)
        assert outcomes == {"ok": 8}, outcomes
