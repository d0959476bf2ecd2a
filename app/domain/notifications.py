"""Per-user notifications: what the bus handlers store, and what their owners read and stream."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime

from app.domain import messages as m
from app.domain.errors import Forbidden, NotFound, TooManyStreams
from app.domain.ids import digest
from app.domain.message_data import (
    AboutEvent,
    AboutPayment,
    EventCancelled,
    EventUpdated,
    HoldReleased,
    MessageData,
    PaymentPaid,
    RegistrationCancelled,
    RegistrationChanged,
    RegistrationPromoted,
    ReviewCreated,
    TeamChanged,
    TicketCheckedIn,
    UserRegistered,
)
from app.domain.models import PENDING_PAYMENT, Message, Notification, Page
from app.domain.payment_rules import HoldEnd
from app.domain.ports import Store, Transaction

STREAM_BATCH = 100  # notifications a live stream sends per read
FEED_BATCH = 500  # notifications of everyone a worker's watcher reads per poll


def notification_id(*parts: str) -> str:
    """Deterministic: the same message for the same person is one notification, however often
    it is delivered."""
    return digest(*parts)[:24]


def notify(tx: Transaction, message: Message, user_id: str, kind: str, text: str,
           event_id: str | None = None, key: str | None = None, *, quiet: bool = False) -> None:
    """Dated when the thing happened, not when the bus got round to it: a notification is the
    same record whenever, and however often, its message is delivered. A `quiet` one is stored
    read: it updates open pages through the live stream without asking for attention."""
    tx.notifications.add(Notification(
        id=notification_id(key or message.id, kind, user_id), user_id=user_id, kind=kind,
        message=text, event_id=event_id, created_at=message.occurred_at,
        read_at=message.occurred_at if quiet else None))


def _name(tx: Transaction, user_id: str) -> str:
    user = tx.users.get(user_id)
    return user.username if user else "Someone"


def welcome(tx: Transaction, message: Message, data: MessageData) -> None:
    """users-registration: greet the new person."""
    if isinstance(data, UserRegistered):
        notify(tx, message, data.user_id, "welcome",
               f"Welcome, {data.first_name or data.username}! Find an event to join.")


# What the organizer is told about their event: (kind, text after the person's name)
_TO_ORGANIZER = {
    m.REGISTRATION_CONFIRMED: ("attendee_registered", "registered for"),
    m.REGISTRATION_WAITLISTED: ("attendee_waitlisted", "joined the waitlist of"),
    m.REGISTRATION_CANCELLED: ("attendee_cancelled", "cancelled their registration for"),
    m.REVIEW_CREATED: ("review_received", "reviewed"),
}

# What a buyer is told about their payment: (kind, text)
_TO_BUYER = {
    m.REGISTRATION_HELD: ("seat_held", "Your seat at {title} is held until {until}: complete the payment"),
    m.REGISTRATION_RELEASED: ("hold_released", "Your held seat at {title} was released{reason}"),
    m.PAYMENT_PAID: ("payment_received", "Payment received: your ticket to {title} is confirmed"),
    m.PAYMENT_REFUNDED: ("refunded", "Your payment for {title} was refunded"),
}
_REASONS: dict[str, str] = {HoldEnd.DECLINED: ": the payment was declined",
            HoldEnd.NOT_PAID_IN_TIME: ": no payment arrived in time",
            HoldEnd.CHECKOUT_UNAVAILABLE: ": the payment service could not be reached"}

# Changes to how an event looks or is found, not to what attendees hold: nobody is told.
_UNSEEN_BY_ATTENDEES = frozenset({"image", "image_alt", "visibility", "ticket_types"})


def _until(when: datetime | None) -> str:
    """A hold's end as people read it in a notification: `14:30 UTC`."""
    return f"{when.astimezone(UTC):%H:%M} UTC" if when is not None else "soon"


def notify_people(tx: Transaction, message: Message, data: MessageData) -> None:
    """user-notifications: store a notification for each person the message concerns."""
    if not isinstance(data, AboutEvent):
        return
    kind, event_id, title = message.type, data.event_id, data.title
    if isinstance(data, TicketCheckedIn):
        notify(tx, message, data.user_id, "checked_in",
               f"Your ticket to {title} was checked in: enjoy the event", event_id)
        _tell_the_door(tx, message, data)
    elif isinstance(data, TeamChanged):
        if kind == m.TEAM_JOINED:
            notify(tx, message, data.organizer_id, "team_joined",
                   f"{_name(tx, data.user_id)} joined the team of {title} ({data.role})", event_id)
        else:  # their open pages of the event learn it through their stream
            notify(tx, message, data.user_id, "team_left", f"You are no longer on the team of {title}",
                   event_id)
    elif isinstance(data, RegistrationChanged | RegistrationCancelled | ReviewCreated):
        if kind == m.REGISTRATION_CONFIRMED:
            notify(tx, message, data.user_id, "ticket_confirmed", f"Your ticket to {title} is confirmed",
                   event_id)
        if kind in _TO_ORGANIZER and data.organizer_id != data.user_id:  # not told of their own action
            label, verb = _TO_ORGANIZER[kind]
            text = f"{_name(tx, data.user_id)} {verb} {title}"
            if isinstance(data, ReviewCreated):
                text += f" ({data.rating}/5)"
            notify(tx, message, data.organizer_id, label, text, event_id)
        if isinstance(data, RegistrationChanged) and kind == m.REGISTRATION_HELD:
            _tell_buyer(tx, message, data.user_id, kind, title, event_id, _until(data.hold_expires_at))
    elif isinstance(data, RegistrationPromoted):
        text = f"A seat opened up: your place at {title} is confirmed"
        if data.status == PENDING_PAYMENT:
            text = f"A seat opened up at {title}: pay by {_until(data.hold_expires_at)} to keep it"
        notify(tx, message, data.user_id, "promoted", text, event_id)
    elif isinstance(data, AboutPayment) and kind in _TO_BUYER:
        reason = _REASONS.get(data.reason, "") if isinstance(data, HoldReleased) else ""
        _tell_buyer(tx, message, data.user_id, kind, title, event_id, "", reason)
        if isinstance(data, PaymentPaid):
            notify(tx, message, data.organizer_id, "ticket_sold",
                   f"{_name(tx, data.user_id)} bought a ticket to {title}", event_id)
    elif isinstance(data, EventCancelled):
        for user_id in data.attendee_ids:
            notify(tx, message, user_id, "event_cancelled", f"{title} was cancelled", event_id)
    elif isinstance(data, EventUpdated):
        if set(data.fields) <= _UNSEEN_BY_ATTENDEES:
            return
        text = f"{title} was changed ({', '.join(data.fields) or 'details'})"
        if "starts_at" in data.fields:
            text = (f"{title} now starts {data.starts_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC; a paid "
                    "ticket bought before the change can be cancelled with a refund until the start")
        for registration in tx.registrations.active(event_id):
            notify(tx, message, registration.user_id, "event_updated", text, event_id)


