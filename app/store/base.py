"""The store interface every adapter implements, and the contract tests hold them to.

Business rules run inside `Store.run(fn)`: `fn` receives a `Transaction`, and everything it reads
and writes commits together or not at all, including the messages it emits (the outbox). An
adapter may call `fn` more than once when the backend asks for a retry (Firestore does), so `fn`
must not have side effects outside the transaction, and must read before it writes.
"""

from __future__ import annotations

import abc
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from app.domain.models import (
    Credentials,
    Event,
    LoginAttempts,
    Message,
    Notification,
    Page,
    Registration,
    Review,
    User,
)

T = TypeVar("T")


@dataclass(frozen=True)
class EventQuery:
    starts_from: datetime
    starts_to: datetime | None = None
    text: str | None = None
    location: str | None = None
    organizer_id: str | None = None
    exclude_organizer_id: str | None = None
    limit: int = 20
    cursor: str | None = None


@dataclass(frozen=True)
class OutboxItem:
    message: Message
    attempts: int


class Transaction(abc.ABC):
    """Reads and writes inside one store transaction. Writes raise `Conflict` on a uniqueness clash."""

    # users
    @abc.abstractmethod
    def get_user(self, user_id: str) -> User | None: ...
    @abc.abstractmethod
    def insert_user(self, user: User) -> None: ...
    @abc.abstractmethod
    def update_user(self, user: User) -> None: ...
    @abc.abstractmethod
    def insert_credentials(self, credentials: Credentials) -> None:
        """Local sign-in identity; `Conflict` email_taken when the email has one already."""

    # events
    @abc.abstractmethod
    def get_event(self, event_id: str) -> Event | None: ...
    @abc.abstractmethod
    def insert_event(self, event: Event) -> None: ...
    @abc.abstractmethod
    def update_event(self, event: Event) -> None: ...
    @abc.abstractmethod
    def list_events(self, query: EventQuery) -> Page: ...

    # registrations
    @abc.abstractmethod
    def get_registration(self, registration_id: str) -> Registration | None: ...
    @abc.abstractmethod
    def get_active_registration(self, event_id: str, user_id: str) -> Registration | None: ...
    @abc.abstractmethod
    def get_registration_by_ticket(self, event_id: str, ticket_code: str) -> Registration | None: ...
    @abc.abstractmethod
    def first_waitlisted(self, event_id: str, count: int) -> list[Registration]:
        """The `count` longest-waiting waitlisted registrations, first come first served."""
    @abc.abstractmethod
    def active_registrations(self, event_id: str) -> list[Registration]: ...
    @abc.abstractmethod
    def insert_registration(self, registration: Registration) -> None: ...
    @abc.abstractmethod
    def update_registration(self, registration: Registration) -> None: ...
    @abc.abstractmethod
    def list_event_registrations(self, event_id: str, limit: int, cursor: str | None) -> Page: ...
    @abc.abstractmethod
    def list_user_registrations(self, user_id: str, limit: int, cursor: str | None) -> Page: ...

    # reviews
    @abc.abstractmethod
    def get_review(self, event_id: str, user_id: str) -> Review | None: ...
    @abc.abstractmethod
    def insert_review(self, review: Review) -> None: ...
    @abc.abstractmethod
    def list_reviews(self, event_id: str, limit: int, cursor: str | None) -> Page: ...

    # notifications
    @abc.abstractmethod
    def insert_notification(self, notification: Notification) -> bool:
        """Store it unless one with this id exists (ids are deterministic); True if stored."""
    @abc.abstractmethod
    def get_notification(self, notification_id: str) -> Notification | None: ...
    @abc.abstractmethod
    def update_notification(self, notification: Notification) -> None: ...
    @abc.abstractmethod
    def mark_all_read(self, user_id: str, when: datetime) -> int: ...
    @abc.abstractmethod
    def list_notifications(self, user_id: str, unread_only: bool, limit: int,
                           cursor: str | None) -> Page:
        """Newest first."""
    @abc.abstractmethod
    def notifications_after(self, user_id: str, position: str | None,
                            limit: int) -> list[tuple[str, Notification]]:
        """Notifications stored after stream `position` (None or "0": from the first), oldest
        first, each with its own position. Positions follow the order of storing, not
        `created_at`, and are opaque to callers."""
    @abc.abstractmethod
    def stream_position(self, user_id: str) -> str:
        """The position of the newest stored notification of the user (a stream starts here)."""

    # message handling: a handler's effect and the record that it was applied commit together
    @abc.abstractmethod
    def mark_processed(self, subscription: str, message_id: str, when: datetime,
                       occurred_at: datetime | None = None) -> bool:
        """Record that `subscription` applied `message_id` (and when the message's change
        happened, for measuring bus lag); False if it already had."""
    @abc.abstractmethod
    def was_processed(self, subscription: str, message_id: str) -> bool: ...

    # sign-in attempts (the lockout rule), shared by every worker and instance
    @abc.abstractmethod
    def get_login_attempts(self, key: str) -> LoginAttempts | None: ...
    @abc.abstractmethod
    def put_login_attempts(self, record: LoginAttempts) -> None: ...
    @abc.abstractmethod
    def delete_login_attempts(self, key: str) -> None: ...

    # outbox: the message commits with the change that caused it (docs/invariants.md, 8)
    @abc.abstractmethod
    def emit(self, message: Message) -> None: ...


class Store(abc.ABC):
    @abc.abstractmethod
    def run(self, fn: Callable[[Transaction], T]) -> T:
        """Run `fn` in a write transaction and commit."""

    @abc.abstractmethod
    def read(self, fn: Callable[[Transaction], T]) -> T:
        """Run `fn` against one consistent snapshot; it must not write."""

    # local auth keeps its password hashes here (written with the profile, in `run`)
    @abc.abstractmethod
    def get_credentials(self, email: str) -> Credentials | None: ...
    @abc.abstractmethod
    def update_password_hash(self, user_id: str, password_hash: str) -> None: ...
    @abc.abstractmethod
    def delete_credentials(self, user_id: str) -> None: ...

    # outbox relay: claim-before-send, so several workers never send one message twice at once
    @abc.abstractmethod
    def claim_outbox(self, now: datetime, lease_seconds: float, limit: int) -> list[OutboxItem]: ...
    @abc.abstractmethod
    def complete_outbox(self, message_ids: list[str]) -> None: ...
    @abc.abstractmethod
    def release_outbox(self, message_id: str, retry_at: datetime) -> None: ...

    @abc.abstractmethod
    def ping(self) -> None:
        """Raise if the store cannot answer (readiness)."""

    def close(self) -> None:  # noqa: B027 - optional for adapters without resources
        pass
