"""The test provider's hosted checkout page: GET/POST /payments/test-checkout/<token>, where the
buyer pays or declines. It belongs to the test provider (PAYMENTS_BACKEND=test), which Stripe's
hosted page replaces in production; the app registers it only with that provider. Pressing a
button makes the provider send the notification Stripe would, to the same code the webhook
reaches (app/domain/checkout.py, `receive_notice`). It speaks the buyer's language (their browser's
Accept-Language), as Stripe's hosted page does."""

from __future__ import annotations

from datetime import UTC
from typing import Literal, cast

from babel.dates import format_datetime
from flask import Blueprint, Response, current_app, redirect, render_template, request
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from pydantic import BaseModel, ConfigDict

from app.domain import checkout
from app.domain.errors import PaymentClosed
from app.domain.models import OPEN, PAID, REFUND_PENDING, REFUNDED
from app.domain.sentences import N_
from app.i18n import money, reader, say, translations
from app.payment_providers.test_provider import PAGE_PATH, TestCheckout, TestProvider
from app.services import EXTENSION, Services

bp = Blueprint("test_checkout", __name__, template_folder="templates", static_folder="static",
               static_url_path="/payments/static")

# The page: its own stylesheet and a form posting back to itself, nothing else.
PAGE_POLICY = ("default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; "
               "base-uri 'none'")

# What the page says of a payment that is no longer open, by its status
_SETTLED = {
    PAID: N_("This ticket is already paid for: there is nothing more to pay."),
    REFUND_PENDING: N_("This payment was paid and is being refunded: there is nothing to pay."),
    REFUNDED: N_("This payment was paid and refunded: there is nothing to pay."),
}
_CLOSED = N_("This checkout is closed: its seat was released or the ticket cancelled. Nothing was charged.")


@bp.record_once
def _speak(state: BlueprintSetupState) -> None:
    """The page's template says its sentences in the reader's language (app/i18n)."""
    environment = state.app.jinja_env
    environment.add_extension("jinja2.ext.i18n")
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        lambda message: translations(reader()).gettext(message),
        lambda singular, plural, n: translations(reader()).ngettext(singular, plural, n), newstyle=True)


class TestCheckoutIn(BaseModel):
    """The page's form (application/x-www-form-urlencoded)."""

    __test__ = False  # not a pytest class, whatever its name
    model_config = ConfigDict(extra="ignore")
    outcome: Literal["pay", "decline"]


def _services() -> Services:
    return cast(Services, current_app.extensions[EXTENSION])


def _page(page: TestCheckout | None, problem: PaymentClosed | None = None, status: int = 200) -> Response:
    language = reader()
    html = render_template(
        "test_checkout.html", checkout=page, language=language.value,
        problem=say(language, problem.template, problem.params) if problem else None,
        amount=money(page.amount, page.currency, language) if page else None,
        pay_before=format_datetime(page.expires_at, "dd MMM y, HH:mm", tzinfo=UTC, locale=language.value)
        if page else None)
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Content-Security-Policy"] = PAGE_POLICY
    response.headers["Cache-Control"] = "no-store"
    return response


def _open_checkout(token: str) -> TestCheckout:
    """The checkout a token names (NotFound for one we did not sign), while its payment is
    still open; PaymentClosed otherwise, saying why."""
    svc = _services()
    provider = cast(TestProvider, svc.payments)
    page = provider.checkout(token)
    status = checkout.payment_state(svc.store, page.payment_id).status
    if status != OPEN:
        raise PaymentClosed(_SETTLED.get(status, _CLOSED))
    return page


@bp.get(PAGE_PATH + "<token>")
def show(token: str) -> Response:
    try:
        return _page(_open_checkout(token))
    except PaymentClosed as exc:
        return _page(None, exc, 409)


@bp.post(PAGE_PATH + "<token>")
def answer(token: str) -> ResponseReturnValue:
    """The buyer paid or declined: the test provider notifies us as Stripe would, then sends the
    buyer back (as Stripe does, whether or not the notification has been applied yet)."""
    outcome = TestCheckoutIn.model_validate(request.form.to_dict())
    try:
        page = _open_checkout(token)
    except PaymentClosed as exc:
        return _page(None, exc, 409)
    svc = _services()
    paid = outcome.outcome == "pay"
    body, signature = cast(TestProvider, svc.payments).notify(page, paid)
    checkout.receive_notice(svc.store, svc.payments, body, signature, svc.clock(), svc.config.hold_for)
    return redirect(page.success_url if paid else page.cancel_url, 303)
