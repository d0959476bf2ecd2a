"""Per-account quotas (app/domain/quotas.py), counted in the store with the action they limit."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain import checkout, events, quotas, registrations
from app.domain.errors import EventFull, TooManyAttempts
from tests.conftest import HOLD
from tests.support.checkout import SITE


def test_one_account_cannot_fill_everyones_first_page(make_event, clock, store):
    made = [make_event(title=f"Spam {i}") for i in range(quotas.EVENTS_PER_BURST.limit)]
    with pytest.raises(TooManyAttempts) as refused:
        make_event(title="one more")
    assert 0 < refused.value.retry_after <= 600
    assert make_event(organizer_id="someone-else").id  # per account
    clock.advance(minutes=10)
    assert make_event(title="ten minutes later").id
    listed = all_events(store, clock)
    assert len(listed) == len(made) + 2


def all_events(store, clock):
    return events.search_events(store, "viewer", events.EventSearch(limit=100,
                                starts_from=clock.now - timedelta(days=1)), clock.now).items


def test_the_day_quota_holds_across_bursts(make_event, clock):
    made = 0
    for _burst in range(quotas.EVENTS_PER_DAY.limit // quotas.EVENTS_PER_BURST.limit + 1):
        for _ in range(quotas.EVENTS_PER_BURST.limit):
            try:
                make_event()
            except TooManyAttempts:
                break
            made += 1
        clock.advance(minutes=10)
    assert made == quotas.EVENTS_PER_DAY.limit
    with pytest.raises(TooManyAttempts):
        make_event()


def test_holds_across_events_are_limited(make_event, clock, store, provider):
    limit = quotas.HOLDS_PER_HALF_HOUR.limit
    paid = [make_event(price=1_000, capacity=3, title=f"Paid {i}") for i in range(limit + 1)]
    for event in paid[:limit]:
        checkout.buy(store, provider, "hoarder", event.id, False, clock.now, SITE, hold_for=HOLD)
    with pytest.raises(TooManyAttempts):
        checkout.buy(store, provider, "hoarder", paid[limit].id, False, clock.now, SITE, hold_for=HOLD)
    assert events.get_event(store, paid[limit].id).held_count == 0  # nothing half-written
    clock.advance(minutes=30)
    held, _ = checkout.buy(store, provider, "hoarder", paid[limit].id, False, clock.now, SITE, hold_for=HOLD)
    assert held.status == "pending_payment"


def test_cancel_and_retake_one_event_is_limited(make_event, clock, store):
    event = make_event(capacity=1)
    for _ in range(quotas.REGISTRATIONS_PER_EVENT.limit):
        taken = registrations.register(store, "grabber", event.id, False, clock.now, hold_for=HOLD)
        registrations.cancel(store, "grabber", taken.id, clock.now, hold_for=HOLD)
    with pytest.raises(TooManyAttempts):
        registrations.register(store, "grabber", event.id, False, clock.now, hold_for=HOLD)
    assert registrations.register(store, "someone", event.id, False, clock.now,
                                  hold_for=HOLD).status == "confirmed"


def test_a_refused_registration_costs_nothing(make_event, clock, store):
    event = make_event(capacity=1)
    registrations.register(store, "first", event.id, False, clock.now, hold_for=HOLD)
    for _ in range(quotas.REGISTRATIONS_PER_EVENT.limit + 2):
        with pytest.raises(EventFull):
            registrations.register(store, "late", event.id, False, clock.now, hold_for=HOLD)
    assert registrations.register(store, "late", event.id, True, clock.now,
                                  hold_for=HOLD).status == "waitlisted"


def test_quota_windows_are_fixed_and_start_at_first_use(store, clock):
    quota = quotas.Quota("test", 2, timedelta(minutes=10), "tests")
    for _ in range(2):
        store.run(lambda tx: quotas.take(tx, quota, "s", clock.now))
    clock.advance(minutes=9)
    with pytest.raises(TooManyAttempts) as refused:
        store.run(lambda tx: quotas.take(tx, quota, "s", clock.now))
    assert refused.value.retry_after == 60
    clock.advance(minutes=1)
    store.run(lambda tx: quotas.take(tx, quota, "s", clock.now))
