"""The seat aggregate (app/domain/seats.py) over the Firestore adapter's seat counters
(app/store/firestore/seat_counters.py): the rules stay exact whatever counter a seat comes from,
on both stores, and several processes rushing one event on the Firestore emulator never
oversell it."""

from __future__ import annotations

import os
from collections import Counter

import pytest

from app.domain import events, registrations
from app.domain import messages as m
from app.domain.errors import CapacityBelowConfirmed, Conflict
from app.domain.models import CONFIRMED, PENDING_PAYMENT, WAITLISTED
from app.store.firestore.seat_counters import SEATS_PER_COUNTER
from tests.conftest import FIRESTORE_PROJECT, HOLD
from tests.support.checkout import SITE, notice
from tests.support.races import NOW, counts, in_processes, race, rush_event

CANCELLED = "cancelled"  # a state of an event, a registration and a payment alike


def _numbered_counters(store, event_id: str) -> dict[int, dict]:
    """The counters as the Firestore adapter keeps them, by number (one, the event, on SQLite
    and for a small event)."""
    event = events.get_event(store, event_id)
    one = {0: {"capacity": event.capacity, "confirmed_count": event.confirmed_count,
               "held_count": event.held_count}}
    if _counter_documents(store, event_id) <= 1:
        return one
    seats = store.db.collection("events").document(event_id).collection("seats")
    return {int(doc.id): doc.to_dict() for doc in seats.stream()}


def _counter_documents(store, event_id: str) -> int:
    """How many counters the Firestore adapter keeps for the event (SQLite: one, the event)."""
    if not hasattr(store, "db") or not hasattr(store.db, "collection"):
        return 1
    return store.db.collection("events").document(event_id).get().to_dict()["seat_counters"]


def _counters(store, event_id: str) -> list[dict]:
    return list(_numbered_counters(store, event_id).values())


def reconcile(store, event_id: str) -> None:
    """Every counter holds exactly the seats of the registrations that name it, and no more than
    its own capacity (the totals can be right while counters drift: a seat given back to a
    counter it never came from leaves one at -1 and another holding a seat nobody has)."""
    regs = store.read(lambda tx: tx.registrations.of_event(event_id, 1000, None)).items
    seated = [r for r in regs if r.status in (CONFIRMED, PENDING_PAYMENT)]
    if _counter_documents(store, event_id) > 1:
        assert all(r.seat_counter is not None for r in seated)  # every seat says where it is
    named = Counter((r.seat_counter or 0, r.status) for r in seated)
    for number, counter in _numbered_counters(store, event_id).items():
        assert (counter["confirmed_count"], counter["held_count"]) == \
            (named[number, CONFIRMED], named[number, PENDING_PAYMENT]), number
        assert counter["confirmed_count"] + counter["held_count"] <= counter["capacity"], number
    assert {number for number, _ in named} <= set(_numbered_counters(store, event_id))


def _check_invariants(store, event_id: str) -> tuple[Counter, object]:
    statuses, event = counts(store, event_id)
    assert statuses[CONFIRMED] == event.confirmed_count <= event.capacity  # invariant 1
    assert statuses[WAITLISTED] == event.waitlist_count
    if statuses[WAITLISTED]:
        assert event.seats_left == 0  # nobody waits while a seat is free
    counters = _counters(store, event_id)
    assert sum(c["capacity"] for c in counters) == event.capacity
    assert sum(c["confirmed_count"] for c in counters) == event.confirmed_count
    assert all(c["confirmed_count"] + c["held_count"] <= c["capacity"] for c in counters)
    reconcile(store, event_id)
    return statuses, event


def test_waitlist_and_capacity_changes_stay_exact_across_counters(any_store):
    store = any_store
    event_id = rush_event(store, 2 * SEATS_PER_COUNTER)  # two counters on Firestore
    tickets = [registrations.register(store, f"u{i}", event_id, True, NOW, hold_for=HOLD)
               for i in range(2 * SEATS_PER_COUNTER + 3)]
    assert Counter(t.status for t in tickets) == {CONFIRMED: 2 * SEATS_PER_COUNTER, WAITLISTED: 3}
    _check_invariants(store, event_id)
    registrations.cancel(store, "u0", tickets[0].id, NOW,
                         hold_for=HOLD)  # the first waiting person gets the seat
    statuses, _ = _check_invariants(store, event_id)
    assert statuses == {CONFIRMED: 2 * SEATS_PER_COUNTER, WAITLISTED: 2, CANCELLED: 1}
    with pytest.raises(CapacityBelowConfirmed):
        events.update_event(store, "organizer", event_id, {"capacity": 2 * SEATS_PER_COUNTER - 1}, NOW,
                            hold_for=HOLD)
    events.update_event(store, "organizer", event_id, {"capacity": 2 * SEATS_PER_COUNTER + 5}, NOW,
                        hold_for=HOLD)
    statuses, event = _check_invariants(store, event_id)
    assert statuses[CONFIRMED] == 2 * SEATS_PER_COUNTER + 2 and event.seats_left == 3  # both promoted
    late = registrations.register(store, "late", event_id, False, NOW, hold_for=HOLD)
    assert late.status == CONFIRMED
    _check_invariants(store, event_id)
    events.cancel_event(store, "organizer", event_id, NOW)
    statuses, event = _check_invariants(store, event_id)
    assert event.confirmed_count == event.waitlist_count == 0 and statuses[CONFIRMED] == 0


