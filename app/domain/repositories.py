"""The repositories a rule reads and writes through, one per aggregate, all inside one
`Transaction` (the unit of work, app/domain/ports.py). Adding a query touches one of them.

A write that breaks a uniqueness rule raises the matching `Conflict` kind (EmailTaken,
UsernameTaken, AlreadyRegistered, AlreadyReviewed)."""

from __future__ import annotations

import abc
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from app.domain.catalog import Category
from app.domain.models import (
    Credentials,
    Event,
    EventStatus,
    LoginAttempts,
    Notification,
    Order,
    Page,
    Payment,
    PaymentStatus,
    Registration,
    RegistrationStatus,
    Review,
    User,
    WindowCounter,
)
from app.domain.offers import PromoCode, Question, TicketType
from app.domain.roles import Invitation, Member
from app.domain.taste import ItemTaste, Norms, PersonTaste

if TYPE_CHECKING:  # the aggregate's module needs the unit of work, which needs these
    from app.domain.seats import Seats


@dataclass(frozen=True)
class EventQuery:
    starts_from: datetime
    starts_to: datetime | None = None
    text: str | None = None
    location: str | None = None
    organizer_id: str | None = None
    exclude_organizer_id: str | None = None
    public_only: bool = True  # False: unlisted ones too (an organizer's own list)
    limit: int = 20
    cursor: str | None = None
    status: EventStatus = EventStatus.SCHEDULED
    category: Category | None = None
    tag: str | None = None  # normalised (app/domain/catalog.py)
    latest_first: bool = False  # past and cancelled events: the most recent first


class Users(abc.ABC):
    @abc.abstractmethod
    def get(self, user_id: str) -> User | None: ...
    @abc.abstractmethod
    def by_username(self, username: str) -> User | None:
        """The person with this username, whatever its case."""
    @abc.abstractmethod
    def by_email(self, email: str) -> User | None:
        """The person with this email, whatever its case."""
    @abc.abstractmethod
    def add(self, user: User) -> None: ...
    @abc.abstractmethod
    def update(self, user: User) -> None:
        """A new email is its local sign-in email too (`EmailTaken` when another has it)."""
    @abc.abstractmethod
    def delete(self, user_id: str) -> None:
        """The profile and its local credentials; its email and username are free again."""
    @abc.abstractmethod
    def add_credentials(self, credentials: Credentials) -> None:
        """A local sign-in identity, written with its profile; `EmailTaken` when the email has one."""


class Events(abc.ABC):
    @abc.abstractmethod
    def get(self, event_id: str) -> Event | None:
        """The whole event: its seat counts are exact (on a store that spreads them over
        counters, every counter is read, so a writer of any of them waits for, or restarts, this
        transaction)."""

    @abc.abstractmethod
    def seats(self, event_id: str, of: Registration | None = None) -> Seats | None:
        """The event's seats where a rule takes or gives one back: those of the counter `of`
        was seated on (its seat goes back there), or, for none or a registration without a seat,
        of a counter with a free seat (the whole event's when every counter is full). A store
        with one counter per event hands out the whole event."""

    @abc.abstractmethod
    def seats_of(self, event: Event) -> Seats:
        """The seats of an event read whole (`get`), for a rule that changes the whole event (a
        capacity raise promotes the waitlist); written back with `update(seats.event)`."""

    @abc.abstractmethod
    def put_seats(self, seats: Seats) -> None:
        """Write back what a rule changed through `seats` (that counter, and the event when
        more than its counts changed)."""

    @abc.abstractmethod
    def add(self, event: Event) -> None: ...
    @abc.abstractmethod
    def update(self, event: Event) -> None: ...
    @abc.abstractmethod
    def search(self, query: EventQuery) -> Page[Event]: ...
    @abc.abstractmethod
    def brief(self, event_ids: list[str]) -> dict[str, Event]:
        """These events by id, for a list: seat counts may lag behind on a store that spreads
        them over counters (never for a rule that takes a seat)."""


class Registrations(abc.ABC):
    @abc.abstractmethod
    def get(self, registration_id: str) -> Registration | None: ...
    @abc.abstractmethod
    def active_of(self, event_id: str, user_id: str) -> Registration | None: ...
    @abc.abstractmethod
    def by_ticket(self, event_id: str, ticket_code: str) -> Registration | None: ...
    @abc.abstractmethod
    def first_waitlisted(self, event_id: str, count: int) -> list[Registration]:
        """The `count` longest-waiting waitlisted registrations, first come first served."""
    @abc.abstractmethod
    def active(self, event_id: str) -> list[Registration]: ...
    @abc.abstractmethod
    def add(self, registration: Registration) -> None: ...
    @abc.abstractmethod
    def update(self, registration: Registration) -> None: ...
    @abc.abstractmethod
    def of_event(self, event_id: str, limit: int, cursor: str | None) -> Page[Registration]: ...
    @abc.abstractmethod
    def of_user(self, user_id: str, limit: int, cursor: str | None) -> Page[Registration]: ...
    @abc.abstractmethod
    def of_order(self, order_id: str) -> list[Registration]:
        """The tickets of an order in the order they were asked for (`ids.order_ticket_id`)."""
    @abc.abstractmethod
    def expired_holds(self, now: datetime, limit: int) -> list[Registration]:
        """Up to `limit` registrations still `pending_payment` whose hold ended at or before `now`,
        the longest expired first."""


