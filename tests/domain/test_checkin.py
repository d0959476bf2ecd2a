"""Check-in (app/domain/checkin.py), called directly: a valid ticket, once, by the organizer."""

from __future__ import annotations

import pytest

from app.domain import checkin, errors, events, registrations
from tests.conftest import HOLD


def test_a_confirmed_ticket_checks_in_once(store, clock, make_event):
    event = make_event()
    ticket = registrations.register(store, "a", event.id, False, clock.now, hold_for=HOLD)
    used = checkin.check_in(store, "olga", event.id, ticket.ticket_code, clock.now)
    assert used.checked_in_at == clock.now
    with pytest.raises(errors.AlreadyCheckedIn):
        checkin.check_in(store, "olga", event.id, ticket.ticket_code, clock.now)


def test_only_the_organizer_and_only_valid_tickets(store, clock, make_event):
    event = make_event(capacity=1)
    ticket = registrations.register(store, "a", event.id, False, clock.now, hold_for=HOLD)
    waiting = registrations.register(store, "b", event.id, True, clock.now, hold_for=HOLD)
    with pytest.raises(errors.Forbidden):
        checkin.check_in(store, "a", event.id, ticket.ticket_code, clock.now)
    with pytest.raises(errors.NotFound):
        checkin.check_in(store, "olga", event.id, "not-a-code", clock.now)
    with pytest.raises(errors.TicketNotValid, match="on the waitlist, not a ticket"):
        checkin.check_in(store, "olga", event.id, waiting.ticket_code, clock.now)
    other = make_event()
    with pytest.raises(errors.NotFound):  # a code is valid for its own event only
        checkin.check_in(store, "olga", other.id, ticket.ticket_code, clock.now)
    events.cancel_event(store, "olga", event.id, clock.now)
    with pytest.raises(errors.EventCancelled):
        checkin.check_in(store, "olga", event.id, ticket.ticket_code, clock.now)
