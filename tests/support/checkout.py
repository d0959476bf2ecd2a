"""A buyer's side of the test provider: the site they come back to, the provider's notices, and
what the store says of their payment and ticket."""

from __future__ import annotations

from app.domain.message_data import RefundRequested
from app.domain.models import PAID, Payment
from app.domain.ports import PaymentNotice

SITE = "http://app.test/"


def notice(payment_id: str, outcome: str = PAID, amount: int | None = 150_000,
           currency: str = "KZT") -> PaymentNotice:
    return PaymentNotice(notice_id="evt_1", payment_id=payment_id, outcome=outcome,
                         checkout_id=f"cs_test_{payment_id}", amount=amount, currency=currency,
                         provider_payment_id=f"pi_{payment_id}")


def payment(store, registration_id: str):
    return store.read(lambda tx: tx.payments.get(registration_id))


def registration(store, registration_id: str):
    return store.read(lambda tx: tx.registrations.get(registration_id))


def refund_request(payment: Payment) -> RefundRequested:
    """What the payments subscription receives for a refund the rules requested."""
    return RefundRequested(event_id=payment.event_id, organizer_id="organizer", title="Event",
                           payment_id=payment.id, registration_id=payment.id, user_id=payment.user_id,
                           amount=payment.amount, currency=payment.currency,
                           reason=payment.refund_reason or "")