class TicketTypes(abc.ABC):
    """An event's ticket types. An event none were written for has the one made from it
    (app/domain/ticket_types.py, `of_event`)."""

    @abc.abstractmethod
    def of_event(self, event_id: str) -> list[TicketType]:
        """Those written for the event, in their order."""
    @abc.abstractmethod
    def get(self, event_id: str, type_id: str) -> TicketType | None: ...
    @abc.abstractmethod
    def put(self, ticket_type: TicketType) -> None:
        """Write the type, new or changed."""
    @abc.abstractmethod
    def delete(self, event_id: str, type_id: str) -> None: ...
    @abc.abstractmethod
    def sold_any(self, event_id: str, type_id: str) -> bool:
        """Whether any registration, in any state, is of this type."""


class PromoCodes(abc.ABC):
    """An event's promo and access codes, by their upper-case code."""

    @abc.abstractmethod
    def of_event(self, event_id: str) -> list[PromoCode]: ...
    @abc.abstractmethod
    def get(self, event_id: str, code: str) -> PromoCode | None: ...
    @abc.abstractmethod
    def put(self, promo: PromoCode) -> None:
        """Write the code, new or changed."""
    @abc.abstractmethod
    def delete(self, event_id: str, code: str) -> None: ...


class Questions(abc.ABC):
    """What an event asks its buyers, in their order."""

    @abc.abstractmethod
    def of_event(self, event_id: str) -> list[Question]: ...
    @abc.abstractmethod
    def put(self, question: Question) -> None: ...
    @abc.abstractmethod
    def delete(self, event_id: str, question_id: str) -> None: ...


class Orders(abc.ABC):
    """Orders of several tickets; written once, when placed (their tickets carry their state)."""

    @abc.abstractmethod
    def get(self, order_id: str) -> Order | None: ...
    @abc.abstractmethod
    def add(self, order: Order) -> None: ...
    @abc.abstractmethod
    def of_user(self, user_id: str, limit: int, cursor: str | None) -> Page[Order]:
        """The buyer's, newest first."""


class Team(abc.ABC):
    """Who helps run each event (app/domain/roles.py), and the places offered by mail."""

    @abc.abstractmethod
    def member(self, event_id: str, user_id: str) -> Member | None: ...
    @abc.abstractmethod
    def members(self, event_id: str) -> list[Member]:
        """The event's team, in the order they joined (tens, not thousands)."""
    @abc.abstractmethod
    def memberships(self, user_id: str, limit: int, cursor: str | None) -> Page[Member]:
        """The teams the person is on, the newest first."""
    @abc.abstractmethod
    def put_member(self, member: Member) -> None: ...
    @abc.abstractmethod
    def remove_member(self, event_id: str, user_id: str) -> None: ...
    @abc.abstractmethod
    def invitation(self, invitation_id: str) -> Invitation | None: ...
    @abc.abstractmethod
    def invitations(self, event_id: str) -> list[Invitation]:
        """Those not taken yet, the oldest first."""
    @abc.abstractmethod
    def put_invitation(self, invitation: Invitation) -> None: ...
    @abc.abstractmethod
    def delete_invitation(self, invitation_id: str) -> None: ...


class Payments(abc.ABC):
    """One per registration of a paid event, with its id."""

    @abc.abstractmethod
    def get(self, payment_id: str) -> Payment | None: ...
    @abc.abstractmethod
    def put(self, payment: Payment) -> None: ...
    @abc.abstractmethod
    def of_event(self, event_id: str, statuses: tuple[PaymentStatus, ...]) -> list[Payment]:
        """The payments of an event in one of `statuses` (an event's refunds when it is
        cancelled: a few thousand at most)."""


class Reviews(abc.ABC):
    @abc.abstractmethod
    def get(self, event_id: str, user_id: str) -> Review | None: ...
    @abc.abstractmethod
    def add(self, review: Review) -> None: ...
    @abc.abstractmethod
    def of_event(self, event_id: str, limit: int, cursor: str | None) -> Page[Review]: ...
    @abc.abstractmethod
    def sign_as(self, event_id: str, user_id: str, username: str) -> None:
        """Show the review as written by `username` (its author's account was deleted)."""


