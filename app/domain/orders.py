"""Orders: several tickets to one event bought together, all or none (docs/orders.md). Each ticket
is a registration of its own (its code, its QR, its door check-in) that names the order and whom
it is for; a paid order is one hold and one payment for all of them.

Invariant 2 holds per order: a person has at most one active ticket bought alone or order per
event (the order's first ticket stands for it); the other tickets are for the people its buyer
named. Orders are never waitlisted: a rush is all or nothing for every buyer."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from app.domain import checkout, payment_rules, promo_codes, questions, quotas
from app.domain import messages as m
from app.domain.errors import (
    AlreadyCancelled,
    AlreadyRegistered,
    EventCancelled,
    EventFull,
    EventStarted,
    Forbidden,
    Invalid,
    NotFound,
    NotOnSale,
    PromoCodeUsedUp,
    RegistrationClosed,
    TicketTypeSoldOut,
    TicketUsed,
)
from app.domain.events import load_event, load_seats
from app.domain.ids import new_id, new_ticket_code, order_ticket_id
from app.domain.models import (
    ACTIVE_REGISTRATION,
    CONFIRMED,
    MAX_PER_ORDER,
    OPEN,
    PAID,
    PENDING_PAYMENT,
    SCHEDULED,
    Event,
    Order,
    Page,
    Payment,
    PaymentStatus,
    Registration,
)
from app.domain.offers import PromoCode
from app.domain.ports import PaymentProvider, Store, Transaction
from app.domain.questions import Answers
from app.domain.seats import Seats, open_payment, vacate_all
from app.timeutil import rfc3339


@dataclass(frozen=True)
class Item:
    ticket_type_id: str
    quantity: int


@dataclass(frozen=True)
class Attendee:
    """Whom a ticket is for (empty: the buyer), and their answers to the questions asked of each
    attendee."""

    name: str = ""
    email: str = ""
    answers: Answers = field(default_factory=dict)


def _wanted(items: list[Item], attendees: list[Attendee]) -> list[str]:
    """The type of each ticket asked for, in the order asked (the first is the order's)."""
    wanted = [item.ticket_type_id for item in items for _ in range(item.quantity)]
    if not 1 <= len(wanted) <= MAX_PER_ORDER:
        raise Invalid("items", "an order has 1 to {limit} tickets", limit=MAX_PER_ORDER)
    if attendees and len(attendees) != len(wanted):
        raise Invalid("attendees", "name one attendee per ticket, or none")
    return wanted


def _seats_for(tx: Transaction, event_id: str, count: int) -> Seats:
    """Seats of a counter with room for `count` (a store that spreads the seats over counters
    may hand out one with fewer: then the whole event's, every counter read)."""
    seats = load_seats(tx, event_id)
    if seats.left < count and seats.counter is not None:
        seats = tx.events.seats_of(load_event(tx, event_id))
    return seats


def _refuse(tx: Transaction, seats: Seats, code: PromoCode | None, user_id: str, wanted: list[str],
            now: datetime) -> None:
    event = seats.event
    kinds = [seats.kinds[type_id] for type_id in wanted]
    if any(k.hidden and (code is None or not code.applies_to(k)) for k in kinds):
        raise NotFound("no such ticket type")  # as if it did not exist, to whoever has no code for it
    if event.status != SCHEDULED:
        raise EventCancelled()
    if not event.sales_open(now):
        raise RegistrationClosed()
    if any(not k.on_sale(now) for k in kinds):
        raise NotOnSale()
    if len(wanted) > event.max_per_order:
        raise Invalid("items", "an order for this event has at most {limit} tickets",
                      limit=event.max_per_order)
    for type_id, count in Counter(wanted).items():
        seats.kinds[type_id].refuse_count(count, "items")
    if code is not None:
        uses = sum(code.applies_to(k) for k in kinds)
        if not uses:
            raise Invalid("promo_code", "this code does not apply to the tickets chosen")
        if code.left is not None and code.left < uses:
            raise PromoCodeUsedUp()
    if tx.registrations.active_of(event.id, user_id) is not None:
        raise AlreadyRegistered()
    if seats.left < len(wanted):
        raise EventFull()
    for type_id, count in Counter(wanted).items():
        left = seats.kinds[type_id].left
        if left is not None and left < count:
            raise TicketTypeSoldOut()


def _answers(tx: Transaction, wish: Wish, named: list[Attendee]) -> tuple[Answers, list[Answers]]:
    """The answers to the event's questions: once for the order, and of each attendee."""
    asked = tx.questions.of_event(wish.event_id)
    of_each = [questions.checked(asked, attendee.answers, True, f"attendees.{n}.answers")
               for n, attendee in enumerate(named)]
    return questions.checked(asked, wish.answers, False, "answers"), of_each


@dataclass(frozen=True)
class OrderView:
    """An order as its buyer sees it: its tickets (the first first), the event and the payment
    (the receipt)."""

    order: Order
    tickets: list[Registration]
    event: Event
    payment: Payment | None


@dataclass(frozen=True)
class Wish:
    """What a buyer asks for: tickets of an event's types, whom they are for (none, or one each),
    and the code they typed."""

    event_id: str
    items: list[Item]
    attendees: list[Attendee] = field(default_factory=list)
    promo_code: str | None = None
    answers: Answers = field(default_factory=dict)  # to the questions asked once per order


def buy(store: Store, provider: PaymentProvider, user_id: str, wish: Wish, now: datetime, site: str,
        hold_for: timedelta) -> OrderView:
    """Place the order; when it has a price, open the provider's checkout for its held seats
    (`site`: the web client's address, where the buyer comes back to)."""
    placed = place(store, user_id, wish, now, hold_for)
    if placed.tickets[0].status != PENDING_PAYMENT:
        return placed
    return replace(placed, payment=checkout.pay_for(store, provider, placed.order.id, site, now, hold_for))


def place(store: Store, user_id: str, wish: Wish, now: datetime, hold_for: timedelta) -> OrderView:
    """Seat every ticket of the order or none, in one transaction that holds each type's cap, the
    event's capacity and the code's uses: confirmed when they cost nothing, else held for
    `hold_for` with one open payment of their total (the buyer pays it: `checkout.open_checkout`).
    A code takes its discount off each ticket it applies to (`PromoCode.off`).

    As a single ticket (app/domain/registrations.py), a refusal is decided first on a snapshot,
    without the write lock, and every rule is checked again under it."""
    wanted = _wanted(wish.items, wish.attendees)
    named = wish.attendees or [Attendee()] * len(wanted)

    def read(tx: Transaction) -> tuple[Seats, PromoCode | None]:
        seats = _seats_for(tx, wish.event_id, len(wanted))
        seats.read_kinds(tx, set(wanted))
        if not wish.promo_code:
            return seats, None
        typed = promo_codes.normal(wish.promo_code)
        seats.read_codes(tx, {typed})  # read once: the code the seat aggregate counts uses on
        return seats, promo_codes.usable(seats.codes.get(typed), now)

    def refuse(tx: Transaction) -> None:
        _refuse(tx, *read(tx), user_id, wanted, now)
        _answers(tx, wish, named)

    store.read(refuse)

    def apply(tx: Transaction) -> OrderView:
        seats, code = read(tx)
        event = seats.event
        _refuse(tx, seats, code, user_id, wanted, now)
        answers, of_each = _answers(tx, wish, named)
        order_id = new_id()
        quotas.take(tx, quotas.REGISTRATIONS_PER_EVENT, f"{user_id}:{wish.event_id}", now)
        tickets = []
        for number, (type_id, attendee) in enumerate(zip(wanted, named, strict=True)):
            kind = seats.kinds[type_id]
            coded = code is not None and code.applies_to(kind)
            discount, used = (code.off(kind.price), code.code) if code and coded else (0, None)
            tickets.append(Registration(
                id=order_ticket_id(order_id, number), event_id=wish.event_id, user_id=user_id,
                status=CONFIRMED, ticket_code=new_ticket_code(), created_at=now, updated_at=now,
                ticket_type_id=type_id, order_id=order_id, attendee_name=attendee.name,
                attendee_email=attendee.email, discount=discount, promo_code=used, answers=of_each[number]))
        amount = sum(seats.kinds[t.type_id].price - t.discount for t in tickets)
        held_until = None
        if amount:
            quotas.take(tx, quotas.HOLDS_PER_HALF_HOUR, user_id, now, uses=len(wanted))
            held_until = seats.hold_until(now, hold_for)
        tickets = [seats.seat(t, now, held_until) for t in tickets]
        for ticket in tickets:
            tx.registrations.add(ticket)
        order = Order(id=order_id, event_id=wish.event_id, user_id=user_id, ticket_count=len(tickets),
                      amount=amount, currency=event.currency, created_at=now,
                      discount=sum(t.discount for t in tickets), promo_code=code.code if code else None,
                      answers=answers)
        tx.orders.add(order)
        if held_until is not None:
            tx.payments.put(open_payment(event, tickets[0], amount, held_until, now))
        event.updated_at = now
        seats.write(tx)
        _announce(tx, event, tickets, seats.sold_out, now)
        return OrderView(order, tickets, event, None)

    return store.run(apply)


def _announce(tx: Transaction, event: Event, tickets: list[Registration], sold_out: bool,
              now: datetime) -> None:
    """Each ticket confirmed is told (its mail goes to whom it is for); a hold once, for its payment."""
    about = {**m.about_event(event), "sold_out": sold_out, "user_id": tickets[0].user_id}
    if tickets[0].status != CONFIRMED:
        tx.emit(m.new_message(m.REGISTRATION_HELD, tickets[0].user_id, now, registration_id=tickets[0].id,
                              hold_expires_at=rfc3339(tickets[0].hold_expires_at), **about))
        return
    for ticket in tickets:
        tx.emit(m.new_message(m.REGISTRATION_CONFIRMED, ticket.user_id, now, registration_id=ticket.id,
                              **about))


def _own(tx: Transaction, user_id: str, order_id: str) -> Order:
    order = tx.orders.get(order_id)
    if order is None:
        raise NotFound("no such order")
    if order.user_id != user_id:
        raise Forbidden("this order is someone else's")
    return order


def own_order(store: Store, user_id: str, order_id: str) -> OrderView:
    def read(tx: Transaction) -> OrderView:
        order = _own(tx, user_id, order_id)
        return OrderView(order, tx.registrations.of_order(order_id), load_event(tx, order.event_id),
                         tx.payments.get(order_id))

    return store.read(read)


def list_own(store: Store, user_id: str, limit: int,
             cursor: str | None) -> tuple[Page[Order], dict[str, Event]]:
    """A page of the buyer's orders, newest first, with the events they are for."""

    def read(tx: Transaction) -> tuple[Page[Order], dict[str, Event]]:
        page = tx.orders.of_user(user_id, limit, cursor)
        return page, tx.events.brief(sorted({o.event_id for o in page.items}))

    return store.read(read)


def cancel(store: Store, user_id: str, order_id: str, now: datetime, hold_for: timedelta) -> OrderView:
    """The buyer cancels every ticket of the order still standing; their seats go to the waitlist.
    The payment, if paid, is refunded whole when the event's policy allows it now; an unpaid one is
    closed. None may have been used at the door (invariant 10)."""

    def apply(tx: Transaction) -> OrderView:
        order = _own(tx, user_id, order_id)
        tickets = tx.registrations.of_order(order_id)
        standing = [t for t in tickets if t.status in ACTIVE_REGISTRATION]
        if not standing:
            raise AlreadyCancelled()
        if any(t.checked_in_at is not None for t in standing):
            raise TicketUsed()
        seats = load_seats(tx, order.event_id, standing[0])  # an order's tickets share a counter
        payment = tx.payments.get(order_id)
        event = seats.event
        cancelled = vacate_all(tx, seats, standing, user_id, now, hold_for)
        if payment is not None and payment.status == OPEN:
            payment = payment_rules.close_unpaid(tx, event, payment, user_id, now, PaymentStatus.CANCELLED)
        elif payment is not None and payment.status == PAID and payment_rules.refundable(event, payment, now):
            payment = payment_rules.request_refund(tx, event, payment, user_id, now,
                                                   payment_rules.HOLDER_CANCELLED)
        for was, ticket in zip(standing, cancelled, strict=True):
            tx.emit(m.new_message(m.REGISTRATION_CANCELLED, user_id, now, registration_id=ticket.id,
                                  user_id=user_id, was=was.status, sold_out=seats.sold_out,
                                  event_id=event.id, organizer_id=event.organizer_id, title=event.title))
        now_cancelled = {t.id: t for t in cancelled}
        return OrderView(order, [now_cancelled.get(t.id, t) for t in tickets], event, payment)

    return store.run(apply)


def name_attendee(store: Store, user_id: str, registration_id: str, attendee: Attendee,
                  now: datetime) -> Registration:
    """The buyer changes whom a ticket is for (passes it on) until the event starts: a new code
    (the copy the previous attendee has no longer opens the door), and its mail to them."""

    def apply(tx: Transaction) -> Registration:
        ticket = tx.registrations.get(registration_id)
        if ticket is None:
            raise NotFound("no such registration")
        if ticket.user_id != user_id:
            raise Forbidden("this registration is someone else's")
        if ticket.status not in ACTIVE_REGISTRATION:
            raise AlreadyCancelled()
        if ticket.checked_in_at is not None:
            raise TicketUsed("this ticket was used at the door; it can no longer be passed on")
        event = load_event(tx, ticket.event_id)
        if now >= event.starts_at:
            raise EventStarted("the event has started; its tickets can no longer be passed on")
        if (ticket.attendee_name, ticket.attendee_email) == (attendee.name, attendee.email):
            return ticket
        passed = replace(ticket, attendee_name=attendee.name, attendee_email=attendee.email,
                         ticket_code=new_ticket_code(), updated_at=now)
        tx.registrations.update(passed)
        tx.emit(m.new_message(m.TICKET_PASSED_ON, user_id, now, registration_id=passed.id, user_id=user_id,
                              sold_out=False, event_id=event.id, organizer_id=event.organizer_id,
                              title=event.title))
        return passed

    return store.run(apply)
