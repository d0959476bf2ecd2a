"""Buying a ticket (docs/payments.md): the provider's checkout for a held seat; the provider's
notices confirm the ticket once or release the seat once, in whatever order and however often
they arrive; the sweeper releases holds nobody paid; refunds are made at the provider."""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from app.domain import messages as m
from app.domain import registrations
from app.domain.errors import (
    Forbidden,
    NotFound,
    PaymentClosed,
    RegistrationClosed,
    Unavailable,
)
from app.domain.events import event_for, load_event, load_seats
from app.domain.message_data import CloseCheckout, MessageData, RefundRequested
from app.domain.models import (
    EXPIRED,
    FAILED,
    GENERAL,
    OPEN,
    PAID,
    PENDING_PAYMENT,
    REFUND_PENDING,
    REFUNDED,
    Event,
    Payment,
    PaymentStatus,
    Registration,
)
from app.domain.payment_rules import (
    AMOUNT_MISMATCH,
    CHECKOUT_UNAVAILABLE,
    DECLINED,
    NOT_PAID_IN_TIME,
    PAID_LATE,
    SALES_CLOSED,
    about,
    release_hold,
    request_refund,
    rest,
)
from app.domain.ports import CheckoutRequest, PaymentNotice, PaymentProvider, Store, Transaction
from app.domain.roles import Task
from app.domain.seats import Seats, vacate_all

log = logging.getLogger(__name__)

# Where a buyer comes back to from the provider: the web client's ticket page, or order page.
RETURN_PATH = "tickets/{id}?checkout={outcome}"
ORDER_RETURN_PATH = "order/{id}?checkout={outcome}"
SWEEP_BATCH = 100  # holds released per sweep: bounded work per call


@dataclass(frozen=True)
class _Paying:
    """A payment, the tickets it pays for (a ticket's, or its order's, the first first), and
    the seats of the counter they were seated on (or, for none seated, of one with a free seat)."""

    payment: Payment
    tickets: list[Registration]
    seats: Seats

    @property
    def first(self) -> Registration:
        return self.tickets[0]

    @property
    def held(self) -> list[Registration]:
        return [t for t in self.tickets if t.status == PENDING_PAYMENT]


def _find_payment(tx: Transaction, payment_id: str) -> _Paying | None:
    payment = tx.payments.get(payment_id)
    first = tx.registrations.get(payment_id)
    if payment is None or first is None:
        return None
    tickets = tx.registrations.of_order(first.order_id) if first.order_id else [first]
    return _Paying(payment, tickets, load_seats(tx, payment.event_id, first))


def _load_payment(tx: Transaction, payment_id: str) -> _Paying:
    found = _find_payment(tx, payment_id)
    if found is None:
        raise NotFound("no such payment")
    return found


def _return_url(site: str, paying: _Paying, outcome: str) -> str:
    path = ORDER_RETURN_PATH if paying.first.order_id else RETURN_PATH
    return site.rstrip("/") + "/" + path.format(id=paying.payment.id, outcome=outcome)


def open_checkout(store: Store, provider: PaymentProvider, payment_id: str, site: str,
                  now: datetime) -> Payment:
    """The provider's checkout for an open payment, opened once (the provider's idempotency key
    makes two concurrent openings one checkout). `site` is the web client's address."""
    paying = store.read(lambda tx: _load_payment(tx, payment_id))
    payment, event = paying.payment, paying.seats.event
    if event.starts_at <= now:
        raise RegistrationClosed()  # sales close at the start (invariant 11)
    if payment.status != OPEN or payment.expires_at <= now:
        raise PaymentClosed()
    if payment.checkout_url:
        return payment
    checkout = provider.open_checkout(CheckoutRequest(
        payment_id=payment.id, amount=payment.amount, currency=payment.currency,
        description=event.title, expires_at=payment.expires_at,
        success_url=_return_url(site, paying, "success"),
        cancel_url=_return_url(site, paying, "cancelled")))

    def save(tx: Transaction) -> Payment | None:
        current = tx.payments.get(payment_id)
        if current is None or current.status != OPEN:
            return None
        opened = replace(current, checkout_id=checkout.checkout_id, checkout_url=checkout.url,
                         provider=provider.name, updated_at=now)
        tx.payments.put(opened)
        return opened

    opened = store.run(save)
    if opened is None:  # released while the checkout was being opened: nobody may pay it now
        provider.close_checkout(checkout.checkout_id)
        raise PaymentClosed()
    return opened


