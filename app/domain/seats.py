"""Seat accounting. Runs only inside the transaction that changes a registration, so the
counts on the event are never behind the registrations (docs/invariants.md, 1-3).

A seat is taken by a confirmed ticket or by a hold (`pending_payment`) while its buyer pays for
a paid event; both count against capacity.

A large event spreads its seats over several counters (shards) so that a ticket rush on
Firestore does not queue on one document (docs/scaling.md). A seat is taken from a counter with
room and given back to the counter it came from; each counter never passes its own share of the
capacity, and the counters add up to the event's counts, so the event is never oversold and is
full exactly when every counter is. The rules here see one counter as "the event" (see
`Transaction.get_event_seats`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from app.domain import messages as m
from app.domain.errors import EventFull
from app.domain.models import (
    CONFIRMED,
    OPEN,
    PENDING_PAYMENT,
    WAITLISTED,
    Event,
    Payment,
    Registration,
    RegistrationStatus,
)
from app.domain.ports import Transaction
from app.timeutil import rfc3339

SEATS_PER_SHARD = 50  # an event gets one seat counter per this many seats ...
MAX_SHARDS = 20  # ... up to this many (docs/scaling.md has the model behind both)


def shards_for(capacity: int) -> int:
    """Seat counters for an event of this capacity: one for a small event."""
    return max(1, min(MAX_SHARDS, -(-capacity // SEATS_PER_SHARD)))


def _guard(event: Event) -> None:
    """Invariant 1, held here whatever store runs the rules (SQLite also has a trigger, Firestore
    nothing else): a seat is only ever taken from a counter that has one free."""
    if event.seats_left <= 0:
        raise EventFull()


def take_seat(tx: Transaction, event: Event, registration: Registration, now: datetime,
              hold_for: timedelta, shard: int = 0) -> Registration:
    """Give `registration` one of the free seats of `event` (mutated; counter `shard`): confirmed
    on a free event; on a paid one held until `now + hold_for` with an open payment."""
    _guard(event)
    if not event.paid:
        event.confirmed_count += 1
        return replace(registration, status=CONFIRMED, hold_expires_at=None, seat_shard=shard,
                       updated_at=now)
    event.held_count += 1
    expires = min(now + hold_for, event.starts_at)  # sales close at the start (invariant 11)
    tx.put_payment(Payment(id=registration.id, event_id=event.id, user_id=registration.user_id,
                           amount=event.price, currency=event.currency, status=OPEN,
                           expires_at=expires, created_at=now, updated_at=now,
                           refund_hours_before=event.refund_hours_before))
    return replace(registration, status=PENDING_PAYMENT, hold_expires_at=expires, seat_shard=shard,
                   updated_at=now)


def confirm_paid(event: Event, registration: Registration, shard: int, now: datetime) -> Registration:
    """A paid seat becomes a confirmed ticket: the hold it had, or (a payment that came after its
    hold ended) a free seat of counter `shard`, which the ticket then names."""
    free_seat(event, registration)
    _guard(event)
    event.confirmed_count += 1
    return replace(registration, status=CONFIRMED, seat_shard=shard, updated_at=now)


def free_seat(event: Event, registration: Registration) -> None:
    """Take `registration` (active) out of the counts of `event` (mutated)."""
    if registration.status == CONFIRMED:
        event.confirmed_count -= 1
    elif registration.status == PENDING_PAYMENT:
        event.held_count -= 1
    elif registration.status == WAITLISTED:
        event.waitlist_count -= 1


def promote_waitlist(tx: Transaction, event: Event, waiting: list[Registration], actor_id: str,
                     now: datetime, hold_for: timedelta, shard: int = 0) -> list[Registration]:
    """Give the free seats of `event` (mutated; counter `shard`) to the longest-waiting
    registrations: confirmed, or on a paid event held for them to pay. Nobody once the event has
    started: sales close at the start on every path (invariant 11)."""
    if now >= event.starts_at:
        return []
    promoted = []
    for registration in waiting[: event.seats_left]:
        event.waitlist_count -= 1
        seated = take_seat(tx, event, registration, now, hold_for, shard)
        tx.update_registration(seated)
        promoted.append(seated)
        tx.emit(m.new_message(m.REGISTRATION_PROMOTED, actor_id, now, event_id=event.id,
                              registration_id=seated.id, user_id=seated.user_id,
                              organizer_id=event.organizer_id, title=event.title,
                              seats_left=event.seats_left, status=seated.status,
                              hold_expires_at=rfc3339(seated.hold_expires_at)))
    return promoted


def vacate(tx: Transaction, event: Event, registration: Registration, actor_id: str,
           now: datetime, hold_for: timedelta) -> Registration:
    """Cancel an active registration; a seat it took (confirmed or held) goes to the first
    waitlisted person, once, on the same counter. Writes the registration and `event` (mutated:
    the registration's counter, see `Transaction.get_event_seats`)."""
    seated = registration.status in (CONFIRMED, PENDING_PAYMENT)
    waiting = tx.first_waitlisted(event.id, 1) if seated else []  # reads before writes
    free_seat(event, registration)
    cancelled = replace(registration, status=RegistrationStatus.CANCELLED, updated_at=now)
    tx.update_registration(cancelled)
    promote_waitlist(tx, event, waiting, actor_id, now, hold_for, registration.seat_shard)
    event.updated_at = now
    tx.update_event(event)
    return cancelled
