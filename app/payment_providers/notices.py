"""Provider notifications in Stripe's format, which the test provider speaks too: an Event whose
`data.object` is a Checkout Session, signed in `Stripe-Signature` (a timestamp and an
HMAC-SHA256 of it and the body). Verified with the official library; then read into a
PaymentNotice."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import stripe
from pydantic import BaseModel, ConfigDict, ValidationError

from app.domain.errors import BadSignature, MalformedNotice
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


class _Session(BaseModel):
    """What we read of a Checkout Session (Stripe sends many more fields)."""

    model_config = ConfigDict(extra="ignore")
    id: str
    client_reference_id: str | None = None
    metadata: dict[str, str | None] | None = None
    payment_status: str | None = None
    currency: str | None = None
    amount_total: int | None = None
    payment_intent: str | None = None


class _Notice(BaseModel):
    """A Stripe Event: its `data.object` is an object whatever the type."""

    model_config = ConfigDict(extra="ignore")
    id: str
    type: str
    data: dict[str, dict[str, Any]]


def _timestamp(signature: str | None) -> int | None:
    """The `t=` of a `Stripe-Signature` header."""
    for item in (signature or "").split(","):
        key, _, value = item.strip().partition("=")
        if key == "t" and value.isdigit():
            return int(value)
    return None


def read_notice(body: bytes, signature: str | None, secret: str,
                from_provider: Callable[[int, str], int] = lambda amount, _: amount) -> PaymentNotice | None:
    """The notice `body` carries, if `signature` proves the provider sent it recently (within
    TOLERANCE either way: a signature dated in the future is no more recent); None for a kind we
    do not act on. `from_provider` turns the provider's amounts into ours. A signed body of
    another shape is refused (BadSignature's 400 tells the sender it will never be applied)."""
    try:
        stripe.WebhookSignature.verify_header(body, signature, secret, TOLERANCE)
    except (stripe.SignatureVerificationError, ValueError) as exc:
        raise BadSignature(str(exc).split("\n")[0]) from exc
    signed_at = _timestamp(signature)
    if signed_at is None or signed_at > time.time() + TOLERANCE:
        raise BadSignature("the signature's timestamp is in the future")
    try:
        event = _Notice.model_validate_json(body)
        outcome = OUTCOMES.get(event.type)
        if outcome is None:
            return None
        session = _Session.model_validate(event.data.get("object"))
    except ValidationError as exc:
        raise MalformedNotice(f"not a notice this app reads: {exc.errors()[0]['msg']}") from exc
    payment_id = session.client_reference_id or (session.metadata or {}).get("payment_id")
    if not payment_id:
        return None
    if event.type == "checkout.session.completed" and session.payment_status != "paid":
        return None
    currency = (session.currency or "").upper() or None
    amount = session.amount_total
    return PaymentNotice(
        notice_id=event.id, payment_id=payment_id, outcome=outcome, checkout_id=session.id,
        amount=from_provider(amount, currency or "") if amount is not None else None,
        currency=currency, provider_payment_id=session.payment_intent)


def session_event(event_id: str, event_type: str, session: dict[str, Any], created: int) -> bytes:
    """The body of a notification as Stripe sends it (the test provider's notifications)."""
    return json.dumps({"id": event_id, "object": "event", "type": event_type, "created": created,
                       "livemode": False, "data": {"object": session}}).encode()


def sign(body: bytes, secret: str, timestamp: int) -> str:
    """A `Stripe-Signature` header for `body`."""
    return str(stripe.WebhookSignature.generate_signature_header(body.decode(), secret, timestamp))
