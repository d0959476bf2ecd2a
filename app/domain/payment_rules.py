"""A payment's rules inside the transactions that change it (docs/payments.md): when a paid
ticket is refundable, how a refund is asked for, how an unpaid hold ends. The purchase itself
(checkout, the provider's notices, the sweeper, refunds at the provider) is app/domain/checkout.py.

What happens at the provider (a refund, closing a checkout) is the effect of a message committed
with the change that calls for it: it survives a crash, and the payment's state plus the
provider's idempotency keys make it happen once."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from enum import StrEnum

from app.domain import messages as m
from app.domain.models import REFUND_PENDING, Event, Payment, PaymentStatus, Registration
from app.domain.ports import Transaction
from app.domain.seats import Seats, vacate_all


class HoldEnd(StrEnum):
    """Why a hold ended unpaid (`reason` of registration.released; said to the buyer)."""

    DECLINED = "declined"
    NOT_PAID_IN_TIME = "not_paid_in_time"
    CHECKOUT_UNAVAILABLE = "checkout_unavailable"


class RefundReason(StrEnum):
    """Why a paid payment is given back (`refund_reason` on the payment and in messages)."""

    HOLDER_CANCELLED = "holder_cancelled"
    EVENT_CANCELLED = "event_cancelled"
    PAID_LATE = "paid_after_release"
    AMOUNT_MISMATCH = "amount_mismatch"
    SALES_CLOSED = "paid_after_start"


DECLINED, NOT_PAID_IN_TIME, CHECKOUT_UNAVAILABLE = HoldEnd
HOLDER_CANCELLED, EVENT_CANCELLED, PAID_LATE, AMOUNT_MISMATCH, SALES_CLOSED = RefundReason


def refundable(event: Event, payment: Payment, now: datetime) -> bool:
    """The holder's own cancellation is refunded until `refund_hours_before` hours before the
    start (None: never), by the policy the ticket was bought under (kept on the payment: the
    organizer cannot make it worse afterwards). A ticket bought before the organizer moved the
    start is refunded whatever its policy, until the new start: it was bought for another date."""
    if (event.starts_moved_at is not None and payment.created_at < event.starts_moved_at
            and now < event.starts_at):
        return True
    hours = payment.refund_hours_before
    return hours is not None and now <= event.starts_at - timedelta(hours=hours)


def share(ticket: Registration, payment: Payment) -> int:
    """What of `payment` pays for `ticket`: its price less its discount when it is one of an
    order's (an order is paid and refunded whole), all of it for a ticket bought alone."""
    return ticket.paid_share if ticket.order_id else payment.amount


def payments_of(tx: Transaction, tickets: list[Registration]) -> dict[str, Payment]:
    """The payments of these tickets by id, each read once (an order's is its tickets')."""
    found = {pid: tx.payments.get(pid) for pid in dict.fromkeys(t.payment_id for t in tickets)}
    return {pid: payment for pid, payment in found.items() if payment is not None}


def about(event: Event, payment: Payment, amount: int | None = None,
          ticket_id: str | None = None) -> dict[str, object]:
    """What a message about a payment carries; a refund of one ticket of it names the ticket
    (`registration_id`) and its share (`amount`)."""
    return {**m.about_event(event), "payment_id": payment.id, "registration_id": ticket_id or payment.id,
            "user_id": payment.user_id, "amount": payment.amount if amount is None else amount,
            "currency": payment.currency}


def request_refund(tx: Transaction, event: Event, payment: Payment, actor_id: str | None,
                   now: datetime, reason: str) -> Payment:
    """A paid payment is to be given back, what its tickets given back alone did not take of it
    already (`rest`): the payments handler asks the provider. Nothing left (every paid share
    given back already): nothing to ask."""
    if rest(payment) <= 0:
        return payment
    pending = replace(payment, status=REFUND_PENDING, refund_reason=reason, updated_at=now)
    tx.payments.put(pending)
    tx.emit(m.new_message(m.PAYMENT_REFUND_REQUESTED, actor_id, now, reason=reason,
                          **about(event, payment, amount=rest(payment))))
    return pending


def rest(payment: Payment) -> int:
    return payment.amount - payment.refunded_part


def refund_ticket(tx: Transaction, event: Event, payment: Payment, ticket: Registration,
                  actor_id: str, now: datetime, reason: str) -> Payment:
    """One ticket of a paid order, cancelled while others stand, is given back its share. The
    share is counted on the payment in the cancelling transaction, so a refund of the rest later
    (the event cancelled) never gives it twice, and no two tickets give back more than was paid
    (invariant 18; a ticket is cancelled once)."""
    part = share(ticket, payment)
    if part <= 0:
        return payment
    counted = replace(payment, refunded_part=payment.refunded_part + part, updated_at=now)
    tx.payments.put(counted)
    tx.emit(m.new_message(m.PAYMENT_REFUND_REQUESTED, actor_id, now, reason=reason,
                          **about(event, payment, amount=part, ticket_id=ticket.id)))
    return counted


def close_unpaid(tx: Transaction, event: Event, payment: Payment, actor_id: str | None,
                 now: datetime, status: PaymentStatus) -> Payment:
    """An open payment ends unpaid; its checkout, if one was opened, is closed at the provider."""
    closed = replace(payment, status=status, updated_at=now)
    tx.payments.put(closed)
    if payment.checkout_id:
        tx.emit(m.new_message(m.PAYMENT_CLOSED, actor_id, now, checkout_id=payment.checkout_id,
                              status=status, **about(event, payment)))
    return closed


def release_hold(tx: Transaction, seats: Seats, held: list[Registration], payment: Payment,
                 actor_id: str | None, now: datetime, hold_for: timedelta, status: PaymentStatus,
                 reason: HoldEnd) -> Payment:
    """The seats held for `payment` (a ticket's, or every ticket's of its order) go back unpaid;
    the payment as it is now closed."""
    vacate_all(tx, seats, held, actor_id or payment.user_id, now, hold_for)
    event = seats.event
    closed = close_unpaid(tx, event, payment, actor_id, now, status)
    tx.emit(m.new_message(m.REGISTRATION_RELEASED, actor_id, now, reason=reason,
                          sold_out=seats.sold_out, **about(event, payment)))
    return closed
