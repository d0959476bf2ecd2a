"""localstripe (a stateful fake Stripe server, PyPI) with what this project uses and it lacks:

- Checkout Sessions in Stripe's wire format: POST /v1/checkout/sessions (the fields this app
  sends, checked as Stripe checks them: one-off payment, a price per line, expires_at 30 minutes
  to 24 hours away), GET /v1/checkout/sessions/{id}, POST /v1/checkout/sessions/{id}/expire;
- Idempotency-Key: a POST repeated with the same key answers what the first one answered;
- POST /_config/checkout_sessions/{id}/pay, the buyer paying on Stripe's page: a real localstripe
  PaymentIntent confirmed with the test card pm_card_visa, the session completed, and
  `checkout.session.completed` sent, signed, to the webhooks registered with
  POST /_config/webhooks/{id} (localstripe's own sender).

Run: python -m tools.localstripe --port N --from-scratch (the tests start it like the emulators).
"""

from __future__ import annotations

import json
import time
from typing import Any

from aiohttp import web
from localstripe import server  # type: ignore[import-untyped]
from localstripe.resources import (  # type: ignore[import-untyped]
    Event,
    PaymentIntent,
    StripeObject,
    UserError,
)
from localstripe.webhooks import schedule_webhook  # type: ignore[import-untyped]


class CheckoutSession(StripeObject):  # type: ignore[misc]
    object = "checkout.session"
    _id_prefix = "cs_test_"

    def __init__(self, mode: str | None = None, line_items: Any = None,
                 client_reference_id: str | None = None, metadata: Any = None,
                 payment_intent_data: Any = None, expires_at: Any = None,
                 success_url: str | None = None, cancel_url: str | None = None, **kwargs: Any) -> None:
        if kwargs:
            raise UserError(400, "Unexpected " + ", ".join(kwargs))
        try:
            assert mode == "payment" and success_url
            assert isinstance(line_items, list) and len(line_items) == 1
            price = line_items[0]["price_data"]
            amount = int(price["unit_amount"]) * int(line_items[0].get("quantity", 1))
            assert amount > 0 and price["currency"] == price["currency"].lower()
            expires = int(expires_at)
            assert time.time() + 30 * 60 <= expires <= time.time() + 24 * 3600
        except (AssertionError, KeyError, TypeError, ValueError):
            raise UserError(400, "Bad request") from None
        super().__init__()
        self.mode = mode
        self.amount_total = amount
        self.currency = price["currency"]
        self.client_reference_id = client_reference_id
        self.metadata = metadata or {}
        self._intent_metadata = (payment_intent_data or {}).get("metadata") or {}
        self.expires_at = expires
        self.success_url = success_url
        self.cancel_url = cancel_url
        self.status = "open"
        self.payment_status = "unpaid"
        self.payment_intent = None
        self.url = f"https://checkout.stripe.test/c/pay/{self.id}"

    @classmethod
    def _api_expire(cls, id: str, **kwargs: Any) -> CheckoutSession:
        session = cls._api_retrieve(id)
        if session.status != "open":
            raise UserError(400, "Only Checkout Sessions with a status of open can be expired.")
        session.status = "expired"
        schedule_webhook(Event("checkout.session.expired", session))
        return session

    @classmethod
    def _api_pay(cls, id: str, **kwargs: Any) -> CheckoutSession:
        session = cls._api_retrieve(id)
        if session.status != "open":
            raise UserError(400, "This Checkout Session is no longer open.")
        intent = PaymentIntent(amount=session.amount_total, currency=session.currency,
                               payment_method="pm_card_visa", metadata=session._intent_metadata)
        PaymentIntent._api_confirm(intent.id)
        session.payment_intent = intent.id
        session.status, session.payment_status = "complete", "paid"
        schedule_webhook(Event("checkout.session.completed", session))
        return session


_replies: dict[tuple[str, str], tuple[int, bytes]] = {}


@web.middleware
async def idempotency(request: web.Request, handler: Any) -> web.StreamResponse:
    key = request.headers.get("Idempotency-Key")
    if request.method != "POST" or not key:
        return await handler(request)
    seen = _replies.get((key, request.path))
    if seen is not None:
        return web.Response(status=seen[0], body=seen[1], content_type="application/json",
                            headers={"Idempotent-Replayed": "true"})
    response = await handler(request)
    if isinstance(response, web.Response) and response.body is not None and response.status < 500:
        _replies[(key, request.path)] = (response.status, bytes(response.body))
    return response


def _json(obj: StripeObject) -> web.Response:
    return web.Response(text=json.dumps(obj._export()), content_type="application/json")


async def _create(request: web.Request) -> web.Response:
    data = await server.get_post_data(request) or {}
    return _json(CheckoutSession(**data))


async def _retrieve(request: web.Request) -> web.Response:
    return _json(CheckoutSession._api_retrieve(request.match_info["id"]))


async def _expire(request: web.Request) -> web.Response:
    return _json(CheckoutSession._api_expire(request.match_info["id"]))


async def _pay(request: web.Request) -> web.Response:
    return _json(CheckoutSession._api_pay(request.match_info["id"]))


def main() -> None:
    server.app.middlewares.append(idempotency)
    server.app.router.add_post("/v1/checkout/sessions", _create)
    server.app.router.add_get("/v1/checkout/sessions/{id}", _retrieve)
    server.app.router.add_post("/v1/checkout/sessions/{id}/expire", _expire)
    server.app.router.add_post("/_config/checkout_sessions/{id}/pay", _pay)
    server.start()


if __name__ == "__main__":
    main()
