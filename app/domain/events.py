"""Events: creation, search, changes, cancellation and the attendee list."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from app.domain import messages as m
from app.domain import payment_rules, quotas
from app.domain.catalog import Category
from app.domain.currencies import chargeable
from app.domain.errors import (
    CapacityBelowConfirmed,
    CurrencyLocked,
    EventCancelled,
    EventStarted,
    Forbidden,
    Invalid,
    NotFound,
    Unauthorized,
)
from app.domain.ids import new_id
from app.domain.models import (
    CONFIRMED,
    MAX_PER_ORDER,
    OPEN,
    PAID,
    PENDING_PAYMENT,
    SCHEDULED,
    Event,
    EventStatus,
    Page,
    PaymentStatus,
    Registration,
    RegistrationStatus,
)
from app.domain.ports import Store, Transaction
from app.domain.repositories import EventQuery
from app.domain.roles import Role, Task, as_seen_by, may, role_of
from app.domain.seats import Seats, close_all
from app.domain.sentences import N_
from app.timeutil import rfc3339


def load_event(tx: Transaction, event_id: str) -> Event:
    event = tx.events.get(event_id)
    if event is None:
        raise NotFound("no such event")
    return event


def load_seats(tx: Transaction, event_id: str, registration: Registration | None = None) -> Seats:
    """The seats of the counter `registration` was seated on (where its seat goes back), or, for
    a registration without a seat or none, of a counter with a free seat (`Events.seats`)."""
    seated = registration is not None and registration.status in (CONFIRMED, PENDING_PAYMENT)
    found = tx.events.seats(event_id, registration if seated else None)
    if found is None:
        raise NotFound("no such event")
    return found


# why a role is refused a task, by the task
_REFUSED = {
    Task.OWN: N_("only the organizer may do this"),
    Task.MANAGE: N_("only the organizer and the event's managers may do this"),
    Task.DOOR: N_("only the organizer and the event's team may do this"),
}


def acting(tx: Transaction, actor_id: str, event_id: str, task: Task) -> tuple[Event, Role]:
    """The event and the actor's role on it, if that role may do `task` (app/domain/roles.py)."""
    event = load_event(tx, event_id)
    role = role_of(tx, event, actor_id)
    if role is None or not may(role, task):
        raise Forbidden(_REFUSED[task])
    return event, role


def event_for(tx: Transaction, actor_id: str, event_id: str, task: Task) -> Event:
    return acting(tx, actor_id, event_id, task)[0]


def _check_terms(event: Event) -> None:
    """The event's own rules, whoever calls (the API's schemas state them too)."""
    if event.capacity < 1:
        raise Invalid("capacity", "must be at least 1")
    if event.price < 0:
        raise Invalid("price", "must not be negative")
    if not 1 <= event.max_per_order <= MAX_PER_ORDER:
        raise Invalid("max_per_order", "must be 1 to {limit}", limit=MAX_PER_ORDER)
    if not chargeable(event.currency):
        raise Invalid("currency", "must be the ISO 4217 code of a currency tickets can be paid in")


def _check_times(event: Event, now: datetime, starts_changed: bool) -> None:
    if starts_changed and event.starts_at <= now:
        raise Invalid("starts_at", "must be in the future")
    if event.ends_at is not None and event.ends_at <= event.starts_at:
        raise Invalid("ends_at", "must be after starts_at")


def create_event(store: Store, organizer_id: str, fields: dict[str, Any], now: datetime) -> Event:
    event = Event(id=new_id(), organizer_id=organizer_id, status=SCHEDULED, created_at=now,
                  updated_at=now, **fields)
    _check_terms(event)
    _check_times(event, now, starts_changed=True)

    def apply(tx: Transaction) -> Event:
        quotas.take(tx, quotas.EVENTS_PER_BURST, organizer_id, now)
        quotas.take(tx, quotas.EVENTS_PER_DAY, organizer_id, now)
        tx.events.add(event)
        tx.emit(m.new_message(m.EVENT_CREATED, organizer_id, now, event_id=event.id,
                              organizer_id=organizer_id, title=event.title, capacity=event.capacity))
        return event

    return store.run(apply)


