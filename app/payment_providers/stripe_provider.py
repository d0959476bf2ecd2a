"""Stripe, through the official library: a Checkout Session per payment (created with an
idempotency key, so a retried request is the same session), refunds of its PaymentIntent (also
keyed), sessions expired when their seat goes back, and webhooks verified with the endpoint's
signing secret. STRIPE_API_BASE points it at another server speaking Stripe's API (localstripe
in the tests)."""

from __future__ import annotations

import time
from typing import Any

import stripe

from app.domain.errors import Unavailable
from app.domain.models import Payment
from app.domain.ports import Checkout, CheckoutRequest, PaymentNotice, PaymentProvider
from app.payment_providers.notices import read_notice

# Stripe takes a Checkout Session's expiry 30 minutes to 24 hours after its creation.
SESSION_MIN_SECONDS = 30 * 60 + 60
# Currencies whose Stripe amounts differ from ISO 4217 minor units: ISK has no minor unit, but
# Stripe takes it with two decimals that must be 00.
_STRIPE_SCALE = {"ISK": 100}


def to_stripe(amount: int, currency: str) -> int:
    return amount * _STRIPE_SCALE.get(currency.upper(), 1)


def from_stripe(amount: int, currency: str) -> int:
    return amount // _STRIPE_SCALE.get(currency.upper(), 1)


class StripeProvider(PaymentProvider):
    name = "stripe"

    def __init__(self, secret_key: str, webhook_secret: str, api_base: str | None = None) -> None:
        self._client = stripe.StripeClient(
            secret_key, base_addresses={"api": api_base} if api_base else None,
            max_network_retries=2)
        self._webhook_secret = webhook_secret

    def open_checkout(self, request: CheckoutRequest) -> Checkout:
        # A hold shorter than Stripe's shortest session still ends on our side at its own time;
        # the session is expired then (close_checkout), and a payment that beats that is refunded.
        expires_at = max(int(request.expires_at.timestamp()), int(time.time()) + SESSION_MIN_SECONDS)
        metadata = {"payment_id": request.payment_id}
        session = self._call(lambda: self._client.v1.checkout.sessions.create(params={
            "mode": "payment", "client_reference_id": request.payment_id, "metadata": metadata,
            "payment_intent_data": {"metadata": metadata},
            "line_items": [{"quantity": 1, "price_data": {
                "currency": request.currency.lower(),
                "unit_amount": to_stripe(request.amount, request.currency),
                "product_data": {"name": request.description}}}],
            "expires_at": expires_at, "success_url": request.success_url,
            "cancel_url": request.cancel_url,
        }, options={"idempotency_key": f"checkout-{request.payment_id}"}))
        return Checkout(session.id, str(session.url))

    def close_checkout(self, checkout_id: str) -> None:
        try:
            self._client.v1.checkout.sessions.expire(checkout_id)
        except stripe.InvalidRequestError:
            pass  # already expired or paid: nothing to close (a payment is then refunded)
        except stripe.StripeError as exc:
            raise Unavailable(f"Stripe: {exc}") from exc

    def refund(self, payment: Payment, amount: int, key: str) -> str:
        refund = self._call(lambda: self._client.v1.refunds.create(
            params={"payment_intent": payment.provider_payment_id or "", "amount": amount,
                    "metadata": {"payment_id": payment.id, "refund_of": key}},
            options={"idempotency_key": f"refund-{key}"}))
        return str(refund.id)

    def read_notice(self, body: bytes, signature: str | None) -> PaymentNotice | None:
        return read_notice(body, signature, self._webhook_secret, from_stripe)

    @staticmethod
    def _call(request: Any) -> Any:
        try:
            return request()
        except stripe.StripeError as exc:
            raise Unavailable(f"Stripe: {exc.user_message or exc}") from exc
