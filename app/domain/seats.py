"""The seat aggregate: the only way a seat is taken, held, confirmed, given back or passed to the
waitlist. Runs only inside the transaction that changes a registration, so the counts are never
behind the registrations (docs/invariants.md, 1-3).

A seat is taken by a confirmed ticket or by a hold (`pending_payment`) while its buyer pays for
a paid event; both count against capacity.

A ticket is of a type (app/domain/ticket_types.py); a capped type's counts change here too, in
the same transaction, so that a type's taken seats never pass its cap while the event's never
pass its capacity (both bounds at once, as pretix's quotas). The types a transaction seats or
frees tickets of are read into `kinds` first (`read_kinds`), and `write` saves them with the
counts.

A store may spread a large event's seats over several counters, so that a ticket rush does not
queue on one record (app/store/firestore/seat_counters.py, docs/scaling.md). The rules never
see how: a store hands out `Seats`, the event as one counter holds it, with an opaque label of
that counter; every registration seated here records the label, and its seat goes back to the
same counter. `Seats` guards `taken <= capacity` itself, on every store (invariant 1)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NewType

from app.domain import messages as m
from app.domain.errors import EventFull, NotFound, PromoCodeUsedUp, TicketTypeSoldOut
from app.domain.models import (
    CONFIRMED,
    GENERAL,
    OPEN,
    PENDING_PAYMENT,
    WAITLISTED,
    Event,
    EventStatus,
    Payment,
    Registration,
    RegistrationStatus,
)
from app.domain.offers import PromoCode, TicketType, general_type, priced
from app.timeutil import rfc3339

if TYPE_CHECKING:
    from app.domain.ports import Transaction

# Which of a store's counters holds a seat: meaningful to the store alone.
SeatCounter = NewType("SeatCounter", int)


def _nothing_elsewhere() -> int:
    return 0


@dataclass
class Seats:
    """An event's seats as one counter holds them: `event`'s counts and capacity are that
    counter's (the whole event's on a store with one counter). Changed only through these
    methods, then written back with `tx.events.put_seats`."""

    event: Event
    counter: SeatCounter | None
    # Free seats on the event's other counters, read only when asked (whether it sold out).
    free_elsewhere: Callable[[], int] = field(default=_nothing_elsewhere, repr=False)
    # The ticket types of the tickets this transaction seats or frees, by id (`read_kinds`)
    kinds: dict[str, TicketType] = field(default_factory=dict)
    # The promo codes they were bought with, by code (`read_codes`): each ticket standing is a use
    codes: dict[str, PromoCode] = field(default_factory=dict)
    _changed: set[str] = field(default_factory=set, repr=False)
    _changed_codes: set[str] = field(default_factory=set, repr=False)

    def read_kinds(self, tx: Transaction, type_ids: set[str]) -> None:
        """Read these types of the event (before any write: Firestore wants every read first)."""
        for type_id in type_ids - self.kinds.keys():
            kind = tx.ticket_types.get(self.event.id, type_id)
            if kind is None and type_id != GENERAL:
                raise NotFound("no such ticket type")
            self.kinds[type_id] = priced(kind or general_type(self.event), self.event)

    def read_codes(self, tx: Transaction, codes: set[str]) -> None:
        """Read these promo codes of the event (one deleted since counts nothing)."""
        for code in codes - self.codes.keys():
            found = tx.promo_codes.get(self.event.id, code)
            if found is not None:
                self.codes[code] = found

    def kind(self, registration: Registration) -> TicketType:
        """The registration's type, read by `read_kinds` (the first, made from the event, when
        none was read: a rule that reads them always does)."""
        type_id = registration.type_id
        if type_id not in self.kinds:
            if type_id != GENERAL:
                raise LookupError(f"ticket type {type_id} was not read in this transaction")
            self.kinds[GENERAL] = general_type(self.event)
        return self.kinds[type_id]

    def room_for(self, registration: Registration) -> bool:
        """A free seat here, and one of the registration's type."""
        return self.left > 0 and self.kind(registration).left != 0

    def _count(self, registration: Registration, status: RegistrationStatus, step: int) -> None:
        """Move the event's count of `status` by `step`, and a capped type's with it."""
        kind = self.kind(registration)
        capped = kind.cap is not None and status != WAITLISTED
        if status == CONFIRMED:
            self.event.confirmed_count += step
            kind.confirmed_count += step if capped else 0
        elif status == PENDING_PAYMENT:
            self.event.held_count += step
            kind.held_count += step if capped else 0
        elif status == WAITLISTED:
            self.event.waitlist_count += step
        if capped:
            self._changed.add(kind.id)
        code = self.codes.get(registration.promo_code or "")
        if code is not None and status != WAITLISTED:  # a seat taken with the code is a use of it
            code.used += step
            self._changed_codes.add(code.code)

    def write(self, tx: Transaction) -> None:
        """Save the counts: the counter's (`tx.events.put_seats`) and the capped types'."""
        tx.events.put_seats(self)
        self.write_kinds(tx)

    def write_kinds(self, tx: Transaction) -> None:
        """Save the capped types' and the codes' counts alone (the event is written whole by its rule)."""
        for type_id in sorted(self._changed):
            tx.ticket_types.put(self.kinds[type_id])
        for code in sorted(self._changed_codes):
            tx.promo_codes.put(self.codes[code])

    @property
    def left(self) -> int:
        """Free seats here: on this counter (where the rule takes one)."""
        return self.event.seats_left

    @property
    def sold_out(self) -> bool:
        """No seat free on any counter of the event: exact on every store."""
        return self.left == 0 and self.free_elsewhere() == 0

    def _guard(self, registration: Registration) -> None:
        if self.event.seats_left <= 0:
            raise EventFull()
        if self.kind(registration).left == 0:
            raise TicketTypeSoldOut()
        code = self.codes.get(registration.promo_code or "")
        if code is not None and code.left == 0:
            raise PromoCodeUsedUp()

    def hold_until(self, now: datetime, hold_for: timedelta) -> datetime:
        """When a seat held now goes back unpaid: the start at the latest (invariant 11)."""
        return min(now + hold_for, self.event.starts_at)

    def seat(self, registration: Registration, now: datetime, held_until: datetime | None) -> Registration:
        """Give `registration` one free seat of its type: confirmed, or held until `held_until`
        while its payment is made (the caller opens the payment)."""
        self._guard(registration)
        status = CONFIRMED if held_until is None else PENDING_PAYMENT
        self._count(registration, status, 1)
        return replace(registration, status=status, hold_expires_at=held_until, seat_counter=self.counter,
                       price=self.kind(registration).price, updated_at=now)

    def take(self, tx: Transaction, registration: Registration, now: datetime,
             hold_for: timedelta) -> Registration:
        """Seat `registration` alone: confirmed when its type is free; when it has a price, held
        until `hold_until` with an open payment of that price."""
        price = self.kind(registration).price
        if price == 0:
            return self.seat(registration, now, None)
        until = self.hold_until(now, hold_for)
        held = self.seat(registration, now, until)
        tx.payments.put(open_payment(self.event, held, price, until, now))
        return held

    def wait(self, registration: Registration) -> Registration:
        """No seat free: `registration` (new) joins the waitlist, for a seat of its type."""
        self._count(registration, WAITLISTED, 1)
        return replace(registration, status=WAITLISTED, seat_counter=None)

    def confirm_paid(self, registration: Registration, now: datetime) -> Registration:
        """A paid seat becomes a confirmed ticket: the hold it had, or (a payment that came after
        its hold ended) a free seat here, which the ticket then records."""
        self.give_back(registration)
        self._guard(registration)
        self._count(registration, CONFIRMED, 1)
        return replace(registration, status=CONFIRMED, seat_counter=self.counter, updated_at=now)

    def give_back(self, registration: Registration) -> None:
        """Take `registration` (active) out of the counts."""
        if registration.status != RegistrationStatus.CANCELLED:
            self._count(registration, registration.status, -1)

    def promote(self, tx: Transaction, waiting: list[Registration], actor_id: str,
                now: datetime, hold_for: timedelta) -> list[Registration]:
        """Give the free seats here to the longest-waiting registrations: confirmed, or on a paid
        event held for them to pay. Nobody once the event has started (invariant 11)."""
        if now >= self.event.starts_at:
            return []
        promoted = []
        for registration in waiting:
            if self.left == 0:
                break
            if not self.room_for(registration):
                continue  # its type is taken up: it waits on for one of those
            self._count(registration, WAITLISTED, -1)
            seated = self.take(tx, registration, now, hold_for)
            tx.registrations.update(seated)
            promoted.append(seated)
            tx.emit(m.new_message(m.REGISTRATION_PROMOTED, actor_id, now, event_id=self.event.id,
                                  registration_id=seated.id, user_id=seated.user_id,
                                  organizer_id=self.event.organizer_id, title=self.event.title,
                                  sold_out=self.sold_out, status=seated.status,
                                  hold_expires_at=rfc3339(seated.hold_expires_at)))
        return promoted