def _tell_the_door(tx: Transaction, message: Message, data: TicketCheckedIn) -> None:
    """Every device at the door (the organizer's and the team's) sees a check-in at once: a quiet
    notification each, which their live stream carries to the open attendee list."""
    ticket = tx.registrations.get(data.registration_id)
    name = (ticket.attendee_name if ticket else "") or _name(tx, data.user_id)
    for person in [data.organizer_id, *(mb.user_id for mb in tx.team.members(data.event_id))]:
        notify(tx, message, person, "door_checked_in", f"{name} was checked in at {data.title}",
               data.event_id, quiet=True)


def _tell_buyer(tx: Transaction, message: Message, user_id: str, kind: str, title: str,
                event_id: str, until: str, reason: str = "") -> None:
    label, template = _TO_BUYER[kind]
    notify(tx, message, user_id, label, template.format(title=title, until=until, reason=reason),
           event_id)


def list_for(store: Store, user_id: str, unread_only: bool, limit: int,
             cursor: str | None) -> Page[Notification]:
    return store.read(lambda tx: tx.notifications.page(user_id, unread_only, limit, cursor))


def mark_read(store: Store, user_id: str, notification_id: str, now: datetime) -> Notification:
    def apply(tx: Transaction) -> Notification:
        notification = tx.notifications.get(notification_id)
        if notification is None:
            raise NotFound("no such notification")
        if notification.user_id != user_id:
            raise Forbidden("this notification is someone else's")
        if notification.read_at is None:
            notification = replace(notification, read_at=now)
            tx.notifications.update(notification)
        return notification

    return store.run(apply)


# Notifications one transaction marks read: Firestore takes at most 500 writes in one commit.
MARK_BATCH = 400


def mark_all_read(store: Store, user_id: str, now: datetime) -> int:
    """Every unread notification of the person, in as many transactions as it takes."""
    marked = 0
    while True:
        batch = store.run(lambda tx: tx.notifications.mark_all_read(user_id, now, MARK_BATCH))
        marked += batch
        if batch < MARK_BATCH:
            return marked


def stream_start(store: Store, user_id: str, resume_from: str | None) -> str:
    """Where a live stream begins: where the client left off, else after what is stored now."""
    return store.read(lambda tx: tx.notifications.stream_position(user_id, resume_from))


def stored_after(store: Store, user_id: str, position: str) -> list[tuple[str, Notification]]:
    """What a live stream sends next, oldest first, each with its position."""
    return store.read(lambda tx: tx.notifications.after(user_id, position, STREAM_BATCH))


def open_stream(store: Store, user_id: str, stream_id: str, now: datetime, until: datetime,
                per_person: int) -> None:
    """Count a live stream against its person's cap (across every worker), or refuse it. One
    person's forty tabs must not take the connections everybody else's streams need."""
    def apply(tx: Transaction) -> None:
        if tx.live_streams.count_open(user_id, now) >= per_person:
            # every open stream ends by its own `until`, at most this far away
            raise TooManyStreams("{open} notification streams are already open for this account; close one",
                                 math.ceil((until - now).total_seconds()), open=per_person)
        tx.live_streams.open(stream_id, user_id, until)

    store.run(apply)


def close_stream(store: Store, stream_id: str) -> None:
    store.run(lambda tx: tx.live_streams.close(stream_id))


def feed_position(store: Store) -> str:
    """After the newest notification of anyone: where a worker's watcher starts."""
    return store.read(lambda tx: tx.notifications.stream_position(None, None))


def recipients_after(store: Store, position: str) -> tuple[str, set[str], bool]:
    """Who was notified after `position` (of everyone): the position after them, their ids, and
    whether more remain to read."""
    batch = store.read(lambda tx: tx.notifications.after(None, position, FEED_BATCH))
    if not batch:
        return position, set(), False
    return batch[-1][0], {n.user_id for _, n in batch}, len(batch) == FEED_BATCH
