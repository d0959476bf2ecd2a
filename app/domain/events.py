"""Events: creation, changes, cancellation, the attendee list and check-in."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from app.domain import messages as m
from app.domain.errors import Conflict, Forbidden, Invalid, NotFound
from app.domain.models import (
    CANCELLED,
    CONFIRMED,
    SCHEDULED,
    Event,
    Page,
    Registration,
    new_id,
)
from app.domain.seats import promote_waitlist
from app.store.base import EventQuery, Store, Transaction


def load_event(tx: Transaction, event_id: str) -> Event:
    event = tx.get_event(event_id)
    if event is None:
        raise NotFound("no such event")
    return event


def _owned_event(tx: Transaction, actor_id: str, event_id: str) -> Event:
    event = load_event(tx, event_id)
    if event.organizer_id != actor_id:
        raise Forbidden("only the organizer may do this")
    return event


def _check_times(event: Event, now: datetime, starts_changed: bool) -> None:
    if starts_changed and event.starts_at <= now:
        raise Invalid("starts_at", "must be in the future")
    if event.ends_at is not None and event.ends_at <= event.starts_at:
        raise Invalid("ends_at", "must be after starts_at")


def create_event(store: Store, organizer_id: str, fields: dict[str, Any], now: datetime) -> Event:
    event = Event(id=new_id(), organizer_id=organizer_id, status=SCHEDULED, created_at=now,
                  updated_at=now, **fields)
    _check_times(event, now, starts_changed=True)

    def apply(tx: Transaction) -> Event:
        tx.insert_event(event)
        tx.emit(m.new_message(m.EVENT_CREATED, organizer_id, now, event_id=event.id,
                              organizer_id=organizer_id, title=event.title, capacity=event.capacity))
        return event

    return store.run(apply)


def get_event(store: Store, event_id: str) -> Event:
    return store.read(lambda tx: load_event(tx, event_id))


def list_events(store: Store, query: EventQuery) -> Page:
    return store.read(lambda tx: tx.list_events(query))


def update_event(store: Store, actor_id: str, event_id: str, changes: dict[str, Any],
                 now: datetime) -> Event:
    def apply(tx: Transaction) -> Event:
        event = _owned_event(tx, actor_id, event_id)
        if event.status != SCHEDULED:
            raise Conflict("a cancelled event cannot be changed", "event_cancelled")
        changed = {k: v for k, v in changes.items() if getattr(event, k) != v}
        updated = replace(event, **changed, updated_at=now)
        _check_times(updated, now, starts_changed="starts_at" in changed)
        if updated.capacity < event.confirmed_count:
            raise Conflict(f"{event.confirmed_count} seats are already confirmed; capacity cannot "
                           "go below that", "capacity_below_confirmed")
        # Reads first (Firestore transactions need every read before the first write).
        waiting = tx.first_waitlisted(event_id, updated.seats_left) if updated.seats_left else []
        promoted = promote_waitlist(tx, updated, waiting, actor_id, now)
        tx.update_event(updated)
        if changed:
            tx.emit(m.new_message(m.EVENT_UPDATED, actor_id, now, event_id=event_id,
                                  organizer_id=event.organizer_id, title=updated.title,
                                  fields=sorted(changed), promoted=len(promoted)))
        return updated

    return store.run(apply)


def cancel_event(store: Store, actor_id: str, event_id: str, now: datetime) -> Event:
    """Cancel the event and every active registration; attendees are told through the bus."""

    def apply(tx: Transaction) -> Event:
        event = _owned_event(tx, actor_id, event_id)
        if event.status == CANCELLED:
            raise Conflict("the event is already cancelled", "event_cancelled")
        registrations = tx.active_registrations(event_id)
        for registration in registrations:
            tx.update_registration(replace(registration, status=CANCELLED, updated_at=now))
        cancelled = replace(event, status=CANCELLED, confirmed_count=0, waitlist_count=0,
                            updated_at=now)
        tx.update_event(cancelled)
        tx.emit(m.new_message(m.EVENT_CANCELLED, actor_id, now, event_id=event_id,
                              organizer_id=event.organizer_id, title=event.title,
                              attendee_ids=[r.user_id for r in registrations]))
        return cancelled

    return store.run(apply)


def list_attendees(store: Store, actor_id: str, event_id: str, limit: int,
                   cursor: str | None) -> Page:
    def read(tx: Transaction) -> Page:
        _owned_event(tx, actor_id, event_id)
        return tx.list_event_registrations(event_id, limit, cursor)

    return store.read(read)


def check_in(store: Store, actor_id: str, event_id: str, ticket_code: str,
             now: datetime) -> Registration:
    def apply(tx: Transaction) -> Registration:
        event = _owned_event(tx, actor_id, event_id)
        registration = tx.get_registration_by_ticket(event_id, ticket_code)
        if registration is None:
            raise NotFound("no ticket with this code for this event")
        if event.status != SCHEDULED:
            raise Conflict("the event is cancelled", "event_cancelled")
        if registration.status != CONFIRMED:
            raise Conflict(f"this ticket is {registration.status}", "ticket_not_valid")
        if registration.checked_in_at is not None:
            raise Conflict("this ticket was already used", "already_checked_in")
        used = replace(registration, checked_in_at=now, updated_at=now)
        tx.update_registration(used)
        tx.emit(m.new_message(m.TICKET_CHECKED_IN, actor_id, now, event_id=event_id,
                              registration_id=used.id, user_id=used.user_id))
        return used

    return store.run(apply)
