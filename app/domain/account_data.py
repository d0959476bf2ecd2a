"""What the platform keeps about a person, handed over whole (export) or erased (deletion),
as data-protection law asks (GDPR articles 15, 17 and 20; docs/mail.md, "Your data")."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from app.domain import mailing, registrations
from app.domain import messages as m
from app.domain.errors import (
    AlreadyCancelled,
    HasUpcomingEvents,
    NotFound,
    TicketUsed,
)
from app.domain.letters import LetterKind
from app.domain.message_data import LetterDue
from app.domain.models import (
    ACTIVE_REGISTRATION,
    Event,
    Notification,
    Payment,
    Registration,
    Review,
    User,
    every_item,
)
from app.domain.ports import IdentityProvider, Store, Transaction
from app.domain.repositories import EventQuery
from app.domain.signin import recheck

FORMER_MEMBER = "a former member"  # how a deleted account's reviews and tickets are signed


def name_of(person: User | None) -> str:
    """A person's name as lists of tickets show it; a deleted account's is FORMER_MEMBER."""
    return person.full_name if person is not None else FORMER_MEMBER


def holders_of(tx: Transaction, tickets: list[Registration]) -> dict[str, User | None]:
    """The holders of these tickets by id, each read once (an order's tickets share their buyer);
    None for an account deleted since."""
    return {user_id: tx.users.get(user_id) for user_id in dict.fromkeys(t.user_id for t in tickets)}
_PAGE = 200


@dataclass
class AccountData:
    user: User
    registrations: list[Registration] = field(default_factory=list)
    events: dict[str, Event] = field(default_factory=dict)
    payments: list[Payment] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)


def export(store: Store, user_id: str) -> AccountData:
    """Everything kept about the person, read in one snapshot."""
    def read(tx: Transaction) -> AccountData:
        user = tx.users.get(user_id)
        if user is None:
            raise NotFound("no such user")
        data = AccountData(user, every_item(lambda c: tx.registrations.of_user(user_id, _PAGE, c)))
        for registration in data.registrations:
            event = data.events.get(registration.event_id) or tx.events.get(registration.event_id)
            if event is not None:
                data.events[event.id] = event
            payment = tx.payments.get(registration.id)
            if payment is not None:
                data.payments.append(payment)
        data.reviews = [r for r in (tx.reviews.get(e, user_id) for e in data.events) if r is not None]
        data.notifications = every_item(lambda c: tx.notifications.page(user_id, False, _PAGE, c))
        return data

    return store.read(read)


def delete_account(store: Store, identities: IdentityProvider, user_id: str, password: str, client: str,
                   now: datetime, hold_for: timedelta) -> None:
    """With the password (guesses counted like sign-ins). Refused while the person organizes
    events still to come (cancel them first: their attendees are told and refunded). Their
    tickets are given back as if they cancelled each (refunds by each event's policy, the
    waitlist promoted); reviews stay, signed by a former member; the profile and the sign-in
    identity go, so the email may sign up again. Payments stay (the organizer's books need
    them), tied to an id no account has any more."""
    user = recheck(store, identities, user_id, password, client, now)
    upcoming = store.read(lambda tx: tx.events.search(EventQuery(starts_from=now, organizer_id=user_id,
                                                                 public_only=False, limit=5)))
    if upcoming.items:
        titles = ", ".join(f'"{e.title}"' for e in upcoming.items)
        raise HasUpcomingEvents("cancel the events you organize first: {titles}", titles=titles)
    held = store.read(lambda tx: every_item(lambda c: tx.registrations.of_user(user_id, _PAGE, c)))
    to_come = set(store.read(lambda tx: [r.event_id for r in held if _to_come(tx, r.event_id, now)]))
    for registration in held:  # what has happened stays as it was (an event's turnout, its books)
        if registration.status in ACTIVE_REGISTRATION and registration.event_id in to_come:
            with suppress(AlreadyCancelled, TicketUsed):  # meanwhile, or spent at the door
                registrations.cancel(store, user_id, registration.id, now, hold_for)
    # the identity first: from here on nobody signs in as them (a profile erased while a
    # Firebase identity stayed would be made anew at its next sign-in)
    identities.delete_identity(user_id)
    store.run(lambda tx: _erase(tx, user, [r.event_id for r in held], now))


def _to_come(tx: Transaction, event_id: str, now: datetime) -> bool:
    event = tx.events.get(event_id)
    return event is not None and event.starts_at > now


def _erase(tx: Transaction, user: User, event_ids: list[str], now: datetime) -> None:
    for event_id in set(event_ids):
        if tx.reviews.get(event_id, user.id) is not None:
            tx.reviews.sign_as(event_id, user.id, FORMER_MEMBER)
    tx.users.delete(user.id)
    tx.tastes.forget_person(user.id)  # what the recommender learnt of them (the rebuild forgets the rest)
    cause = m.new_message(m.ACCOUNT_DELETED, user.id, now, user_id=user.id)
    tx.emit(cause)
    mailing.post(tx, LetterDue(kind=LetterKind.ACCOUNT_DELETED, cause_id=cause.id, user_id=user.id,
                               address=user.email, name=user.first_name), now)
