"""Registrations (tickets): claim a seat or a waitlist place, cancel, list one's own. A seat for
a paid event is held while its buyer pays (app/domain/payment_rules.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.domain import messages as m
from app.domain import payment_rules, quotas
from app.domain.errors import (
    AlreadyCancelled,
    AlreadyRegistered,
    EventCancelled,
    EventFull,
    Forbidden,
    Invalid,
    NotFound,
    NotOnSale,
    RegistrationClosed,
    TicketTypeSoldOut,
    TicketUsed,
    WholeOrderOnly,
)
from app.domain.events import load_seats
from app.domain.ids import new_id, new_ticket_code
from app.domain.models import (
    ACTIVE_REGISTRATION,
    CONFIRMED,
    GENERAL,
    OPEN,
    PAID,
    PENDING_PAYMENT,
    SCHEDULED,
    WAITLISTED,
    Event,
    Page,
    Payment,
    PaymentStatus,
    Registration,
    RegistrationStatus,
    every_item,
)
from app.domain.ports import Store, Transaction
from app.domain.seats import Seats, vacate
from app.timeutil import rfc3339


def _refuse_if_closed(tx: Transaction, seats: Seats, registration: Registration, waitlist: bool,
                      now: datetime) -> None:
    event, kind = seats.event, seats.kind(registration)
    if kind.hidden:
        raise NotFound("no such ticket type")  # offered only in an order, with a code that reveals it
    kind.refuse_count(1, "ticket_type_id")  # a ticket alone is an order of one
    if event.status != SCHEDULED:
        raise EventCancelled()
    if not event.sales_open(now):
        raise RegistrationClosed()
    if not kind.on_sale(now):
        raise NotOnSale()
    if tx.registrations.active_of(event.id, registration.user_id) is not None:
        raise AlreadyRegistered()
    if any(q.required for q in tx.questions.of_event(event.id)):
        raise Invalid("answers", "this event asks questions: answer them in an order")
    if event.seats_left <= 0 and not waitlist:
        raise EventFull()
    if event.seats_left > 0 and kind.left == 0:
        raise TicketTypeSoldOut()  # the waitlist is for the event's seats, not for one type's


_ANNOUNCED = {CONFIRMED: m.REGISTRATION_CONFIRMED, PENDING_PAYMENT: m.REGISTRATION_HELD,
              WAITLISTED: m.REGISTRATION_WAITLISTED}


def register(store: Store, user_id: str, event_id: str, waitlist: bool, now: datetime,
             hold_for: timedelta, ticket_type_id: str = GENERAL) -> Registration:
    """Claim a seat of a ticket type (the event's first by default) in the same transaction that
    writes the ticket: never oversold, the type's cap and the event's capacity both held. A type
    with a price has its seat held for `hold_for` while its buyer pays (app/domain/checkout.py,
    `buy`).

    A refusal is decided first on a snapshot, without the write lock: in a ticket rush most
    attempts come after the last seat went, and they must not queue for the lock the buyers
    and the bus need (a snapshot's "full" is the truth as of that moment). Every seat is granted
    only under the lock, where each rule is checked again."""

    def seats_for(tx: Transaction) -> tuple[Seats, Registration]:
        seats = load_seats(tx, event_id)  # a counter with a free seat, or the full event
        seats.read_kinds(tx, {ticket_type_id})
        return seats, Registration(id=new_id(), event_id=event_id, user_id=user_id, status=WAITLISTED,
                                   ticket_code=new_ticket_code(), created_at=now, updated_at=now,
                                   ticket_type_id=ticket_type_id)

    def refuse(tx: Transaction) -> None:
        _refuse_if_closed(tx, *seats_for(tx), waitlist, now)

    store.read(refuse)

    def apply(tx: Transaction) -> Registration:
        seats, registration = seats_for(tx)
        event = seats.event
        _refuse_if_closed(tx, seats, registration, waitlist, now)
        quotas.take(tx, quotas.REGISTRATIONS_PER_EVENT, f"{user_id}:{event_id}", now)
        if seats.room_for(registration):
            if seats.kind(registration).price > 0:
                quotas.take(tx, quotas.HOLDS_PER_HALF_HOUR, user_id, now)
            registration = seats.take(tx, registration, now, hold_for)
        else:
            registration = seats.wait(registration)
        tx.registrations.add(registration)
        event.updated_at = now
        seats.write(tx)
        tx.emit(m.new_message(_ANNOUNCED[registration.status], user_id, now,
                              registration_id=registration.id, user_id=user_id,
                              sold_out=seats.sold_out,
                              hold_expires_at=rfc3339(registration.hold_expires_at), **m.about_event(event)))
        return registration

    return store.run(apply)


def cancel(store: Store, user_id: str, registration_id: str, now: datetime,
           hold_for: timedelta) -> Registration:
    """The holder cancels; a freed seat goes to the first waitlisted person, once. A paid ticket
    is refunded when the event's policy allows it now; an unpaid hold's checkout is closed."""

    def apply(tx: Transaction) -> Registration:
        registration = tx.registrations.get(registration_id)
        if registration is None:
            raise NotFound("no such registration")
        if registration.user_id != user_id:
            raise Forbidden("only the holder may cancel a registration")
        if registration.status == RegistrationStatus.CANCELLED:
            raise AlreadyCancelled()
        if registration.checked_in_at is not None:
            raise TicketUsed()  # spent at the door: no cancel, no refund (invariant 10)
        payment = tx.payments.get(registration.payment_id)
        alone = registration.order_id is not None and _leaves_alone(tx, registration, payment)
        seats = load_seats(tx, registration.event_id, registration)
        event = seats.event
        cancelled = vacate(tx, seats, registration, user_id, now, hold_for)
        if payment is not None and payment.status == OPEN:
            payment_rules.close_unpaid(tx, event, payment, user_id, now, PaymentStatus.CANCELLED)
        elif payment is not None and payment.status == PAID and payment_rules.refundable(event, payment, now):
            if alone:  # its share, the rest of the order standing
                payment_rules.refund_ticket(tx, event, payment, registration, user_id, now,
                                            payment_rules.HOLDER_CANCELLED)
            else:
                payment_rules.request_refund(tx, event, payment, user_id, now, payment_rules.HOLDER_CANCELLED)
        tx.emit(m.new_message(m.REGISTRATION_CANCELLED, user_id, now, registration_id=registration.id,
                              user_id=user_id, was=registration.status,
                              sold_out=seats.sold_out, **m.about_event(event)))
        return cancelled

    return store.run(apply)


def _leaves_alone(tx: Transaction, ticket: Registration, payment: Payment | None) -> bool:
    """Whether a ticket of an order leaves it while others of it stand (paid: its share is given
    back). Refused for the order's first, which stands for the order (invariant 2), and while
    the order's one payment is not settled (held: its amount is the whole order's)."""
    others = [t for t in tx.registrations.of_order(ticket.payment_id)
              if t.id != ticket.id and t.status in ACTIVE_REGISTRATION]
    if others and (ticket.keyed or (payment is not None and payment.status != PAID)):
        raise WholeOrderOnly()
    return bool(others)


def list_own(store: Store, user_id: str, limit: int,
             cursor: str | None) -> tuple[Page[Registration], dict[str, Event]]:
    """A page of the person's registrations, newest first, with the events they are for."""

    def read(tx: Transaction) -> tuple[Page[Registration], dict[str, Event]]:
        page = tx.registrations.of_user(user_id, limit, cursor)
        events = {}
        for event_id in {r.event_id for r in page.items}:
            event = tx.events.get(event_id)
            if event is not None:
                events[event_id] = event
        return page, events

    return store.read(read)


_EVERY = 500  # tickets read per page when every one is wanted


def every_ticket(tx: Transaction, event_id: str) -> list[Registration]:
    """All of the event's registrations, oldest first, whatever their state (an export, the
    dashboard: reports over the whole event, for its organizer)."""
    return every_item(lambda cursor: tx.registrations.of_event(event_id, _EVERY, cursor))
