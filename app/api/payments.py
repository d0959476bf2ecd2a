"""POST /payments/webhook: the payment provider's notifications (Stripe's, or the test
provider's in the same format). GET/POST /payments/test-checkout/<token>: the test provider's
hosted checkout page, where the buyer pays or declines (only with PAYMENTS_BACKEND=test)."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Response, redirect, render_template, request
from flask.typing import ResponseReturnValue

from app.api.common import now, services
from app.api.schemas import TestCheckoutIn
from app.domain import checkout
from app.domain.errors import NotFound, PaymentClosed
from app.domain.models import OPEN, PAID, REFUND_PENDING, REFUNDED
from app.payments.local import LocalProvider, TestCheckout
from app.payments.money import display

bp = Blueprint("payments", __name__, url_prefix="/payments", template_folder="templates",
               static_folder="static", static_url_path="/static")
log = logging.getLogger(__name__)

# The checkout page: its own stylesheet and a form posting back to itself, nothing else.
PAGE_POLICY = ("default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; "
               "base-uri 'none'")


def _settle(body: bytes, signature: str | None) -> dict[str, Any]:
    svc = services()
    notice = svc.payments.read_notice(body, signature)  # BadSignature: 400, nothing changed
    if notice is None:
        return {"received": True, "applied": False}
    settled = checkout.settle(svc.store, notice, now(), svc.config.hold_for)
    if settled is None:
        log.warning("payment notice for a payment we do not have", extra={"fields": {
            "notice_id": notice.notice_id, "payment_id": notice.payment_id}})
    # applied: the notice changed something (a replay or an outdated notice changes nothing)
    return {"received": True, "applied": settled is not None and settled.changed}


@bp.post("/webhook")
def webhook() -> dict[str, Any]:
    """2xx tells the provider to stop sending; a notice that could not be applied yet (the
    store is busy: 503) is sent again by the provider."""
    return _settle(request.get_data(), request.headers.get("Stripe-Signature"))


def _test_provider() -> LocalProvider:
    provider = services().payments
    if not isinstance(provider, LocalProvider):
        raise NotFound("the test checkout exists only with PAYMENTS_BACKEND=test")
    return provider


def _page(checkout_page: TestCheckout | None, problem: str | None = None, status: int = 200) -> Response:
    html = render_template(
        "test_checkout.html", checkout=checkout_page, problem=problem,
        amount=display(checkout_page.amount, checkout_page.currency) if checkout_page else None)
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Content-Security-Policy"] = PAGE_POLICY
    response.headers["Cache-Control"] = "no-store"
    return response


# What the checkout page says of a payment that is no longer open, by its status
_SETTLED = {
    PAID: "This ticket is already paid for: there is nothing more to pay.",
    REFUND_PENDING: "This payment was paid and is being refunded: there is nothing to pay.",
    REFUNDED: "This payment was paid and refunded: there is nothing to pay.",
}
_CLOSED = "This checkout is closed: its seat was released or the ticket cancelled. Nothing was charged."


def _open_checkout(token: str) -> TestCheckout:
    """The checkout a token names, while its payment is still open; PaymentClosed otherwise."""
    page = _test_provider().checkout(token)
    status = checkout.payment_state(services().store, page.payment_id).status
    if status != OPEN:
        raise PaymentClosed(_SETTLED.get(status, _CLOSED))
    return page


@bp.get("/test-checkout/<token>")
def test_checkout(token: str) -> Response:
    try:
        return _page(_open_checkout(token))
    except PaymentClosed as exc:
        return _page(None, exc.detail, 409)


@bp.post("/test-checkout/<token>")
def test_checkout_outcome(token: str) -> ResponseReturnValue:
    """The buyer paid or declined: the test provider notifies us as Stripe would, then sends the
    buyer back (as Stripe does, whether or not the notification has been applied yet)."""
    provider = _test_provider()
    outcome = TestCheckoutIn.model_validate(request.form.to_dict())
    try:
        page = _open_checkout(token)
    except PaymentClosed as exc:
        return _page(None, exc.detail, 409)
    paid = outcome.outcome == "pay"
    _settle(*provider.notify(page, paid))
    return redirect(page.success_url if paid else page.cancel_url, 303)
