"""The records the platform keeps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

from app.domain.catalog import Category

T = TypeVar("T")


class Language(StrEnum):
    """What the platform speaks: its screens, mails and error sentences (docs/languages.md)."""

    EN = "en"
    RU = "ru"
    KK = "kk"


@dataclass
class User:
    id: str
    email: str
    username: str
    first_name: str
    last_name: str
    created_at: datetime
    updated_at: datetime
    # Tokens issued before this instant are refused (signed out everywhere); None: all valid.
    tokens_valid_after: datetime | None = None
    email_verified: bool = False  # the person opened the link mailed to `email`
    # mail that is not about their own tickets, money or account, which they may turn off
    mail_reminders: bool = True  # the day before an event they hold a ticket for
    mail_announcements: bool = True  # what an event's organizer writes to everyone coming
    # What they chose to be shown more of (app/domain/catalog.py), and whether the lists may be
    # ordered for them at all (off: everyone's order, and their behaviour is not learned from)
    interest_categories: list[Category] = field(default_factory=list)
    interest_tags: list[str] = field(default_factory=list)
    personalised: bool = True
    # the language chosen for their mail and screens; None: each device's own (its browser's)
    language: Language | None = None

    def __post_init__(self) -> None:
        self.language = Language(self.language) if self.language else None  # a store reads it back as text

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Visibility(StrEnum):
    """Who finds an event. Anyone with its link may read either kind (`/e/{id}`)."""

    PUBLIC = "public"  # listed to everyone, in the sitemap
    UNLISTED = "unlisted"  # listed to its organizer alone; not indexed by search engines


MAX_PER_ORDER = 10  # tickets in one order (a family, a table): more is a group booking


@dataclass
class Event:
    id: str
    organizer_id: str
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime | None
    timezone: str
    location: str
    capacity: int
    price: int
    currency: str
    status: EventStatus
    created_at: datetime
    updated_at: datetime
    # Refundable when the holder cancels up to this many hours before the start; None: never
    # (an organizer cancelling the event refunds everyone whatever this says).
    refund_hours_before: int | None = 0
    max_per_order: int = MAX_PER_ORDER  # tickets one order of it may have (the organizer may lower it)
    # Seat accounting: changed only inside the transaction that changes a registration. A seat
    # held for a payment in progress counts against capacity like a confirmed one.
    confirmed_count: int = 0
    held_count: int = 0
    waitlist_count: int = 0
    review_count: int = 0
    rating_sum: int = 0
    # Kept by the change-event-capacity handler from the bus: when the event first sold out.
    sold_out_at: datetime | None = None
    # Sales, in minor units of `currency`: changed in the transaction that pays or refunds.
    paid_count: int = 0
    paid_amount: int = 0
    refunded_count: int = 0
    refunded_amount: int = 0
    # When the organizer last moved the start: tickets bought before it may be cancelled with a
    # refund whatever their policy (app/domain/payment_rules.py, `refundable`).
    starts_moved_at: datetime | None = None
    visibility: Visibility = Visibility.PUBLIC
    # The cover image (app/domain/covers.py): its content hash, the size of its largest
    # rendition, and the words read out in its place (empty: the title is).
    image_id: str | None = None
    image_width: int = 0
    image_height: int = 0
    image_alt: str = ""
    # What it is about (app/domain/catalog.py): one category, up to five normalised tags
    category: Category = Category.OTHER
    tags: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.status = EventStatus(self.status)  # a store reads it back as text
        self.visibility = Visibility(self.visibility)
        self.category = Category(self.category)

    def sales_open(self, now: datetime) -> bool:
        """Whether tickets can be had now: scheduled and not started (invariant 11: sales close
        at the start, on every path)."""
        return self.status == EventStatus.SCHEDULED and now < self.starts_at

    @property
    def seats_taken(self) -> int:
        return self.confirmed_count + self.held_count

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.seats_taken, 0)

    @property
    def paid(self) -> bool:
        return self.price > 0

    @property
    def rating_avg(self) -> float | None:
        return round(self.rating_sum / self.review_count, 2) if self.review_count else None


@dataclass
class Registration:
    id: str
    event_id: str
    user_id: str
    status: RegistrationStatus
    ticket_code: str
    created_at: datetime
    updated_at: datetime
    checked_in_at: datetime | None = None
    # pending_payment only: when the seat goes back if the payment has not arrived
    hold_expires_at: datetime | None = None
    # Which of the store's seat counters holds its seat (`Seats.counter`, written by the seat
    # aggregate alone; opaque to the rules); None: it holds no seat, or the store has one counter.
    seat_counter: int | None = None
    # The ticket type it is of (app/domain/ticket_types.py); None: made before types, the first
    ticket_type_id: str | None = None
    # The order it was bought in (app/domain/orders.py); None: bought alone, its own order.
    # An order's first ticket has the order's id.
    order_id: str | None = None
    # Whom the ticket is for, as its buyer named them; empty: the buyer
    attendee_name: str = ""
    attendee_email: str = ""
    # Its type's price when it was seated (minor units of the event's currency), and what a promo
    # code took off it: what it paid is its share of its order's payment. Both 0 for a free ticket,
    # and for one seated before orders (its payment says).
    price: int = 0
    discount: int = 0
    promo_code: str | None = None  # the code it was bought with: a use of it while it stands
    # its attendee's answers to the questions asked of each attendee (app/domain/questions.py)
    answers: dict[str, Any] = field(default_factory=dict)
    refunded_at: datetime | None = None  # its share given back alone (a ticket cancelled from its order)

    def __post_init__(self) -> None:
        self.status = RegistrationStatus(self.status)  # a store reads it back as text

    @property
    def type_id(self) -> str:
        return self.ticket_type_id or GENERAL

    @property
    def payment_id(self) -> str:
        """The payment it is paid by: its order's (one per order), whose id is the order's."""
        return self.order_id or self.id

    @property
    def paid_share(self) -> int:
        return self.price - self.discount

    @property
    def keyed(self) -> bool:
        """Whether it is the one ticket that stands for its order in "one active registration per
        person per event" (invariant 2): a ticket bought alone, or an order's first."""
        return self.order_id in (None, self.id)