def buy(store: Store, provider: PaymentProvider, user_id: str, event_id: str, waitlist: bool,
        now: datetime, site: str, hold_for: timedelta,
        ticket_type_id: str = GENERAL) -> tuple[Registration, Payment | None]:
    """Register for a ticket of this type; when it has a price, open the provider's checkout for
    the held seat (`site`: the web client's address, where the buyer comes back to)."""
    registration = registrations.register(store, user_id, event_id, waitlist, now, hold_for, ticket_type_id)
    if registration.status != PENDING_PAYMENT:
        return registration, None
    return registration, pay_for(store, provider, registration.payment_id, site, now, hold_for)


def pay_for(store: Store, provider: PaymentProvider, payment_id: str, site: str, now: datetime,
            hold_for: timedelta) -> Payment:
    """The provider's checkout for seats just held (a ticket's, or an order's). When it cannot be
    opened, nobody can pay for them now: they go back at once rather than at the hold's end."""
    try:
        return open_checkout(store, provider, payment_id, site, now)
    except Unavailable:
        store.run(functools.partial(_release_unopened, payment_id=payment_id, now=now, hold_for=hold_for))
        raise


def _release_unopened(tx: Transaction, payment_id: str, now: datetime, hold_for: timedelta) -> None:
    paying = _load_payment(tx, payment_id)
    if paying.payment.status == OPEN:
        release_hold(tx, paying.seats, paying.held, paying.payment, paying.payment.user_id, now, hold_for,
                     PaymentStatus.CANCELLED, CHECKOUT_UNAVAILABLE)


def cancel_ticket(store: Store, user_id: str, registration_id: str, now: datetime,
                  hold_for: timedelta) -> tuple[Registration, Payment | None]:
    """The holder cancels (app/domain/registrations.py); with the payment as it now stands (a
    refund on its way, or kept by the refund policy)."""
    cancelled = registrations.cancel(store, user_id, registration_id, now, hold_for)
    return cancelled, store.read(lambda tx: tx.payments.get(cancelled.payment_id))


@dataclass(frozen=True)
class Settlement:
    """A payment after a provider's notice, and whether the notice changed it (a replayed or
    outdated one does not)."""

    payment: Payment
    changed: bool


def settle(store: Store, notice: PaymentNotice, now: datetime,
           hold_for: timedelta) -> Settlement | None:
    """Apply what the provider says happened to a payment, once: a duplicated, late or reordered
    notice changes nothing more. None: the payment is not ours (another app on the account)."""

    def apply(tx: Transaction) -> Settlement | None:
        found = _find_payment(tx, notice.payment_id)
        if found is None:
            return None
        payment = found.payment
        if notice.outcome == PAID:
            after = _paid(tx, notice, found, now, hold_for)
        elif payment.status != OPEN:  # paid, or released already: nothing left to end
            after = payment
        else:
            status, reason = (FAILED, DECLINED) if notice.outcome == FAILED else (EXPIRED, NOT_PAID_IN_TIME)
            after = release_hold(tx, found.seats, found.held, payment, None, now, hold_for, status, reason)
        return Settlement(after, changed=after != payment)

    return store.run(apply)


