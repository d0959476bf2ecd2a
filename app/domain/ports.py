"""The domain's ports: the small interfaces it needs from the outside world. Adapters (app/store,
app/auth, app/bus) implement them and import this module; the domain never imports an adapter.

- `Store` / `Transaction`: where the rules read and write, all or nothing, through one
  repository per aggregate (app/domain/repositories.py).
- `CredentialStore`: local sign-in's password hashes (only the local identity adapter uses it).
- `Outbox`: the relay's view of messages committed with their change.
- `IdentityProvider`: who people are (local argon2 + JWT, or Firebase Authentication).
- `Bus`, `PushTransport`, `AuditSink`: where committed messages go.
- `PaymentProvider`: where buyers pay and refunds are made (a test provider, or Stripe).
- `FileStore`: where uploaded files live (under instance/, or a Cloud Storage bucket).
- `Mailer`: where letters go (a Maildir under instance/, or an SMTP relay).
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

from app.domain.letters import Letter
from app.domain.models import Credentials, Message, NewIdentity, Payment, TokenClaims, TokenGrant
from app.domain.repositories import (
    Counters,
    Events,
    Inbox,
    LiveStreams,
    Notifications,
    Orders,
    Payments,
    PromoCodes,
    Questions,
    Registrations,
    Reviews,
    SignInAttempts,
    Tastes,
    Team,
    TicketTypes,
    Users,
)

T = TypeVar("T")

Clock = Callable[[], datetime]


class Transaction(abc.ABC):
    """The unit of work: one store transaction, whose repositories a rule reads and writes
    through (app/domain/repositories.py), and the messages it emits, which commit with it."""

    users: Users
    events: Events
    registrations: Registrations
    ticket_types: TicketTypes
    promo_codes: PromoCodes
    questions: Questions
    orders: Orders
    team: Team
    payments: Payments
    reviews: Reviews
    notifications: Notifications
    live_streams: LiveStreams
    inbox: Inbox
    sign_in_attempts: SignInAttempts
    counters: Counters
    tastes: Tastes

    @abc.abstractmethod
    def emit(self, message: Message) -> None:
        """Commit `message` with this transaction's changes (the outbox: docs/invariants.md, 8)."""


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

    def catalog_version(self) -> str | None:
        """A label that changes in the same transaction as anything every reader sees of the
        catalog (an event, its seats and figures, an organizer's name), read cheaply; None when
        this store cannot tell without a write hotspot (then nothing is kept by version)."""
        return None

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
    def set_password(self, user_id: str, password: str) -> None:
        """Replace the password (the rules checked its strength and the person's right to)."""

    def set_email(self, user_id: str, email: str) -> None:  # noqa: B027 - local: nothing to do
        """Sign in with `email` from now on, where the identity lives elsewhere (a local one is
        the profile's email, changed with it: `Users.update`)."""

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
    def refund(self, payment: Payment, amount: int, key: str) -> str:
        """Give `amount` of the payment back (all of it, or one ticket's share); the refund's
        id. `key` names the refund: asked again with the same key, it is the same refund."""

    @abc.abstractmethod
    def read_notice(self, body: bytes, signature: str | None) -> PaymentNotice | None:
        """A notification the provider signed, or `BadSignature` (a replayed, tampered or stale
        one, or one not signed with our secret). None: a kind of notification we do not act on."""


# How long anything named by its content may be kept by any cache (stored files, the web
# client's built assets): a year, never revalidated; new content gets a new name.
CACHE_FOREVER = "public, max-age=31536000, immutable"


class FileStore(abc.ABC):
    """Where uploaded files live (covers: app/domain/covers.py). Keys are made by the domain,
    never taken from a request, and name their content: a key is written once and never changes,
    so every reader may cache it forever."""

    @abc.abstractmethod
    def put(self, key: str, data: bytes, media_type: str) -> None:
        """Store `data` whole under `key` (a reader never sees part of it)."""

    @abc.abstractmethod
    def get(self, key: str) -> tuple[bytes, str] | None:
        """The bytes and media type kept under `key`, or None."""

    @abc.abstractmethod
    def delete(self, keys: list[str]) -> None:
        """Remove these; a key that is not there is no error."""

    @abc.abstractmethod
    def url(self, key: str) -> str:
        """Where browsers fetch `key`: the app's own /media/ route, or the bucket."""


class Mailer(abc.ABC):
    """Writes a letter (app/domain/letters.py) as a mail and hands it to the mail server."""

    @abc.abstractmethod
    def send(self, letter: Letter) -> None:
        """Return once the server has taken it; raise otherwise (it is then tried again)."""


class AuditSink(Protocol):
    def send(self, line: dict[str, Any]) -> None:
        """Deliver one audit line; raise if it was not accepted (the push is then retried)."""