PEOPLE = 8  # per process; each registers twice at once


def _counter_rush(host: str, event_id: str, worker: int, results) -> None:
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
            events.update_event(store, "organizer", event_id, {"capacity": 14}, NOW, hold_for=HOLD)
            return "raised"
        if extra and i == PEOPLE + 1:
            try:
                events.update_event(store, "organizer", event_id, {"capacity": 2}, NOW, hold_for=HOLD)
            except CapacityBelowConfirmed:
                return "lowering_refused"
            return "lowered"
        return registrations.register(store, people[i % PEOPLE], event_id, True, NOW, hold_for=HOLD).status

    outcome = race(2 * PEOPLE + extra, attempt, threads=4)
    cancelled = 0
    for person in people[::4]:
        mine = store.read(lambda tx, p=person: tx.registrations.active_of(event_id, p))
        if mine is not None:
            try:
                registrations.cancel(store, person, mine.id, NOW, hold_for=HOLD)
                cancelled += 1
            except Conflict:
                pass
    results.put([*outcome, *(["cancelled"] * cancelled)])


def test_three_processes_rush_an_event_of_three_counters_on_firestore(firestore_store, firestore_host,
                                                                     monkeypatch):
    store = firestore_store
    # 12 seats on three counters
    monkeypatch.setattr("app.store.firestore.seat_counters.SEATS_PER_COUNTER", 4)
    event_id = rush_event(store, 12)
    assert _counter_documents(store, event_id) == 3
    outcomes = in_processes(_counter_rush, [(firestore_host, event_id, w) for w in range(3)], timeout=600)
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


def test_late_payments_and_cancelled_promotions_keep_every_counter_exact(any_store, provider):
    """Late payments take a seat from a counter with room and must say which; people promoted by
    a capacity raise and then cancelling give their seats back where they were counted."""
    from datetime import timedelta

    from app.domain import checkout

    store = any_store
    fields = dict(title="Paid rush", description="", starts_at=NOW + timedelta(days=1), ends_at=None,
                  timezone="UTC", location="", capacity=2 * SEATS_PER_COUNTER, price=1_000, currency="KZT")
    event_id = events.create_event(store, "organizer", fields, NOW).id
    later = NOW + timedelta(minutes=31)
    held = [checkout.buy(store, provider, f"late{i}", event_id, False, NOW, SITE,
                         hold_for=HOLD)[0] for i in range(8)]
    assert checkout.release_expired(store, later, hold_for=HOLD) == 8  # not paid in time: the seats go back
    _check_invariants(store, event_id)
    for ticket in held:  # then the money arrives: a seat is free, so it takes one
        checkout.settle(store, notice(ticket.id, amount=1_000), later, hold_for=HOLD)
    statuses, _ = _check_invariants(store, event_id)
    assert statuses[CONFIRMED] == 8
    for ticket in held[:4]:
        checkout.cancel_ticket(store, ticket.user_id, ticket.id, later, hold_for=HOLD)
    _check_invariants(store, event_id)

    # full, three waiting; a capacity raise promotes them (holds: a paid event)
    others = [registrations.register(store, f"p{i}", event_id, True, later, hold_for=HOLD)
              for i in range(2 * SEATS_PER_COUNTER - 4 + 3)]
    assert Counter(t.status for t in others)[WAITLISTED] == 3
    _check_invariants(store, event_id)
    events.update_event(store, "organizer", event_id, {"capacity": 2 * SEATS_PER_COUNTER + 3}, later,
                        hold_for=HOLD)
    statuses, _ = _check_invariants(store, event_id)
    assert statuses[WAITLISTED] == 0
    for ticket in others[-3:]:  # the promoted cancel
        registrations.cancel(store, ticket.user_id, ticket.id, later, hold_for=HOLD)
    _check_invariants(store, event_id)
