"""Seat accounting. Runs only inside the transaction that changes a registration, so the
counts on the event are never behind the registrations (docs/invariants.md, 1-3)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from app.domain import messages as m
from app.domain.models import CONFIRMED, Event, Registration
from app.domain.ports import Transaction


def promote_waitlist(tx: Transaction, event: Event, waiting: list[Registration], actor_id: str,
                     now: datetime) -> list[Registration]:
    """Confirm the longest-waiting registrations into the free seats of `event` (mutated)."""
    promoted = []
    for registration in waiting[: event.seats_left]:
        confirmed = replace(registration, status=CONFIRMED, updated_at=now)
        tx.update_registration(confirmed)
        event.confirmed_count += 1
        event.waitlist_count -= 1
        promoted.append(confirmed)
        tx.emit(m.new_message(m.REGISTRATION_PROMOTED, actor_id, now, event_id=event.id,
                              registration_id=confirmed.id, user_id=confirmed.user_id,
                              organizer_id=event.organizer_id, title=event.title,
                              seats_left=event.seats_left))
    return promoted
