"""Ticket types (app/domain/ticket_types.py) and how the seat aggregate holds a capped type's
count with the event's (app/domain/seats.py): both bounds at once, sale windows, the waitlist per
event, and what an organizer may change."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from app.domain import errors, events, registrations, ticket_types
from app.domain.models import CONFIRMED, GENERAL, PENDING_PAYMENT, WAITLISTED
from tests.conftest import HOLD
from tests.support.races import NOW, counts, race, rush_event


def _types(store, event_id):
    return {t.id: t for t in ticket_types.listed(store, event_id)[1]}


def _buy(store, who, event_id, type_id=GENERAL, waitlist=False, at=None):
    return registrations.register(store, who, event_id, waitlist, at, HOLD, type_id)


def test_every_event_has_its_first_type_made_from_it(store, clock, make_event):
    event = make_event(price=1500)
    (first,) = _types(store, event.id).values()
    assert (first.id, first.name, first.price, first.cap, first.position) == (
        GENERAL, "General admission", 1500, None, 0)
    assert store.read(lambda tx: tx.ticket_types.of_event(event.id)) == []  # nothing written for it yet


def test_a_capped_type_and_the_event_bound_seats_at_once(store, clock, make_event):
    event = make_event(capacity=3)
    _, vip = ticket_types.create(store, "olga", event.id, {"name": "VIP", "price": 0, "cap": 1}, clock.now)
    assert list(_types(store, event.id)) == [GENERAL, vip.id]  # the first is written first
    assert _buy(store, "a", event.id, vip.id, at=clock.now).status == CONFIRMED
    with pytest.raises(errors.TicketTypeSoldOut):
        _buy(store, "b", event.id, vip.id, waitlist=True, at=clock.now)  # no waiting for one type
    assert _buy(store, "b", event.id, at=clock.now).status == CONFIRMED
    assert _buy(store, "c", event.id, at=clock.now).status == CONFIRMED
    with pytest.raises(errors.EventFull):
        _buy(store, "d", event.id, vip.id, at=clock.now)
    assert _types(store, event.id)[vip.id].confirmed_count == 1
    assert events.get_event(store, event.id).confirmed_count == 3


def test_a_priced_type_holds_its_seat_at_its_own_price(store, clock, make_event, provider):
    event = make_event(capacity=5, price=0)
    _, gala = ticket_types.create(store, "olga", event.id, {"name": "Gala", "price": 2500, "cap": 2},
                                  clock.now)
    held = _buy(store, "a", event.id, gala.id, at=clock.now)
    assert held.status == PENDING_PAYMENT and held.ticket_type_id == gala.id
    assert store.read(lambda tx: tx.payments.get(held.id)).amount == 2500
    assert _types(store, event.id)[gala.id].held_count == 1
    registrations.cancel(store, "a", held.id, clock.now, HOLD)  # the hold given back: the type's too
    assert _types(store, event.id)[gala.id].taken == 0
    assert _buy(store, "b", event.id, at=clock.now).status == CONFIRMED  # the first type is still free


def test_a_type_is_sold_only_in_its_window_and_never_after_the_start(store, clock, make_event):
    event = make_event()
    hour, two_days = clock.now + timedelta(hours=1), clock.now + timedelta(days=2)
    _, early = ticket_types.create(store, "olga", event.id, {"name": "Early", "sales_end": hour, "price": 0},
                                clock.now)
    _, later = ticket_types.create(store, "olga", event.id, {"name": "Door", "sales_start": two_days},
                                clock.now)
    with pytest.raises(errors.NotOnSale):
        _buy(store, "a", event.id, later.id, at=clock.now)
    with pytest.raises(errors.NotOnSale):
        _buy(store, "a", event.id, early.id, at=clock.now + timedelta(hours=2))
    assert _buy(store, "a", event.id, early.id, at=clock.now).status == CONFIRMED
    with pytest.raises(errors.Invalid) as refused:
        after_start = event.starts_at + timedelta(hours=1)
        ticket_types.create(store, "olga", event.id, {"name": "Late", "price": 0, "sales_end": after_start},
                            clock.now)
    assert refused.value.field == "sales_end"


def test_the_waitlist_is_the_events_and_the_promoted_get_the_type_they_waited_for(store, clock, make_event):
    event = make_event(capacity=2)
    _, vip = ticket_types.create(store, "olga", event.id, {"name": "VIP", "price": 0, "cap": 1}, clock.now)
    a = _buy(store, "a", event.id, vip.id, at=clock.now)
    b = _buy(store, "b", event.id, at=clock.now)
    c = _buy(store, "c", event.id, vip.id, waitlist=True, at=clock.now + timedelta(seconds=1))
    d = _buy(store, "d", event.id, waitlist=True, at=clock.now + timedelta(seconds=2))
    assert (c.status, d.status) == (WAITLISTED, WAITLISTED)
    registrations.cancel(store, "b", b.id, clock.now, HOLD)  # a general seat: VIP is still taken up
    statuses = {r.user_id: r.status for r in store.read(lambda tx: tx.registrations.active(event.id))}
    assert statuses == {"a": CONFIRMED, "c": WAITLISTED, "d": CONFIRMED}  # c waits on, d is seated
    registrations.cancel(store, "a", a.id, clock.now, HOLD)  # now a VIP seat
    promoted = next(r for r in store.read(lambda tx: tx.registrations.active(event.id)) if r.user_id == "c")
    assert (promoted.status, promoted.ticket_type_id) == (CONFIRMED, vip.id)
    assert _types(store, event.id)[vip.id].confirmed_count == 1


def test_a_cap_set_later_starts_from_the_tickets_taken_and_never_goes_below(store, clock, make_event):
    event = make_event(capacity=10)
    for who in ("a", "b"):
        _buy(store, who, event.id, at=clock.now)
    with pytest.raises(errors.Invalid) as refused:
        ticket_types.update(store, "olga", event.id, GENERAL, {"cap": 1}, clock.now)
    assert refused.value.field == "cap"
    _, capped = ticket_types.update(store, "olga", event.id, GENERAL, {"cap": 2}, clock.now)
    assert capped.confirmed_count == 2
    with pytest.raises(errors.TicketTypeSoldOut):
        _buy(store, "c", event.id, at=clock.now)


def test_the_first_types_price_is_the_events(store, clock, make_event):
    event = make_event(price=1000)
    ticket_types.update(store, "olga", event.id, GENERAL, {"price": 1200, "name": "Standard"}, clock.now)
    assert events.get_event(store, event.id).price == 1200
    first = _types(store, event.id)[GENERAL]
    assert (first.name, first.price) == ("Standard", 1200)


def test_only_a_type_nobody_took_can_go_and_only_its_organizer_changes_types(store, clock, make_event):
    event = make_event()
    _, sold = ticket_types.create(store, "olga", event.id, {"name": "Sold", "price": 0}, clock.now)
    _, spare = ticket_types.create(store, "olga", event.id, {"name": "Spare", "price": 0}, clock.now)
    _buy(store, "a", event.id, sold.id, at=clock.now)
    with pytest.raises(errors.Forbidden):
        ticket_types.delete(store, "mallory", event.id, spare.id, clock.now)
    with pytest.raises(errors.Forbidden):
        ticket_types.update(store, "mallory", event.id, spare.id, {"price": 1}, clock.now)
    with pytest.raises(errors.TicketTypeSold):
        ticket_types.delete(store, "olga", event.id, sold.id, clock.now)
    with pytest.raises(errors.TicketTypeSold):
        ticket_types.delete(store, "olga", event.id, GENERAL, clock.now)
    ticket_types.delete(store, "olga", event.id, spare.id, clock.now)
    assert list(_types(store, event.id)) == [GENERAL, sold.id]
    with pytest.raises(errors.NotFound):
        _buy(store, "b", event.id, spare.id, at=clock.now)


def test_cancelling_the_event_leaves_nothing_taken_of_any_type(store, clock, make_event):
    event = make_event(capacity=5)
    _, vip = ticket_types.create(store, "olga", event.id, {"name": "VIP", "price": 0, "cap": 2}, clock.now)
    _buy(store, "a", event.id, vip.id, at=clock.now)
    events.cancel_event(store, "olga", event.id, clock.now)
    assert _types(store, event.id)[vip.id].taken == 0


def test_300_buyers_race_for_a_capped_type_and_the_last_seats(any_store):
    """Both bounds under contention, on each store: 40 seats, a type capped at 15 that two thirds
    of the buyers want; the counts on the type and the event match the tickets exactly."""
    store = any_store
    event_id = rush_event(store, 40)
    _, vip = ticket_types.create(store, "organizer", event_id, {"name": "VIP", "price": 0, "cap": 15}, NOW)
    wants = [vip.id if i % 3 else GENERAL for i in range(300)]
    results = race(300, lambda i: registrations.register(store, f"u{i}", event_id, False, NOW, HOLD,
                                                          wants[i]))
    outcomes = Counter(r if isinstance(r, str) else (r.ticket_type_id, r.status) for r in results)
    statuses, event = counts(store, event_id)
    assert outcomes[(vip.id, CONFIRMED)] == 15 == _types(store, event_id)[vip.id].confirmed_count
    assert statuses[CONFIRMED] == 40 == event.confirmed_count  # never more than the seats
    assert outcomes[(GENERAL, CONFIRMED)] == 25
    assert outcomes["ticket_type_sold_out"] + outcomes["event_full"] == 260
