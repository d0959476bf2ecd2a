"""Ticket types: the kinds of ticket an event sells (early bird, regular, student, VIP), each with
its price, sale window and an optional cap. Every event has its first type, "General admission",
made from the event itself (its price is the event's) until its organizer writes more; then that
one is written first. A capped type's count is held with the event's by the seat aggregate
(app/domain/seats.py), in the transaction that seats or frees a ticket (invariant 1, per type)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import datetime
from typing import Any

from app.domain import messages as m
from app.domain.errors import EventCancelled, EventStarted, Invalid, NotFound, TicketTypeSold
from app.domain.events import event_for, load_event
from app.domain.ids import new_id
from app.domain.models import (
    CONFIRMED,
    GENERAL,
    PENDING_PAYMENT,
    Event,
    EventStatus,
)
from app.domain.offers import TicketType, general_type, priced
from app.domain.ports import Store, Transaction
from app.domain.registrations import every_ticket
from app.domain.roles import Task
from app.timeutil import rfc3339


def of_event(tx: Transaction, event: Event) -> list[TicketType]:
    """The event's types in their order: those written, else its first alone."""
    return [priced(kind, event) for kind in tx.ticket_types.of_event(event.id) or [general_type(event)]]


def listed(store: Store, event_id: str) -> tuple[Event, list[TicketType]]:
    """The event's types, all of them (its organizer's view, and reports)."""
    return store.read(lambda tx: (event := load_event(tx, event_id), of_event(tx, event)))



def changeable(tx: Transaction, actor_id: str, event_id: str, now: datetime) -> Event:
    """The organizer's event while its offer may change: scheduled and not started."""
    event = event_for(tx, actor_id, event_id, Task.MANAGE)
    if event.status == EventStatus.CANCELLED:
        raise EventCancelled("a cancelled event cannot be changed")
    if now >= event.starts_at:
        raise EventStarted("the event has started; its ticket types can no longer change")
    return event


def _taken(tx: Transaction, event_id: str, type_id: str) -> Counter[str]:
    """How many of a type are confirmed and held now, counted from its tickets (an organizer's
    edit: rare, so reading the event's tickets is fine)."""
    return Counter(str(r.status) for r in every_ticket(tx, event_id)
                   if r.type_id == type_id and r.status in (CONFIRMED, PENDING_PAYMENT))


def _checked(tx: Transaction, event: Event, kind: TicketType, capped_before: bool) -> TicketType:
    """The type's own rules, whoever calls; a cap set on a type that had none starts from the
    tickets of it taken already."""
    if kind.price < 0:
        raise Invalid("price", "must not be negative")
    if kind.sales_start is not None and kind.sales_end is not None and kind.sales_start >= kind.sales_end:
        raise Invalid("sales_end", "must be after sales_start")
    if kind.sales_end is not None and kind.sales_end > event.starts_at:
        raise Invalid("sales_end", "must not be after the event's start: sales close then")
    if kind.max_per_order is not None and kind.max_per_order < kind.min_per_order:
        raise Invalid("max_per_order", "must not be below min_per_order")
    cap = kind.cap
    if cap is None:
        return replace(kind, confirmed_count=0, held_count=0)
    if not capped_before:
        taken = _taken(tx, event.id, kind.id)
        kind = replace(kind, confirmed_count=taken[CONFIRMED], held_count=taken[PENDING_PAYMENT])
    if cap < kind.taken:
        raise Invalid("cap", "must not be below the {taken} tickets of this type taken", taken=kind.taken)
    return kind


def _announce(tx: Transaction, actor_id: str, event: Event, now: datetime) -> None:
    tx.emit(m.new_message(m.EVENT_UPDATED, actor_id, now, event_id=event.id, organizer_id=event.organizer_id,
                          title=event.title, fields=["ticket_types"], promoted=0,
                          starts_at=rfc3339(event.starts_at)))


def create(store: Store, actor_id: str, event_id: str, fields: dict[str, Any],
           now: datetime) -> tuple[Event, TicketType]:
    """A new type, after the others; the event's first is written first if it was not yet. With
    the event it is of (what is left of the type is the event's to say)."""
    def apply(tx: Transaction) -> tuple[Event, TicketType]:
        event = changeable(tx, actor_id, event_id, now)
        written = tx.ticket_types.of_event(event_id)
        if not written:
            written = [general_type(event)]
            tx.ticket_types.put(written[0])
        kind = TicketType(id=new_id(), event_id=event_id, position=max(t.position for t in written) + 1,
                          created_at=now, updated_at=now, **{"price": 0, **fields})
        kind = _checked(tx, event, kind, capped_before=True)
        tx.ticket_types.put(kind)
        _announce(tx, actor_id, event, now)
        return event, kind

    return store.run(apply)


def update(store: Store, actor_id: str, event_id: str, type_id: str, changes: dict[str, Any],
           now: datetime) -> tuple[Event, TicketType]:
    """Change a type; the first type's price is the event's, changed with it. With the event as
    it stands after."""
    def apply(tx: Transaction) -> tuple[Event, TicketType]:
        event = changeable(tx, actor_id, event_id, now)
        kind = next((t for t in of_event(tx, event) if t.id == type_id), None)
        if kind is None:
            raise NotFound("no such ticket type")
        changed = _checked(tx, event, replace(kind, **changes, updated_at=now), kind.cap is not None)
        if type_id == GENERAL and changed.price != event.price:
            event = replace(event, price=changed.price, updated_at=now)
            tx.events.update(event)
        tx.ticket_types.put(changed)
        _announce(tx, actor_id, event, now)
        return event, changed

    return store.run(apply)


def delete(store: Store, actor_id: str, event_id: str, type_id: str, now: datetime) -> None:
    """Remove a type nobody took a ticket of; the first stays (close its sales instead)."""
    def apply(tx: Transaction) -> None:
        event = changeable(tx, actor_id, event_id, now)
        if type_id == GENERAL:
            raise TicketTypeSold("the first ticket type stays: close its sales instead")
        if tx.ticket_types.get(event_id, type_id) is None:
            raise NotFound("no such ticket type")
        if tx.ticket_types.sold_any(event_id, type_id):
            raise TicketTypeSold()
        tx.ticket_types.delete(event_id, type_id)
        _announce(tx, actor_id, event, now)

    store.run(apply)
