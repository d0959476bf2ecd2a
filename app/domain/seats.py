"""Seat accounting. Runs only inside the transaction that changes a registration, so the
counts on the event are never behind the registrations (docs/invariants.md, 1-3).

A seat is taken by a confirmed ticket or by a hold (`pending_payment`) while its buyer pays for
a paid event; both count against capacity."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from app.domain import messages as m
from app.domain.models import (
    CANCELLED,
    CONFIRMED,
    OPEN,
    PENDING_PAYMENT,
    WAITLISTED,
    Event,
    Payment,
    Registration,
)
from app.domain.ports import Transaction
from app.timeutil import rfc3339


def take_seat(tx: Transaction, event: Event, registration: Registration, now: datetime,
              hold_for: timedelta) -> Registration:
    """Give `registration` one of the free seats of `event` (mutated): confirmed on a free event;
    on a paid one held until `now + hold_for` with an open payment for the event's price."""
    if not event.paid:
        event.confirmed_count += 1
        return replace(registration, status=CONFIRMED, hold_expires_at=None, updated_at=now)
    event.held_count += 1
    expires = now + hold_for
    tx.put_payment(Payment(id=registration.id, event_id=event.id, user_id=registration.user_id,
                           amount=event.price, currency=event.currency, status=OPEN,
                           expires_at=expires, created_at=now, updated_at=now))
    return replace(registration, status=PENDING_PAYMENT, hold_expires_at=expires, updated_at=now)


def free_seat(event: Event, registration: Registration) -> None:
    """Take `registration` (active) out of the counts of `event` (mutated)."""
    if registration.status == CONFIRMED:
        event.confirmed_count -= 1
    elif registration.status == PENDING_PAYMENT:
        event.held_count -= 1
    elif registration.status == WAITLISTED:
        event.waitlist_count -= 1


def promote_waitlist(tx: Transaction, event: Event, waiting: list[Registration], actor_id: str,
                     now: datetime, hold_for: timedelta) -> list[Registration]:
    """Give the free seats of `event` (mutated) to the longest-waiting registrations: confirmed,
    or on a paid event held for them to pay."""
    promoted = []
    for registration in waiting[: event.seats_left]:
        event.waitlist_count -= 1
        seated = take_seat(tx, event, registration, now, hold_for)
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
    waitlisted person, once. Writes the registration and `event` (mutated)."""
    seated = registration.status in (CONFIRMED, PENDING_PAYMENT)
    waiting = tx.first_waitlisted(event.id, 1) if seated else []  # reads before writes
    free_seat(event, registration)
    cancelled = replace(registration, status=CANCELLED, updated_at=now)
    tx.update_registration(cancelled)
    promote_waitlist(tx, event, waiting, actor_id, now, hold_for)
    event.updated_at = now
    tx.update_event(event)
    return cancelled