@dataclass
class Order:
    """Tickets bought together, all or none (app/domain/orders.py): what it cost and for whom.
    Its tickets are registrations with its id as `order_id`; their states are its state."""

    id: str
    event_id: str
    user_id: str  # the buyer, who holds every ticket of it
    ticket_count: int
    amount: int  # minor units of `currency`: what its tickets cost, less `discount`
    currency: str
    created_at: datetime
    discount: int = 0  # what the code took off its tickets, in all
    promo_code: str | None = None
    answers: dict[str, Any] = field(default_factory=dict)  # to the questions asked once per order


GENERAL = "general"  # the id of an event's first ticket type, the one every event has


@dataclass
class Payment:
    """What one ticket to a paid event costs and where its money is. One per registration, with
    the registration's id. Amounts are integers in the currency's minor units."""

    id: str
    event_id: str
    user_id: str
    amount: int
    currency: str
    status: PaymentStatus
    expires_at: datetime
    created_at: datetime
    updated_at: datetime
    provider: str | None = None  # the provider whose checkout was opened
    checkout_id: str | None = None  # the provider's checkout (a Stripe Checkout Session id)
    checkout_url: str | None = None
    provider_payment_id: str | None = None  # what a refund names (a Stripe PaymentIntent id)
    paid_at: datetime | None = None
    refund_id: str | None = None
    refunded_at: datetime | None = None
    refund_reason: str | None = None
    refunded_part: int = 0  # given back ticket by ticket (its order's): a refund of the rest is the rest
    # The event's refund policy when the seat was taken: the one this ticket was bought under,
    # whatever the organizer sets later (see Event.refund_hours_before).
    refund_hours_before: int | None = 0

    def __post_init__(self) -> None:
        self.status = PaymentStatus(self.status)  # a store reads it back as text


@dataclass
class Review:
    id: str
    event_id: str
    user_id: str
    username: str
    rating: int
    comment: str
    created_at: datetime