WAITING_READ = 10  # waitlisted registrations read when one seat frees up


def vacate(tx: Transaction, seats: Seats, registration: Registration, actor_id: str,
           now: datetime, hold_for: timedelta) -> Registration:
    """Cancel an active registration (`vacate_all` of one)."""
    return vacate_all(tx, seats, [registration], actor_id, now, hold_for)[0]


def vacate_all(tx: Transaction, seats: Seats, registrations: list[Registration], actor_id: str,
               now: datetime, hold_for: timedelta) -> list[Registration]:
    """Cancel active registrations seated on one counter (an order's tickets); each seat they
    took (confirmed or held) goes to the first waitlisted person, once, on the same counter
    (`seats` is theirs: `tx.events.seats(event_id, of=registrations[0])`). Writes the
    registrations and the seats."""
    seated = sum(r.status in (CONFIRMED, PENDING_PAYMENT) for r in registrations)
    # reads first; a few more of the waiting, in case the first wait for a type taken up
    waiting = tx.registrations.first_waitlisted(seats.event.id, WAITING_READ + seated - 1) if seated else []
    seats.read_kinds(tx, {r.type_id for r in registrations} | {w.type_id for w in waiting})
    seats.read_codes(tx, {r.promo_code for r in registrations if r.promo_code})
    cancelled = []
    for registration in registrations:
        seats.give_back(registration)
        cancelled.append(replace(registration, status=RegistrationStatus.CANCELLED, updated_at=now))
        tx.registrations.update(cancelled[-1])
    seats.promote(tx, waiting, actor_id, now, hold_for)
    seats.event.updated_at = now
    seats.write(tx)
    return cancelled


def close_all(tx: Transaction, event: Event, kinds: list[TicketType], codes: list[PromoCode],
              now: datetime) -> Event:
    """The event is cancelled with every registration (its rule cancels them): nothing is taken
    of it any more, nor of any of its types (`kinds`, those with seats taken), nor with any of
    its codes (`codes`, those used). Writes them and the event."""
    for kind in kinds:
        tx.ticket_types.put(replace(kind, confirmed_count=0, held_count=0, updated_at=now))
    for code in codes:
        tx.promo_codes.put(replace(code, used=0, updated_at=now))
    closed = replace(event, status=EventStatus.CANCELLED, confirmed_count=0, held_count=0, waitlist_count=0,
                     updated_at=now)
    tx.events.update(closed)
    return closed


def open_payment(event: Event, first: Registration, amount: int, held_until: datetime,
                 now: datetime) -> Payment:
    """The payment of a held seat, or of an order's held seats (`first` is its first ticket):
    open until the hold ends, under the event's refund policy of now."""
    return Payment(id=first.payment_id, event_id=event.id, user_id=first.user_id, amount=amount,
                   currency=event.currency, status=OPEN, expires_at=held_until, created_at=now,
                   updated_at=now, refund_hours_before=event.refund_hours_before)
