"""What an event offers its buyers: its ticket types (app/domain/ticket_types.py), the codes that
take money off them or reveal hidden ones (app/domain/promo_codes.py), and what it asks them
(app/domain/questions.py). The counts are the seat aggregate's to change (app/domain/seats.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from app.domain.errors import Invalid
from app.domain.models import GENERAL, MAX_PER_ORDER, Event


@dataclass
class TicketType:
    """A kind of ticket to an event: its name, price and when it is sold, and at most `cap` of it
    taken (sold or held) at once. The first (GENERAL) is the event's own: its price is the
    event's. A capped type keeps its counts here, changed only by the seat aggregate in the
    transaction that seats or frees a ticket (an uncapped type's are counted from its tickets)."""

    id: str
    event_id: str
    name: str
    position: int  # the order the types are offered in; GENERAL is 0
    price: int  # minor units of the event's currency
    created_at: datetime
    updated_at: datetime
    description: str = ""
    cap: int | None = None
    sales_start: datetime | None = None  # None: from the event's creation
    sales_end: datetime | None = None  # None: until the event starts (invariant 11)
    confirmed_count: int = 0  # a capped type only
    held_count: int = 0  # a capped type only
    hidden: bool = False  # offered only with a code that names it (speakers, press)
    # how many of it one order takes, when it takes any (a table of 4 to 8; at most 2 a family)
    min_per_order: int = 1
    max_per_order: int | None = None  # None: as many as an order may have

    @property
    def taken(self) -> int:
        return self.confirmed_count + self.held_count

    @property
    def left(self) -> int | None:
        """Free tickets of this type (None: as many as the event has seats)."""
        return None if self.cap is None else max(self.cap - self.taken, 0)

    def left_in(self, event: Event) -> int:
        """What the event's seats and this type's cap both leave now."""
        return event.seats_left if self.left is None else min(self.left, event.seats_left)

    def refuse_count(self, count: int, field: str) -> None:
        """Invalid on `field` unless one order may take `count` of this type."""
        most = self.max_per_order or MAX_PER_ORDER
        if not self.min_per_order <= count <= most:
            raise Invalid(field, "{name}: {least} to {most} tickets in one order", name=self.name,
                          least=self.min_per_order, most=most)

    def on_sale(self, now: datetime) -> bool:
        return (self.sales_start is None or self.sales_start <= now) and (
            self.sales_end is None or now < self.sales_end)


def general_type(event: Event) -> TicketType:
    """The first type of an event none were written for: every seat, at the event's price."""
    return TicketType(id=GENERAL, event_id=event.id, name="General admission", position=0, price=event.price,
                      created_at=event.created_at, updated_at=event.created_at)


def priced(kind: TicketType, event: Event) -> TicketType:
    """The type as it sells: the first type's price is the event's (whatever its record says)."""
    if kind.id == GENERAL:
        kind.price = event.price
    return kind


class DiscountKind(StrEnum):
    PERCENT = "percent"  # of each ticket's price, rounded half up to a minor unit
    FIXED = "fixed"  # minor units off each ticket, never below nothing


@dataclass
class PromoCode:
    """A code a buyer types for an event: money off each ticket it applies to, and the hidden
    types among those it reveals (an access code may take nothing off). Each held or confirmed
    ticket bought with it is a use, counted by the seat aggregate in the transaction that seats or
    frees it; never more than `max_uses`."""

    event_id: str
    code: str  # upper case, as buyers may type it in any case: its id within the event
    created_at: datetime
    updated_at: datetime
    discount_kind: DiscountKind = DiscountKind.PERCENT
    discount: int = 0  # percent (0-100), or minor units of the event's currency
    type_ids: list[str] = field(default_factory=list)  # the types it applies to; empty: every type shown
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    max_uses: int | None = None  # tickets; None: no limit
    used: int = 0

    def __post_init__(self) -> None:
        self.discount_kind = DiscountKind(self.discount_kind)  # a store reads it back as text

    @property
    def left(self) -> int | None:
        return None if self.max_uses is None else max(self.max_uses - self.used, 0)

    def valid_at(self, now: datetime) -> bool:
        return (self.valid_from is None or self.valid_from <= now) and (
            self.valid_until is None or now < self.valid_until)

    def applies_to(self, kind: TicketType) -> bool:
        """Listed types only when it names them; every type shown to all when it names none."""
        return kind.id in self.type_ids if self.type_ids else not kind.hidden

    def off(self, price: int) -> int:
        """The discount on one ticket of this price: exact minor units, half up, never past it."""
        if self.discount_kind == DiscountKind.PERCENT:
            return min(price, (price * self.discount * 2 + 100) // 200)
        return min(price, self.discount)


class QuestionKind(StrEnum):
    SHORT_TEXT = "short_text"  # one line, up to 200 characters
    LONG_TEXT = "long_text"  # up to 2,000 characters, line breaks kept
    SINGLE_CHOICE = "single_choice"  # one of `choices`
    MULTIPLE_CHOICE = "multiple_choice"  # some of `choices`
    CHECKBOX = "checkbox"  # yes or no (required: must be ticked, as "I accept the rules")
    NUMBER = "number"  # a whole number


# An answer as it is stored: text, the choices picked, ticked or not, or a number
Answer = str | list[str] | bool | int


@dataclass
class Question:
    """What an organizer asks buyers: once per order, or of each attendee (`per_attendee`). The
    answers are the organizer's and the buyer's to read, never other attendees'."""

    id: str
    event_id: str
    position: int
    label: str
    kind: QuestionKind
    created_at: datetime
    choices: list[str] = field(default_factory=list)  # the choice kinds only
    required: bool = False
    per_attendee: bool = False

    def __post_init__(self) -> None:
        self.kind = QuestionKind(self.kind)  # a store reads it back as text