def _paid(tx: Transaction, notice: PaymentNotice, paying: _Paying, now: datetime,
          hold_for: timedelta) -> Payment:
    payment, first, seats, held = paying.payment, paying.first, paying.seats, paying.held
    event = seats.event
    if payment.status not in (OPEN, EXPIRED, FAILED, PaymentStatus.CANCELLED):
        return payment  # the money was recorded already
    # Reads first (Firestore transactions need every read before the first write).
    holder_has_other = (payment.status != OPEN
                        and tx.registrations.active_of(event.id, payment.user_id) is not None)
    seats.read_kinds(tx, {t.type_id for t in paying.tickets})
    seats.read_codes(tx, {t.promo_code for t in paying.tickets if t.promo_code})
    paid = replace(payment, status=PAID, paid_at=now, updated_at=now,
                   provider_payment_id=notice.provider_payment_id or payment.provider_payment_id,
                   checkout_id=payment.checkout_id or notice.checkout_id)
    event.paid_count += 1
    event.paid_amount += payment.amount
    matches = notice.amount in (None, payment.amount) and notice.currency in (None, payment.currency)
    # A payment after its seat went back is honoured when a seat is free again, else refunded;
    # none is honoured once the event has started (invariant 11: the hold ended at the start).
    # An order's seats went back to everyone: its late payment is refunded.
    late = not held
    seat = event.sales_open(now) and (not late or (
        len(paying.tickets) == 1 and payment.status in (EXPIRED, FAILED) and seats.room_for(first)
        and not holder_has_other))
    event.updated_at = now
    if not matches or not seat:
        if held:  # the wrong amount: the hold ends too
            vacate_all(tx, seats, held, payment.user_id, now, hold_for)
        else:
            seats.write(tx)
        reason = AMOUNT_MISMATCH if not matches else SALES_CLOSED if now >= event.starts_at else PAID_LATE
        return request_refund(tx, event, paid, None, now, reason)
    # a late payment takes a free seat of this counter: the ticket records which
    for ticket in held or paying.tickets:
        tx.registrations.update(seats.confirm_paid(ticket, now))
    seats.write(tx)
    tx.payments.put(paid)
    tx.emit(m.new_message(m.PAYMENT_PAID, payment.user_id, now, sold_out=seats.sold_out,
                          late=late, **about(event, payment)))
    for ticket in held[1:]:  # an order's other tickets: each is told, its mail to whom it is for
        tx.emit(m.new_message(m.REGISTRATION_CONFIRMED, payment.user_id, now, registration_id=ticket.id,
                              user_id=payment.user_id, sold_out=seats.sold_out, event_id=event.id,
                              organizer_id=event.organizer_id, title=event.title))
    return paid


def receive_notice(store: Store, provider: PaymentProvider, body: bytes, signature: str | None,
                   now: datetime, hold_for: timedelta) -> Settlement | None:
    """A provider's signed notification, as its webhook (or the test provider's checkout page)
    delivers it: verified and read by the provider (BadSignature, MalformedNotice: nothing
    changed), then settled. None: a kind we do not act on, or a payment that is not ours."""
    notice = provider.read_notice(body, signature)
    if notice is None:
        return None
    settled = settle(store, notice, now, hold_for)
    if settled is None:
        log.warning("payment notice for a payment we do not have", extra={"fields": {
            "notice_id": notice.notice_id, "payment_id": notice.payment_id}})
    return settled


def release_expired(store: Store, now: datetime, hold_for: timedelta,
                    limit: int = SWEEP_BATCH) -> int:
    """The sweeper: release up to `limit` holds whose time is up; how many it released. Each in
    its own transaction, re-checked there: a payment that won the race keeps its seat."""
    due = store.read(lambda tx: tx.registrations.expired_holds(now, limit))

    def release(tx: Transaction, payment_id: str) -> bool:
        paying = _load_payment(tx, payment_id)
        first, payment = paying.first, paying.payment
        if (first.status != PENDING_PAYMENT or first.hold_expires_at is None
                or first.hold_expires_at > now or payment.status != OPEN):
            return False  # paid in time, or its order's first ticket released it already
        release_hold(tx, paying.seats, paying.held, payment, None, now, hold_for, EXPIRED, NOT_PAID_IN_TIME)
        return True

    return sum(store.run(functools.partial(release, payment_id=r.payment_id)) for r in due)


