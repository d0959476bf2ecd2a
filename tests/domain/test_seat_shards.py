"""Seat counters (app/domain/seats.py; the Firestore adapter spreads a large event's seats over
them): the rules stay exact whatever counter a seat comes from, on both stores, and several
processes rushing one event on the Firestore emulator never oversell it."""

from __future__ import annotations

import os
from collections import Counter

import pytest

from app.domain import events, registrations
from app.domain import messages as m
from app.domain.errors import CapacityBelowConfirmed, Conflict
from app.domain.models import CANCELLED, CONFIRMED, WAITLISTED
from app.domain.seats import MAX_SHARDS, SEATS_PER_SHARD, shards_for
from tests.conftest import FIRESTORE_PROJECT
from tests.domain.test_registrations_concurrency import NOW, _counts, _event, _in_processes, _race


def test_small_events_keep_one_counter_and_large_ones_get_more():
    assert [shards_for(c) for c in (0, 1, SEATS_PER_SHARD)] == [1, 1, 1]
    assert shards_for(SEATS_PER_SHARD + 1) == 2
    assert shards_for(SEATS_PER_SHARD * MAX_SHARDS * 10) == MAX_SHARDS


def _counters(store, event_id: str) -> list[dict]:
    """The counters as the Firestore adapter keeps them (one, the event, on SQLite)."""
    if not hasattr(store, "db") or not hasattr(store.db, "collection"):
        event = events.get_event(store, event_id)
        return [{"capacity": event.capacity, "confirmed_count": event.confirmed_count,
                 "held_count": event.held_count}]
    seats = store.db.collection("events").document(event_id).collection("seats")
    return [doc.to_dict() for doc in seats.stream()]


def _check_invariants(store, event_id: str) -> tuple[Counter, object]:
    statuses, event = _counts(store, event_id)
    assert statuses[CONFIRMED] == event.confirmed_count <= event.capacity  # invariant 1
    assert statuses[WAITLISTED] == event.waitlist_count
    if statuses[WAITLISTED]:
        assert event.seats_left == 0  # nobody waits while a seat is free
    counters = _counters(store, event_id)
    assert sum(c["capacity"] for c in counters) == event.capacity
    assert sum(c["confirmed_count"] for c in counters) == event.confirmed_count
    assert all(c["confirmed_count"] + c["held_count"] <= c["capacity"] for c in counters)
    return statuses, event


def test_waitlist_and_capacity_changes_stay_exact_across_counters(any_store):
    store = any_store
    event_id = _event(store, 2 * SEATS_PER_SHARD)  # two counters on Firestore
    tickets = [registrations.register(store, f"u{i}", event_id, True, NOW)
               for i in range(2 * SEATS_PER_SHARD + 3)]
    assert Counter(t.status for t in tickets) == {CONFIRMED: 2 * SEATS_PER_SHARD, WAITLISTED: 3}
    _check_invariants(store, event_id)
    registrations.cancel(store, "u0", tickets[0].id, NOW)  # the first waiting person gets the seat
    statuses, _ = _check_invariants(store, event_id)
    assert statuses == {CONFIRMED: 2 * SEATS_PER_SHARD, WAITLISTED: 2, CANCELLED: 1}
    with pytest.raises(CapacityBelowConfirmed):
        events.update_event(store, "organizer", event_id, {"capacity": 2 * SEATS_PER_SHARD - 1}, NOW)
    events.update_event(store, "organizer", event_id, {"capacity": 2 * SEATS_PER_SHARD + 5}, NOW)
    statuses, event = _check_invariants(store, event_id)
    assert statuses[CONFIRMED] == 2 * SEATS_PER_SHARD + 2 and event.seats_left == 3  # both promoted
    late = registrations.register(store, "late", event_id, False, NOW)
    assert late.status == CONFIRMED
    _check_invariants(store, event_id)
    events.cancel_event(store, "organizer", event_id, NOW)
    statuses, event = _check_invariants(store, event_id)
    assert event.confirmed_count == event.waitlist_count == 0 and statuses[CONFIRMED] == 0


PEOPLE = 8  # per process; each registers twice at once


def _shard_rush(host: str, event_id: str, worker: int, results) -> None:
    """One process: its people register (each twice at once), then every fourth cancels; worker
    0 is also the organizer, raising the capacity in the middle and trying to lower it below the
    seats taken. (The emulator settles lock contention by time-outs of about two seconds: a
    small crowd keeps this within a minute or two.)"""
    os.environ["FIRESTORE_EMULATOR_HOST"] = host
    from app.store.firestore import FirestoreStore

    store = FirestoreStore(FIRESTORE_PROJECT, emulator=True)
    people = [f"s{worker}-{i}" for i in range(PEOPLE)]
    extra = 2 if worker == 0 else 0

    def attempt(i: int):
        if extra and i == PEOPLE:
            events.update_event(store, "organizer", event_id, {"capacity": 14}, NOW)
            return "raised"
        if extra and i == PEOPLE + 1:
            try:
                events.update_event(store, "organizer", event_id, {"capacity": 2}, NOW)
            except CapacityBelowConfirmed:
                return "lowering_refused"
            return "lowered"
        return registrations.register(store, people[i % PEOPLE], event_id, True, NOW).status

    outcome = _race(2 * PEOPLE + extra, attempt, threads=4)
    cancelled = 0
    for person in people[::4]:
        mine = store.read(lambda tx, p=person: tx.get_active_registration(event_id, p))
        if mine is not None:
            try:
                registrations.cancel(store, person, mine.id, NOW)
                cancelled += 1
            except Conflict:
                pass
    results.put([*outcome, *(["cancelled"] * cancelled)])


def test_three_processes_rush_a_sharded_event_on_firestore(firestore_store, firestore_host, monkeypatch):
    store = firestore_store
    monkeypatch.setattr("app.domain.seats.SEATS_PER_SHARD", 4)  # 12 seats on three counters
    event_id = _event(store, 12)
    assert events.get_event(store, event_id).seat_shards == 3
    outcomes = _in_processes(_shard_rush, [(firestore_host, event_id, w) for w in range(3)], timeout=600)
    everyone = 3 * PEOPLE
    assert outcomes["already_registered"] == everyone  # each tried twice: one active registration
    assert outcomes["raised"] == 1 and outcomes["lowering_refused"] == 1
    statuses, event = _check_invariants(store, event_id)
    assert event.capacity == 14 and statuses[CANCELLED] == outcomes["cancelled"] > 0
    assert statuses[CONFIRMED] + statuses[WAITLISTED] + statuses[CANCELLED] == everyone
    assert statuses[CONFIRMED] == min(14, everyone - statuses[CANCELLED])  # freed seats went on
    counters = _counters(store, event_id)
    assert len(counters) == 3 and all(c["confirmed_count"] for c in counters)  # spread over all
    outbox = [item.message for item in store.outbox.claim(NOW, 30, 5000)]
    promoted = [msg.data["registration_id"] for msg in outbox if msg.type == m.REGISTRATION_PROMOTED]
    assert promoted and len(promoted) == len(set(promoted))  # invariant 3: each promotion once