@dataclass
class Notification:
    id: str
    user_id: str
    kind: str
    message: str
    event_id: str | None
    created_at: datetime
    read_at: datetime | None = None


@dataclass
class Message:
    """A domain event, as it travels on the bus."""

    id: str
    type: str
    occurred_at: datetime
    actor_id: str | None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Credentials:
    """A local sign-in identity: the password hash never leaves the store and the auth adapter."""

    user_id: str
    email: str
    password_hash: str


@dataclass(frozen=True)
class NewIdentity:
    """A sign-in identity made for a new account. `credentials` is set when the identity lives in
    our store (local auth): it is written in the same transaction as the profile. It is None when
    the identity lives elsewhere (Firebase): already created there, and undone if the profile fails."""

    user_id: str
    credentials: Credentials | None = None


@dataclass(frozen=True)
class TokenGrant:
    """What a successful sign-in hands back."""

    id_token: str
    expires_in: int
    uid: str


@dataclass(frozen=True)
class TokenClaims:
    """What a verified token says: whose it is and when it was issued and expires. Token times
    are the issuer's (real time), not the app's clock: Firebase stamps them so."""

    user_id: str
    issued_at: datetime
    expires_at: datetime
    # what the issuer knows of the person (Firebase); makes the profile of an identity created
    # outside this API on its first request (app/domain/accounts.py, `first_use`)
    email: str | None = None
    name: str | None = None


@dataclass
class LoginAttempts:
    """Sign-in attempts counted against one key (an account, or an account and an address) in the
    current window (app/domain/signin.py)."""

    key: str
    attempts: int
    window_start: datetime
    last_attempt_at: datetime | None = None


@dataclass
class WindowCounter:
    """How many times something was done against one key in a fixed window that ends at
    `expires_at` (per-address request limits, per-account quotas: app/domain/quotas.py). Kept in
    the store, so it counts once for every worker, process and instance."""

    key: str
    count: int
    expires_at: datetime


@dataclass
class Page(Generic[T]):
    """One page of a list, and the opaque cursor of the next (None on the last page)."""

    items: list[T]
    next_cursor: str | None


def every_item(read: Callable[[str | None], Page[T]]) -> list[T]:
    """The items of every page of a list, following its cursors (a report over a whole list,
    such as an export; `read(cursor)` reads one page)."""
    items: list[T] = []
    cursor: str | None = None
    while True:
        page = read(cursor)
        items += page.items
        if page.next_cursor is None:
            return items
        cursor = page.next_cursor


class EventStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class RegistrationStatus(StrEnum):
    """`pending_payment`: a seat held while its buyer pays (a paid event)."""

    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    PENDING_PAYMENT = "pending_payment"
    CANCELLED = "cancelled"


class PaymentStatus(StrEnum):
    """`open` while its seat is held; then `paid`, or closed unpaid (`failed`: declined,
    `expired`: not paid in time, `cancelled`: the buyer or the event went first); a paid one may
    become `refund_pending` and then `refunded` (the provider confirmed the refund)."""

    OPEN = "open"
    PAID = "paid"
    FAILED = "failed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    REFUND_PENDING = "refund_pending"
    REFUNDED = "refunded"


# The states by their short names, as the rules use them; "cancelled", a state of all three
# records, is named with its record (RegistrationStatus.CANCELLED, ...).
SCHEDULED = EventStatus.SCHEDULED
CONFIRMED, WAITLISTED, PENDING_PAYMENT = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED,
                                          RegistrationStatus.PENDING_PAYMENT)
ACTIVE_REGISTRATION = (CONFIRMED, WAITLISTED, PENDING_PAYMENT)
OPEN, PAID, FAILED, EXPIRED = (PaymentStatus.OPEN, PaymentStatus.PAID, PaymentStatus.FAILED,
                               PaymentStatus.EXPIRED)
REFUND_PENDING, REFUNDED = PaymentStatus.REFUND_PENDING, PaymentStatus.REFUNDED
PAYMENT_STATES = tuple(PaymentStatus)