def get_event(store: Store, event_id: str) -> Event:
    return store.read(lambda tx: load_event(tx, event_id))


class Timing(StrEnum):
    """Which of an organizer's own events: to come (everyone's lists), or, on their "My events"
    page, those that started (most recent first) and those they cancelled."""

    UPCOMING = "upcoming"
    PAST = "past"
    CANCELLED = "cancelled"


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class EventSearch:
    """What a person looks for. `organizer` may be "me"; without `starts_from`, upcoming events."""

    starts_from: datetime | None = None
    starts_to: datetime | None = None
    text: str | None = None
    location: str | None = None
    organizer: str | None = None
    exclude_mine: bool = False
    limit: int = 20
    cursor: str | None = None
    when: Timing = Timing.UPCOMING
    category: Category | None = None
    tag: str | None = None  # normalised


def _organizer(search: EventSearch, viewer_id: str | None) -> str | None:
    return viewer_id if search.organizer == "me" else search.organizer


def personal(search: EventSearch, viewer_id: str | None) -> bool:
    """Whether the answer depends on who asks (their own list, with their unlisted events, or
    everyone's but theirs); otherwise it is the same for every reader, visitors included."""
    return viewer_id is not None and (search.exclude_mine or _organizer(search, viewer_id) == viewer_id)


def search_events(store: Store, viewer_id: str | None, search: EventSearch, now: datetime) -> Page[Event]:
    """Scheduled events in start order, from now unless told otherwise. Public ones, and the
    viewer's own unlisted ones in their own list (`organizer=me`); anyone (`viewer_id` None)
    may search, but "me" needs a person."""
    if viewer_id is None and (search.organizer == "me" or search.exclude_mine):
        raise Unauthorized("sign in to list your own events")
    organizer = _organizer(search, viewer_id)
    query = EventQuery(starts_from=search.starts_from or now, starts_to=search.starts_to,
                       text=search.text, location=search.location, organizer_id=organizer,
                       exclude_organizer_id=viewer_id if search.exclude_mine else None,
                       public_only=viewer_id is None or organizer != viewer_id,
                       limit=search.limit, cursor=search.cursor, category=search.category, tag=search.tag)
    if search.when != Timing.UPCOMING:
        if search.organizer != "me":
            raise Invalid("when", "past and cancelled events are listed for their organizer: organizer=me")
        ended = min(search.starts_to or now, now) if search.when == Timing.PAST else search.starts_to
        query = replace(query, starts_from=search.starts_from or EPOCH, starts_to=ended, latest_first=True,
                        status=EventStatus.CANCELLED if search.when == Timing.CANCELLED else SCHEDULED)
    return store.read(lambda tx: tx.events.search(query))


RECENT_PAST = timedelta(days=365)  # what insight and forecasts learn from an organizer's history


def recent_past(tx: Transaction, organizer_id: str, now: datetime, limit: int) -> list[Event]:
    """The organizer's events that started within RECENT_PAST and were not cancelled, the latest
    first (unlisted ones too)."""
    query = EventQuery(starts_from=now - RECENT_PAST, starts_to=now, organizer_id=organizer_id,
                       public_only=False, latest_first=True, limit=limit)
    return tx.events.search(query).items


_TICK = timedelta(microseconds=1)  # the clock's finest step


def next_change(shown: list[Event], now: datetime) -> datetime | None:
    """The next instant at which what is shown of these events changes by the clock alone: a
    start, when sales close, and the instant after it, when an upcoming list (events starting
    from now on) loses the event. None: the clock changes nothing of them."""
    return min((t for e in shown for t in (e.starts_at, e.starts_at + _TICK) if t > now), default=None)


