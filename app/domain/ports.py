"""The domain's ports: the small interfaces it needs from the outside world. Adapters (app/store,
app/auth, app/bus) implement them and import this module; the domain never imports an adapter.

- `Store` / `Transaction`: where the rules read and write, all or nothing.
- `CredentialStore`: local sign-in's password hashes (only the local identity adapter uses it).
- `Outbox`: the relay's view of messages committed with their change.
- `IdentityProvider`: who people are (local argon2 + JWT, or Firebase Authentication).
- `Bus`, `PushTransport`, `AuditSink`: where committed messages go.
- `PaymentProvider`: where buyers pay and refunds are made (a test provider, or Stripe).
- `Clock`: the time every rule decides on, injected so tests move it.

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
from typing import Any, Protocol, TypeVar

from app.domain.models import (
    Credentials,
    Event,
    LoginAttempts,
    Message,
    NewIdentity,
    Notification,
    Page,
    Payment,
    Registration,
    Review,
    TokenClaims,
    TokenGrant,
    User,
    WindowCounter,
)

T = TypeVar("T")

Clock = Callable[[], datetime]


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


class Transaction(abc.ABC):
    """Reads and writes inside one store transaction. A write that breaks a uniqueness rule raises
    the matching `Conflict` kind (EmailTaken, UsernameTaken, AlreadyRegistered, AlreadyReviewed)."""

    # users
    @abc.abstractmethod
    def get_user(self, user_id: str) -> User | None: ...
    @abc.abstractmethod
    def insert_user(self, user: User) -> None: ...
    @abc.abstractmethod
    def update_user(self, user: User) -> None: ...
    @abc.abstractmethod
    def insert_credentials(self, credentials: Credentials) -> None:
        """A local sign-in identity, written with its profile; `EmailTaken` when the email has one."""

    # events
    @abc.abstractmethod
    def get_event(self, event_id: str) -> Event | None:
        """The whole event: its seat counts are exact (on a store that spreads them over
        counters, every counter is read, so a writer of any of them waits for, or restarts, this
        transaction)."""

    def get_event_seats(self, event_id: str, shard: int | None) -> tuple[Event, int] | None:
        """The event as one seat counter sees it, for the transactions of a ticket rush: counts
        and capacity are those of counter `shard` (where a seat is given back), or (None) of a
        counter with a free seat, tried in random order; when every counter is full it is the
        whole event. Writing it back writes that counter (and the event only if something else
        changed). Returns the counter's number. A store with one counter per event returns the
        whole event as counter 0."""
        event = self.get_event(event_id)
        return None if event is None else (event, 0)
    @abc.abstractmethod
    def insert_event(self, event: Event) -> None: ...
    @abc.abstractmethod
    def update_event(self, event: Event) -> None: ...
    @abc.abstractmethod
    def list_events(self, query: EventQuery) -> Page[Event]: ...

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
    def list_event_registrations(self, event_id: str, limit: int,
                                 cursor: str | None) -> Page[Registration]: ...
    @abc.abstractmethod
    def list_user_registrations(self, user_id: str, limit: int,
                                cursor: str | None) -> Page[Registration]: ...
    @abc.abstractmethod
    def expired_holds(self, now: datetime, limit: int) -> list[Registration]:
        """Up to `limit` registrations still `pending_payment` whose hold ended at or before `now`,
        the longest expired first."""

    # payments (one per registration of a paid event, with its id)
    @abc.abstractmethod
    def get_payment(self, payment_id: str) -> Payment | None: ...
    @abc.abstractmethod
    def put_payment(self, payment: Payment) -> None: ...
    @abc.abstractmethod
    def event_payments(self, event_id: str, statuses: tuple[str, ...]) -> list[Payment]:
        """The payments of an event in one of `statuses` (an event's refunds when it is
        cancelled: a few thousand at most)."""

    # reviews
    @abc.abstractmethod
    def get_review(self, event_id: str, user_id: str) -> Review | None: ...
    @abc.abstractmethod
    def insert_review(self, review: Review) -> None: ...
    @abc.abstractmethod
    def list_reviews(self, event_id: str, limit: int, cursor: str | None) -> Page[Review]: ...

    # notifications
    @abc.abstractmethod
    def insert_notification(self, notification: Notification) -> bool:
        """Store it unless one with this id exists (ids are deterministic); True if stored."""
    @abc.abstractmethod
    def get_notification(self, notification_id: str) -> Notification | None: ...
    @abc.abstractmethod
    def update_notification(self, notification: Notification) -> None: ...
    @abc.abstractmethod
    def mark_all_read(self, user_id: str, when: datetime, limit: int) -> int:
        """Mark at most `limit` of the person's unread notifications read; how many it marked."""
    @abc.abstractmethod
    def list_notifications(self, user_id: str, unread_only: bool, limit: int,
                           cursor: str | None) -> Page[Notification]:
        """Newest first."""
    @abc.abstractmethod
    def notifications_after(self, user_id: str | None, position: str | None,
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

    # open live streams, counted across workers and instances for the per-person cap
    @abc.abstractmethod
    def live_streams(self, user_id: str, now: datetime) -> int:
        """Streams of this person open at `now`; those past their end are forgotten (a worker
        that died did not close its own)."""
    @abc.abstractmethod
    def open_live_stream(self, stream_id: str, user_id: str, until: datetime) -> None: ...
    @abc.abstractmethod
    def close_live_stream(self, stream_id: str) -> None: ...

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

    # counters of limits and quotas (a key is a hash or an id, never what a stranger typed)
    @abc.abstractmethod
    def get_counter(self, key: str) -> WindowCounter | None: ...
    @abc.abstractmethod
    def put_counter(self, counter: WindowCounter) -> None: ...

    # outbox: the message commits with the change that caused it (docs/invariants.md, 8)
    @abc.abstractmethod
    def emit(self, message: Message) -> None: ...


class Store(abc.ABC):
    """What the rules run on."""

    @abc.abstractmethod
    def run(self, fn: Callable[[Transaction], T]) -> T:
        """Run `fn` in a write transaction and commit."""

    @abc.abstractmethod
    def read(self, fn: Callable[[Transaction], T]) -> T:
        """Run `fn` against one consistent snapshot; it must not write."""

    @abc.abstractmethod
    def ping(self) -> None:
        """Raise if the store cannot answer (readiness)."""

    def close(self) -> None:  # noqa: B027 - optional for adapters without resources
        pass


class CredentialStore(abc.ABC):
    """Local sign-in's password hashes, beside the profiles (written with them, in `Store.run`)."""

    @abc.abstractmethod
    def find(self, email: str) -> Credentials | None:
        """By email, whatever its case."""

    @abc.abstractmethod
    def set_password_hash(self, user_id: str, password_hash: str) -> None: ...

    @abc.abstractmethod
    def delete(self, user_id: str) -> None: ...


@dataclass(frozen=True)
class OutboxItem:
    message: Message
    attempts: int


class Outbox(abc.ABC):
    """The relay's side of the outbox: claim-before-send, so several workers never send one
    message at once, and a claim whose worker died ends with its lease."""

    @abc.abstractmethod
    def claim(self, now: datetime, lease_seconds: float, limit: int) -> list[OutboxItem]:
        """Up to `limit` due messages, oldest first, each leased for `lease_seconds`."""

    @abc.abstractmethod
    def claim_ids(self, message_ids: list[str], now: datetime, lease_seconds: float) -> list[OutboxItem]:
        """These messages, each leased as `claim` does, unless another relay holds or finished it."""

    @abc.abstractmethod
    def complete(self, message_ids: list[str]) -> None:
        """They were published: remove them."""

    @abc.abstractmethod
    def release(self, message_id: str, retry_at: datetime, error: str) -> None:
        """Publishing failed: due again at `retry_at`."""


class IdentityProvider(abc.ABC):
    """Who people are. Identity comes only from a token this provider verified."""

    @abc.abstractmethod
    def create_identity(self, email: str, password: str) -> NewIdentity:
        """A sign-in identity for a new account (see `NewIdentity`); `EmailTaken` if the email is
        taken where the identity lives."""

    @abc.abstractmethod
    def delete_identity(self, user_id: str) -> None:
        """Undo an identity created elsewhere (the profile could not be written)."""

    @abc.abstractmethod
    def login(self, email: str, password: str) -> TokenGrant:
        """Check the password; `WrongCredentials` on any mismatch."""

    @abc.abstractmethod
    def verify(self, token: str) -> TokenClaims:
        """Whose the token is; `Unauthorized` if it is not valid now."""

    @abc.abstractmethod
    def revoke(self, user_id: str) -> datetime:
        """Cut off every token issued to the user so far (and, where the provider has them,
        refresh tokens); return the instant, on the tokens' own clock, before which tokens of
        the user are no longer valid."""

    def close(self) -> None:  # noqa: B027 - optional for adapters without resources
        pass


class PushTransport(Protocol):
    parallel: int  # pushes worth having in flight at once (1: each is CPU in this process)

    def push(self, subscription: str, envelope: dict[str, Any]) -> int:
        """POST the envelope to the subscription's push endpoint; return the HTTP status."""


class Bus(abc.ABC):
    @abc.abstractmethod
    def publish_batch(self, items: list[tuple[str, Message]], timeout: float | None = None) -> None:
        """Hand over (topic, message) pairs, waiting at most `timeout` seconds (None: the bus's
        own limit); raise if any was not accepted by then (the relay tries again later)."""

    def pump(self, transport: PushTransport) -> int:
        """Push what is due to the push endpoints; return how many were acknowledged. Only a
        bus that delivers pushes itself (the local one) has anything to do here: Pub/Sub
        pushes on its own."""
        return 0


@dataclass(frozen=True)
class CheckoutRequest:
    """What a provider needs to open a checkout for one payment."""

    payment_id: str
    amount: int  # minor units of `currency` (ISO 4217)
    currency: str
    description: str
    expires_at: datetime
    success_url: str
    cancel_url: str


@dataclass(frozen=True)
class Checkout:
    checkout_id: str
    url: str


@dataclass(frozen=True)
class PaymentNotice:
    """What a verified provider notification says about one of our payments."""

    notice_id: str  # the provider's event id (for logs and audit)
    payment_id: str
    outcome: str  # PAID, FAILED or EXPIRED (app.domain.models)
    checkout_id: str
    amount: int | None = None  # minor units, as paid
    currency: str | None = None
    provider_payment_id: str | None = None


class PaymentProvider(abc.ABC):
    """Where buyers pay. Every call that creates something at the provider is idempotent: the
    same payment gives the same checkout and at most one refund, however often it is asked."""

    name: str

    @abc.abstractmethod
    def open_checkout(self, request: CheckoutRequest) -> Checkout: ...

    @abc.abstractmethod
    def close_checkout(self, checkout_id: str) -> None:
        """Make an unpaid checkout unpayable; nothing if it is already closed or paid."""

    @abc.abstractmethod
    def refund(self, payment: Payment) -> str:
        """Give the payment's amount back; the refund's id."""

    @abc.abstractmethod
    def read_notice(self, body: bytes, signature: str | None) -> PaymentNotice | None:
        """A notification the provider signed, or `BadSignature` (a replayed, tampered or stale
        one, or one not signed with our secret). None: a kind of notification we do not act on."""


class AuditSink(Protocol):
    def send(self, line: dict[str, Any]) -> None:
        """Deliver one audit line; raise if it was not accepted (the push is then retried)."""
