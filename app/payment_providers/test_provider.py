"""The test provider: the embedded default, with no account and no network. Its checkout is a page
this app serves (/payments/test-checkout/<token>, checkout_page.py) where the buyer pays or
declines; it then sends the notification Stripe would send for that (a signed
`checkout.session.*` event) to the same code the Stripe webhook reaches. Refunds succeed at once.

A checkout is a signed token holding what the page shows and where it returns to: nothing is
stored, so any worker can serve it, and a token the app did not sign is refused."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

import jwt

from app.domain.errors import NotFound, PaymentClosed
from app.domain.ids import new_id
from app.domain.models import Payment
from app.domain.ports import Checkout, CheckoutRequest, Clock, PaymentNotice, PaymentProvider
from app.payment_providers.notices import read_notice, session_event, sign

PAGE_PATH = "/payments/test-checkout/"
_ALGORITHM = "HS256"


@dataclass(frozen=True)
class TestCheckout:
    """What the test checkout page shows and where it sends the buyer back to."""

    __test__ = False  # not a pytest class, whatever its name

    token: str
    checkout_id: str
    payment_id: str
    amount: int
    currency: str
    description: str
    expires_at: datetime
    success_url: str
    cancel_url: str


class TestProvider(PaymentProvider):
    name = "test"  # PAYMENTS_BACKEND=test, and in every payment it took
    __test__ = False  # a provider, not a pytest test class

    def __init__(self, secret: str, clock: Clock) -> None:
        self._secret = secret
        self._clock = clock

    def open_checkout(self, request: CheckoutRequest) -> Checkout:
        token = jwt.encode({
            "pid": request.payment_id, "amt": request.amount, "cur": request.currency,
            "desc": request.description, "until": int(request.expires_at.timestamp()),
            "ok": request.success_url, "no": request.cancel_url}, self._secret, algorithm=_ALGORITHM)
        # The page is on the site the buyer comes back to: this app.
        return Checkout(_checkout_id(request.payment_id), urljoin(request.success_url, PAGE_PATH + token))

    def close_checkout(self, checkout_id: str) -> None:
        """Nothing to close: the token ends with the hold, and a payment for a released seat is
        refunded like any late payment."""

    def refund(self, payment: Payment, amount: int, key: str) -> str:
        return f"re_test_{key}"

    def read_notice(self, body: bytes, signature: str | None) -> PaymentNotice | None:
        return read_notice(body, signature, self._secret)

    # the checkout page
    def checkout(self, token: str) -> TestCheckout:
        """The checkout a token names; NotFound for a token we did not sign, PaymentClosed when
        its hold has ended (on the app's clock)."""
        try:
            claims = jwt.decode(token, self._secret, algorithms=[_ALGORITHM])
        except jwt.InvalidTokenError as exc:
            raise NotFound("no such checkout") from exc
        expires_at = datetime.fromtimestamp(int(claims["until"]), tz=UTC)
        checkout = TestCheckout(
            token=token, checkout_id=_checkout_id(claims["pid"]), payment_id=claims["pid"],
            amount=int(claims["amt"]), currency=claims["cur"], description=claims["desc"],
            expires_at=expires_at, success_url=claims["ok"], cancel_url=claims["no"])
        if self._clock() >= expires_at:
            raise PaymentClosed("this checkout has expired: its seat was held until "
                                f"{expires_at:%H:%M} UTC")
        return checkout

    def notify(self, checkout: TestCheckout, paid: bool) -> tuple[bytes, str]:
        """The signed notification Stripe sends when a session is paid (or, for a decline, when
        an asynchronous payment fails): the body and its `Stripe-Signature`."""
        now = int(time.time())  # signatures are dated on the real clock, as Stripe's are
        session = {
            "id": checkout.checkout_id, "object": "checkout.session",
            "client_reference_id": checkout.payment_id, "metadata": {"payment_id": checkout.payment_id},
            "amount_total": checkout.amount, "currency": checkout.currency.lower(),
            "payment_status": "paid" if paid else "unpaid",
            "status": "complete" if paid else "open",
            "payment_intent": f"pi_test_{checkout.payment_id}" if paid else None}
        kind = "checkout.session.completed" if paid else "checkout.session.async_payment_failed"
        body = session_event(f"evt_test_{new_id()}", kind, session, now)
        return body, sign(body, self._secret, now)


def _checkout_id(payment_id: str) -> str:
    return f"cs_test_{payment_id}"