def carry_out(store: Store, provider: PaymentProvider, data: MessageData, now: datetime) -> bool:
    """payments: do at the provider what the message asks; False when there was nothing to do
    (done already). Provider first, then the record: a crash in between repeats the call, which
    the provider's idempotency key turns into the same refund."""
    if isinstance(data, CloseCheckout):
        provider.close_checkout(data.checkout_id)
        return True
    if not isinstance(data, RefundRequested):
        return False
    if data.registration_id != data.payment_id:
        return _refund_ticket(store, provider, data, now)
    payment_id = data.payment_id
    payment = store.read(lambda tx: tx.payments.get(payment_id))
    if payment is None or payment.status != REFUND_PENDING:
        return False
    refund_id = provider.refund(payment, rest(payment), payment.id)

    def record(tx: Transaction) -> bool:
        current = tx.payments.get(payment_id)
        if current is None or current.status != REFUND_PENDING:
            return False
        event = load_event(tx, current.event_id)
        event.refunded_count += 1
        event.refunded_amount += rest(current)
        tx.events.update(event)
        tx.payments.put(replace(current, status=REFUNDED, refund_id=refund_id, refunded_at=now,
                               updated_at=now))
        tx.emit(m.new_message(m.PAYMENT_REFUNDED, None, now, refund_id=refund_id,
                              reason=current.refund_reason, **about(event, current, amount=rest(current))))
        return True

    return store.run(record)


def _refund_ticket(store: Store, provider: PaymentProvider, data: RefundRequested, now: datetime) -> bool:
    """One ticket's share of its order's payment (payment_rules.refund_ticket), given back once:
    the ticket records it, and the provider's key is the ticket's."""
    ticket_id = data.registration_id
    ticket, payment = store.read(lambda tx: (tx.registrations.get(ticket_id),
                                             tx.payments.get(data.payment_id)))
    if ticket is None or payment is None or ticket.refunded_at is not None:
        return False
    refund_id = provider.refund(payment, data.amount, ticket_id)

    def record(tx: Transaction) -> bool:
        current = tx.registrations.get(ticket_id)
        if current is None or current.refunded_at is not None:
            return False
        event = load_event(tx, current.event_id)
        event.refunded_count += 1
        event.refunded_amount += data.amount
        tx.events.update(event)
        tx.registrations.update(replace(current, refunded_at=now, updated_at=now))
        tx.emit(m.new_message(m.PAYMENT_REFUNDED, None, now, refund_id=refund_id, reason=data.reason,
                              **about(event, payment, amount=data.amount, ticket_id=ticket_id)))
        return True

    return store.run(record)


def own_ticket(store: Store, user_id: str,
               registration_id: str) -> tuple[Registration, Event, Payment | None]:
    """A registration with its event and payment (the receipt), for its holder only."""

    def read(tx: Transaction) -> tuple[Registration, Event, Payment | None]:
        registration = tx.registrations.get(registration_id)
        if registration is None:
            raise NotFound("no such registration")
        if registration.user_id != user_id:
            raise Forbidden("this registration is someone else's")
        return (registration, load_event(tx, registration.event_id),
                tx.payments.get(registration.payment_id))

    return store.read(read)


def payment_state(store: Store, payment_id: str) -> Payment:
    """The payment a provider's checkout page is for, as it stands (the page says when it is
    no longer open, instead of offering to pay it again)."""
    return store.read(lambda tx: _load_payment(tx, payment_id)).payment


def checkout_for(store: Store, provider: PaymentProvider, user_id: str, registration_id: str,
                 site: str, now: datetime) -> Payment:
    """The holder's way back to paying a held seat (a reload, a second device)."""
    registration, _, _ = own_ticket(store, user_id, registration_id)
    return open_checkout(store, provider, registration.payment_id, site, now)


def sales(store: Store, actor_id: str, event_id: str) -> Event:
    """The event with its sales figures, for its organizer."""
    return store.read(lambda tx: event_for(tx, actor_id, event_id, Task.MANAGE))

