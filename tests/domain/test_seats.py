"""The seat rules themselves (app/domain/seats.py): whatever calls them, on whatever store, a
seat is never taken from a counter that has none free (invariant 1)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.domain import seats
from app.domain.errors import EventFull
from app.domain.ids import new_id, new_ticket_code
from app.domain.models import PENDING_PAYMENT, WAITLISTED, Registration


def _waiting(event_id: str, now) -> Registration:
    return Registration(id=new_id(), event_id=event_id, user_id="u", status=WAITLISTED,
                        ticket_code=new_ticket_code(), created_at=now, updated_at=now)


@pytest.mark.parametrize("price", [0, 1_000])
def test_no_seat_is_taken_from_a_full_counter(store, clock, make_event, price):
    event = replace(make_event(capacity=1, price=price), confirmed_count=1)
    with pytest.raises(EventFull):
        store.run(lambda tx: seats.take_seat(tx, event, _waiting(event.id, clock.now), clock.now,
                                             clock.now - clock.now))
    assert (event.confirmed_count, event.held_count) == (1, 0)  # nothing counted


def test_a_late_payment_confirms_only_into_a_free_seat(make_event, clock):
    event = replace(make_event(capacity=1, price=1_000), confirmed_count=1)
    late = replace(_waiting(event.id, clock.now), status="cancelled")
    with pytest.raises(EventFull):
        seats.confirm_paid(event, late, 0, clock.now)
    held = replace(_waiting(event.id, clock.now), status=PENDING_PAYMENT)
    full_of_holds = replace(event, confirmed_count=0, held_count=1)
    confirmed = seats.confirm_paid(full_of_holds, held, 0, clock.now)  # its own hold: a seat
    assert (confirmed.status, full_of_holds.confirmed_count, full_of_holds.held_count) == ("confirmed", 1, 0)
