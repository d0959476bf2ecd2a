"""The seat aggregate (app/domain/seats.py), called directly: whatever calls it, on whatever
store, a seat is never taken from a counter that has none free (invariant 1), and every seat it
gives records the counter it came from."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from app.domain.errors import EventFull
from app.domain.ids import new_id, new_ticket_code
from app.domain.models import CONFIRMED, PENDING_PAYMENT, WAITLISTED, Registration
from app.domain.seats import SeatCounter, Seats


def _waiting(event_id: str, now) -> Registration:
    return Registration(id=new_id(), event_id=event_id, user_id="u", status=WAITLISTED,
                        ticket_code=new_ticket_code(), created_at=now, updated_at=now)


@pytest.mark.parametrize("price", [0, 1_000])
def test_no_seat_is_taken_from_a_full_counter(store, clock, make_event, price):
    seats = Seats(replace(make_event(capacity=1, price=price), confirmed_count=1), SeatCounter(3))
    with pytest.raises(EventFull):
        store.run(lambda tx: seats.take(tx, _waiting(seats.event.id, clock.now), clock.now,
                                        clock.now - clock.now))
    assert (seats.event.confirmed_count, seats.event.held_count) == (1, 0)  # nothing counted


@pytest.mark.parametrize("price", [0, 1_000])
def test_a_seat_records_the_counter_it_came_from(store, clock, make_event, price):
    seats = Seats(make_event(capacity=2, price=price), SeatCounter(3))
    taken = store.run(lambda tx: seats.take(tx, _waiting(seats.event.id, clock.now), clock.now,
                                            timedelta(minutes=15)))
    assert (taken.seat_counter, seats.left) == (3, 1)
    assert taken.status == (PENDING_PAYMENT if price else CONFIRMED)


def test_a_late_payment_confirms_only_into_a_free_seat(make_event, clock):
    full = Seats(replace(make_event(capacity=1, price=1_000), confirmed_count=1), SeatCounter(1))
    late = replace(_waiting(full.event.id, clock.now), status="cancelled")
    with pytest.raises(EventFull):
        full.confirm_paid(late, clock.now)
    held = replace(_waiting(full.event.id, clock.now), status=PENDING_PAYMENT, seat_counter=1)
    full_of_holds = Seats(replace(full.event, confirmed_count=0, held_count=1), SeatCounter(1))
    confirmed = full_of_holds.confirm_paid(held, clock.now)  # its own hold: a seat
    assert (confirmed.status, full_of_holds.event.confirmed_count, full_of_holds.event.held_count) == (
        "confirmed", 1, 0)


def test_sold_out_asks_the_other_counters_only_when_this_one_is_full(make_event):
    asked = []

    def elsewhere() -> int:
        asked.append(1)
        return 2

    free_here = Seats(make_event(capacity=2), SeatCounter(0), elsewhere)
    assert not free_here.sold_out and asked == []
    full_here = Seats(replace(make_event(capacity=1), confirmed_count=1), SeatCounter(0), elsewhere)
    assert not full_here.sold_out and asked == [1]  # two seats free on another counter
    assert Seats(replace(make_event(capacity=1), confirmed_count=1), None).sold_out