def update_event(store: Store, actor_id: str, event_id: str, changes: dict[str, Any],
                 now: datetime, hold_for: timedelta) -> Event:
    def apply(tx: Transaction) -> Event:
        event = event_for(tx, actor_id, event_id, Task.MANAGE)
        if event.status != SCHEDULED:
            raise EventCancelled("a cancelled event cannot be changed")
        changed = {k: v for k, v in changes.items() if getattr(event, k) != v}
        if "starts_at" in changed and event.starts_at <= now:
            raise EventStarted()
        if "currency" in changed and (event.paid_count or event.held_count or event.refunded_count):
            raise CurrencyLocked()  # sold tickets, receipts and sales figures are in this one
        updated = replace(event, **changed, updated_at=now)
        if "starts_at" in changed:  # tickets bought before may now be cancelled with a refund
            updated.starts_moved_at = now
        if updated.capacity < event.seats_taken:
            raise CapacityBelowConfirmed("{taken} seats are already taken (confirmed, or held for a "
                                         "payment); capacity cannot go below that", taken=event.seats_taken)
        _check_terms(updated)
        _check_times(updated, now, starts_changed="starts_at" in changed)
        # Reads first (Firestore transactions need every read before the first write).
        free = updated.seats_left
        waiting = tx.registrations.first_waitlisted(event_id, free) if free else []
        seats = tx.events.seats_of(updated)
        seats.read_kinds(tx, {w.type_id for w in waiting})
        promoted = seats.promote(tx, waiting, actor_id, now, hold_for)
        tx.events.update(updated)
        seats.write_kinds(tx)
        if changed:
            tx.emit(m.new_message(m.EVENT_UPDATED, actor_id, now, event_id=event_id,
                                  organizer_id=event.organizer_id, title=updated.title,
                                  fields=sorted(changed), promoted=len(promoted),
                                  starts_at=rfc3339(updated.starts_at)))
        return updated

    return store.run(apply)


def cancel_event(store: Store, actor_id: str, event_id: str, now: datetime) -> Event:
    """Cancel the event and every active registration; attendees are told through the bus.
    Everyone who paid is refunded, whatever the refund policy; unpaid checkouts are closed."""

    def apply(tx: Transaction) -> Event:
        event = event_for(tx, actor_id, event_id, Task.OWN)
        if event.status == EventStatus.CANCELLED:
            raise EventCancelled("the event is already cancelled")
        registrations = tx.registrations.active(event_id)
        # open holds, paid tickets, and the money a holder's own cancellation kept by policy:
        # the organizer cancelled what was paid for, so that is refunded too
        owed = tx.payments.of_event(event_id, (OPEN, PAID))
        kinds = [k for k in tx.ticket_types.of_event(event_id) if k.taken]
        codes = [c for c in tx.promo_codes.of_event(event_id) if c.used]
        for registration in registrations:
            tx.registrations.update(replace(registration, status=RegistrationStatus.CANCELLED,
                                            updated_at=now))
        for payment in owed:
            if payment.status == OPEN:
                payment_rules.close_unpaid(tx, event, payment, actor_id, now, PaymentStatus.CANCELLED)
            elif payment.status == PAID:
                payment_rules.request_refund(tx, event, payment, actor_id, now, payment_rules.EVENT_CANCELLED)
        cancelled = close_all(tx, event, kinds, codes, now)
        tx.emit(m.new_message(m.EVENT_CANCELLED, actor_id, now, event_id=event_id,
                              organizer_id=event.organizer_id, title=event.title,
                              attendee_ids=list(dict.fromkeys(r.user_id for r in registrations))))
        return cancelled

    return store.run(apply)


def list_attendees(store: Store, actor_id: str, event_id: str, limit: int,
                   cursor: str | None) -> Page[Registration]:
    """The event's tickets as the actor's role sees them (the door: names, no emails)."""
    def read(tx: Transaction) -> Page[Registration]:
        _, role = acting(tx, actor_id, event_id, Task.DOOR)
        page = tx.registrations.of_event(event_id, limit, cursor)
        return replace(page, items=[as_seen_by(role, r) for r in page.items])

    return store.read(read)