class Notifications(abc.ABC):
    @abc.abstractmethod
    def add(self, notification: Notification) -> bool:
        """Store it unless one with this id exists (ids are deterministic); True if stored."""
    @abc.abstractmethod
    def get(self, notification_id: str) -> Notification | None: ...
    @abc.abstractmethod
    def update(self, notification: Notification) -> None: ...
    @abc.abstractmethod
    def mark_all_read(self, user_id: str, when: datetime, limit: int) -> int:
        """Mark at most `limit` of the person's unread notifications read; how many it marked."""
    @abc.abstractmethod
    def page(self, user_id: str, unread_only: bool, limit: int,
             cursor: str | None) -> Page[Notification]:
        """Newest first."""
    @abc.abstractmethod
    def after(self, user_id: str | None, position: str | None,
              limit: int) -> list[tuple[str, Notification]]:
        """Notifications of `user_id` (None: of everyone) stored after stream `position` (None or
        "0": from the first), oldest first, each with its own position. Positions follow the
        order of storing, not `created_at`, and are opaque to callers."""
    @abc.abstractmethod
    def stream_position(self, user_id: str | None, resume_from: str | None) -> str:
        """Where a live stream starts: `resume_from` when it is a position this store handed out
        to the user ("0": from the first), else after the newest stored notification (of
        `user_id`; None: of everyone). Anything else a client sends (a huge number, text,
        another store's position) means "from now"."""


class LiveStreams(abc.ABC):
    """Open live streams, counted across workers and instances for the per-person cap."""

    @abc.abstractmethod
    def count_open(self, user_id: str, now: datetime) -> int:
        """Streams of this person open at `now`; those past their end are forgotten (a worker
        that died did not close its own)."""
    @abc.abstractmethod
    def open(self, stream_id: str, user_id: str, until: datetime) -> None: ...
    @abc.abstractmethod
    def close(self, stream_id: str) -> None: ...


@dataclass(frozen=True)
class Attendance:
    """One registration as the recommender's rebuild learns from it."""

    user_id: str
    event_id: str
    status: RegistrationStatus
    checked_in: bool
    registered_at: datetime


class Tastes(abc.ABC):
    """The recommender's records (app/domain/taste.py), and the bulk reads of its full rebuild,
    which streams everything since a time (never on a request's path)."""

    @abc.abstractmethod
    def items(self, event_ids: list[str], whole: bool = True) -> dict[str, ItemTaste]:
        """By id; `whole=False` may leave `co` and `similar` empty (ranking a candidate reads
        neither, and they are most of a record)."""
    @abc.abstractmethod
    def put_items(self, items: list[ItemTaste]) -> None: ...
    @abc.abstractmethod
    def drop_items(self, starts_before: datetime) -> int:
        """Forget the events that start before this (at most a few hundred a call); how many."""
    @abc.abstractmethod
    def nearest(self, item: ItemTaste, limit: int) -> list[str]:
        """The events whose content is nearest `item`'s, nearest first (not itself): the rebuild's
        list, or a vector search where the store has one."""
    @abc.abstractmethod
    def person(self, user_id: str) -> PersonTaste | None: ...
    @abc.abstractmethod
    def put_person(self, person: PersonTaste) -> None: ...
    @abc.abstractmethod
    def forget_person(self, user_id: str) -> None: ...
    @abc.abstractmethod
    def every_person(self) -> Iterator[PersonTaste]: ...
    @abc.abstractmethod
    def popular(self) -> dict[str, list[str]]:
        """Popular lists by `taste.popular_key`, most popular first."""
    @abc.abstractmethod
    def put_popular(self, lists: dict[str, list[str]]) -> None: ...
    @abc.abstractmethod
    def norms(self) -> Norms | None:
        """The platform's check-in rate and sales curves (app/domain/turnout.py)."""
    @abc.abstractmethod
    def put_norms(self, norms: Norms) -> None: ...
    @abc.abstractmethod
    def events_since(self, since: datetime) -> Iterator[Event]:
        """Every event starting at or after `since`, in any state."""
    @abc.abstractmethod
    def attendance_since(self, since: datetime) -> Iterator[Attendance]:
        """Every registration to an event starting at or after `since`."""
    @abc.abstractmethod
    def ratings_since(self, since: datetime) -> Iterator[Review]:
        """Every review written at or after `since`."""
    @abc.abstractmethod
    def people(self) -> Iterator[User]: ...


class Inbox(abc.ABC):
    """Message handling: a handler's effect and the record that it was applied commit together."""

    @abc.abstractmethod
    def mark_processed(self, subscription: str, message_id: str, when: datetime,
                       occurred_at: datetime | None = None) -> bool:
        """Record that `subscription` applied `message_id` (and when the message's change
        happened, for measuring bus lag); False if it already had."""
    @abc.abstractmethod
    def was_processed(self, subscription: str, message_id: str) -> bool: ...


class SignInAttempts(abc.ABC):
    """The lockout rule's records, shared by every worker and instance."""

    @abc.abstractmethod
    def get(self, key: str) -> LoginAttempts | None: ...
    @abc.abstractmethod
    def put(self, record: LoginAttempts) -> None: ...
    @abc.abstractmethod
    def delete(self, key: str) -> None: ...


class Counters(abc.ABC):
    """Counters of limits and quotas (a key is a hash or an id, never what a stranger typed)."""

    @abc.abstractmethod
    def get(self, key: str) -> WindowCounter | None: ...
    @abc.abstractmethod
    def put(self, counter: WindowCounter) -> None: ...
