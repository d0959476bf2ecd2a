"""Check-in (app/domain/checkin.py), called directly: a valid ticket, once, by the organizer."""

from __future__ import annotations

import pytest

from app.domain import checkin, errors, events, orders, registrations
from app.domain.models import GENERAL, User
from app.domain.orders import Attendee, Item, Wish
from tests.conftest import HOLD


def test_a_confirmed_ticket_checks_in_once(store, clock, make_event):
    event = make_event()
    ticket = registrations.register(store, "a", event.id, False, clock.now, hold_for=HOLD)
    used = checkin.check_in(store, "olga", event.id, clock.now, ticket_code=ticket.ticket_code)
    assert used.checked_in_at == clock.now
    with pytest.raises(errors.AlreadyCheckedIn):
        checkin.check_in(store, "olga", event.id, clock.now, ticket_code=ticket.ticket_code)


def test_only_the_organizer_and_only_valid_tickets(store, clock, make_event):
    event = make_event(capacity=1)
    ticket = registrations.register(store, "a", event.id, False, clock.now, hold_for=HOLD)
    waiting = registrations.register(store, "b", event.id, True, clock.now, hold_for=HOLD)
    with pytest.raises(errors.Forbidden):
        checkin.check_in(store, "a", event.id, clock.now, ticket_code=ticket.ticket_code)
    with pytest.raises(errors.NotFound):
        checkin.check_in(store, "olga", event.id, clock.now, ticket_code="not-a-code")
    with pytest.raises(errors.TicketNotValid, match="on the waitlist, not a ticket"):
        checkin.check_in(store, "olga", event.id, clock.now, ticket_code=waiting.ticket_code)
    other = make_event()
    with pytest.raises(errors.NotFound):  # a code is valid for its own event only
        checkin.check_in(store, "olga", other.id, clock.now, ticket_code=ticket.ticket_code)
    events.cancel_event(store, "olga", event.id, clock.now)
    with pytest.raises(errors.EventCancelled):
        checkin.check_in(store, "olga", event.id, clock.now, ticket_code=ticket.ticket_code)


def test_the_door_finds_tickets_by_name_in_any_case_and_accent_and_taps_one_in(store, clock, make_event):
    event = make_event(capacity=10)
    store.run(lambda tx: [tx.users.add(_person(who, first, clock.now)) for who, first in
                          (("zoe-id", "Zoë"), ("max-id", "Max"))])
    registrations.register(store, "zoe-id", event.id, False, clock.now, hold_for=HOLD)
    wish = Wish(event.id, [Item(GENERAL, 2)], [Attendee(), Attendee("Zoey Park")])
    family = orders.place(store, "max-id", wish, clock.now, HOLD)
    found = checkin.find(store, "olga", event.id, "ZOE", 20)
    assert [a.name for a in found] == ["Zoë Tester", "Zoey Park"]  # the attendee's name, not the buyer's
    assert [a.name for a in checkin.find(store, "olga", event.id, "max", 20)] == ["Max Tester"]
    assert checkin.find(store, "olga", make_event().id, "zoe", 20) == []  # this event's tickets only
    with pytest.raises(errors.Forbidden):
        checkin.find(store, "zoe-id", event.id, "max", 20)
    tapped = checkin.check_in(store, "olga", event.id, clock.now, ticket_id=family.tickets[1].id)
    assert tapped.checked_in_at == clock.now and tapped.attendee_name == "Zoey Park"
    with pytest.raises(errors.NotFound):  # an id is for its own event only, like a code
        checkin.check_in(store, "olga", make_event().id, clock.now, ticket_id=family.tickets[0].id)


def _person(user_id, first, now):
    return User(id=user_id, email=f"{user_id}@example.com", username=user_id.split("-")[0], first_name=first,
                last_name="Tester", created_at=now, updated_at=now)
