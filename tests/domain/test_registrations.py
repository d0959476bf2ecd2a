"""Registrations (app/domain/registrations.py) and seat accounting (app/domain/seats.py), called
directly: seats, waitlist, cancellation and promotion."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain import errors, events, registrations
from app.domain.models import CONFIRMED, WAITLISTED
from tests.conftest import HOLD

CANCELLED = "cancelled"  # a state of an event, a registration and a payment alike


def _counts(store, event_id):
    event = events.get_event(store, event_id)
    return event.confirmed_count, event.waitlist_count, event.seats_left


def test_seats_are_confirmed_until_full_then_refused_or_waitlisted(store, clock, make_event):
    event = make_event(capacity=2)
    first = registrations.register(store, "a", event.id, False, clock.now, hold_for=HOLD)
    second = registrations.register(store, "b", event.id, True, clock.now,
                                    hold_for=HOLD)  # seats first, flag or not
    assert (first.status, second.status) == (CONFIRMED, CONFIRMED)
    with pytest.raises(errors.EventFull):
        registrations.register(store, "c", event.id, False, clock.now, hold_for=HOLD)
    waiting = registrations.register(store, "c", event.id, True, clock.now, hold_for=HOLD)
    assert waiting.status == WAITLISTED
    assert _counts(store, event.id) == (2, 1, 0)
    assert first.ticket_code != second.ticket_code and len(first.ticket_code) >= 22


def test_one_active_registration_per_person_and_again_after_cancelling(store, clock, make_event):
    event = make_event()
    ticket = registrations.register(store, "a", event.id, False, clock.now, hold_for=HOLD)
    with pytest.raises(errors.AlreadyRegistered):
        registrations.register(store, "a", event.id, True, clock.now, hold_for=HOLD)
    registrations.cancel(store, "a", ticket.id, clock.now, hold_for=HOLD)
    again = registrations.register(store, "a", event.id, False, clock.now, hold_for=HOLD)
    assert again.id != ticket.id and again.status == CONFIRMED


def test_cancelling_a_seat_promotes_the_longest_waiting_once(store, clock, make_event):
    event = make_event(capacity=1)
    seat = registrations.register(store, "a", event.id, False, clock.now, hold_for=HOLD)
    clock.advance(seconds=1)
    first_waiting = registrations.register(store, "b", event.id, True, clock.now, hold_for=HOLD)
    clock.advance(seconds=1)
    registrations.register(store, "c", event.id, True, clock.now, hold_for=HOLD)
    registrations.cancel(store, "a", seat.id, clock.now, hold_for=HOLD)
    mine, _ = registrations.list_own(store, "b", 10, None)
    assert [(r.id, r.status) for r in mine.items] == [(first_waiting.id, CONFIRMED)]
    assert _counts(store, event.id) == (1, 1, 0)
    with pytest.raises(errors.AlreadyCancelled):
        registrations.cancel(store, "a", seat.id, clock.now, hold_for=HOLD)
    assert _counts(store, event.id) == (1, 1, 0)  # a second cancel frees nothing


def test_cancelling_a_waitlist_place_promotes_nobody(store, clock, make_event):
    event = make_event(capacity=1)
    registrations.register(store, "a", event.id, False, clock.now, hold_for=HOLD)
    place = registrations.register(store, "b", event.id, True, clock.now, hold_for=HOLD)
    registrations.register(store, "c", event.id, True, clock.now, hold_for=HOLD)
    assert registrations.cancel(store, "b", place.id, clock.now, hold_for=HOLD).status == CANCELLED
    assert _counts(store, event.id) == (1, 1, 0)


def test_only_the_holder_cancels(store, clock, make_event):
    ticket = registrations.register(store, "a", make_event().id, False, clock.now, hold_for=HOLD)
    with pytest.raises(errors.Forbidden):
        registrations.cancel(store, "b", ticket.id, clock.now, hold_for=HOLD)
    with pytest.raises(errors.NotFound):
        registrations.cancel(store, "a", "missing", clock.now, hold_for=HOLD)


def test_no_registration_once_started_or_cancelled(store, clock, make_event):
    started = make_event()
    clock.advance(days=7)
    with pytest.raises(errors.RegistrationClosed):
        registrations.register(store, "a", started.id, False, clock.now, hold_for=HOLD)
    cancelled = make_event(starts_at=clock.now + timedelta(days=1))
    events.cancel_event(store, "olga", cancelled.id, clock.now)
    with pytest.raises(errors.EventCancelled):
        registrations.register(store, "a", cancelled.id, False, clock.now, hold_for=HOLD)
    with pytest.raises(errors.NotFound):
        registrations.register(store, "a", "missing", False, clock.now, hold_for=HOLD)
