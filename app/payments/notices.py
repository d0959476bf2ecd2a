"""Provider notifications in Stripe's format, which the test provider speaks too: an Event whose
`data.object` is a Checkout Session, signed in `Stripe-Signature` (a timestamp and an
HMAC-SHA256 of it and the body). Verified with the official library; then read into a
PaymentNotice."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import stripe

from app.domain.errors import BadSignature
from app.domain.models import EXPIRED, FAILED, PAID
from app.domain.ports import PaymentNotice

TOLERANCE = 300  # seconds: Stripe's default; a signature older than this is a replay

# event type -> outcome; `completed` pays only when the session says so (an asynchronous
# method completes unpaid, then succeeds or fails later)
OUTCOMES = {
    "checkout.session.completed": PAID,
    "checkout.session.async_payment_succeeded": PAID,
    "checkout.session.async_payment_failed": FAILED,
    "checkout.session.expired": EXPIRED,
}


def read_notice(body: bytes, signature: str | None, secret: str,
                from_provider: Callable[[int, str], int] = lambda amount, _: amount) -> PaymentNotice | None:
    """The notice `body` carries, if `signature` proves the provider sent it recently; None for
    a kind we do not act on. `from_provider` turns the provider's amounts into ours."""
    try:
        stripe.WebhookSignature.verify_header(body, signature, secret, TOLERANCE)
        event = json.loads(body)
    except (stripe.SignatureVerificationError, ValueError) as exc:
        raise BadSignature(str(exc).split("\n")[0]) from exc
    outcome = OUTCOMES.get(str(event.get("type")))
    session: dict[str, Any] = (event.get("data") or {}).get("object") or {}
    payment_id = session.get("client_reference_id") or (session.get("metadata") or {}).get("payment_id")
    if outcome is None or not payment_id:
        return None
    if event["type"] == "checkout.session.completed" and session.get("payment_status") != "paid":
        return None
    currency = str(session.get("currency") or "").upper() or None
    amount = session.get("amount_total")
    return PaymentNotice(
        notice_id=str(event.get("id")), payment_id=str(payment_id), outcome=outcome,
        checkout_id=str(session.get("id")),
        amount=from_provider(int(amount), currency or "") if isinstance(amount, int) else None,
        currency=currency, provider_payment_id=session.get("payment_intent"))


def session_event(event_id: str, event_type: str, session: dict[str, Any], created: int) -> bytes:
    """The body of a notification as Stripe sends it (the test provider's notifications)."""
    return json.dumps({"id": event_id, "object": "event", "type": event_type, "created": created,
                       "livemode": False, "data": {"object": session}}).encode()


def sign(body: bytes, secret: str, timestamp: int) -> str:
    """A `Stripe-Signature` header for `body`."""
    return str(stripe.WebhookSignature.generate_signature_header(body.decode(), secret, timestamp))
