"""The Stripe adapter (app/payment_providers/stripe_provider.py) against a running localstripe
(tools/localstripe.py: localstripe plus Checkout Sessions and Idempotency-Key), and the purchase
through it: Stripe's signed webhook, as localstripe sends it, settles the ticket; the refund is
made at localstripe once, however often it is asked for."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from app.domain import checkout, events
from app.domain.models import CONFIRMED, REFUNDED
from app.domain.ports import CheckoutRequest
from app.payment_providers.stripe_provider import StripeProvider, from_stripe, to_stripe
from tests.conftest import HOLD
from tests.support.checkout import refund_request
from tools.processes import ROOT, free_port, stop, wait_until_up

KEY, WEBHOOK_SECRET = "sk_test_events", "whsec_test_events"
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


class Webhooks(BaseHTTPRequestHandler):
    """Where localstripe delivers its webhooks: kept as received (body and signature)."""

    received: list[tuple[bytes, str]] = []
    arrived = threading.Condition()

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with self.arrived:
            self.received.append((body, self.headers["Stripe-Signature"]))
            self.arrived.notify_all()
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def localstripe() -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "tools.localstripe", "--port", str(port),
                             "--from-scratch"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/v1/charges", proc)
        hooks = ThreadingHTTPServer(("127.0.0.1", 0), Webhooks)
        threading.Thread(target=hooks.serve_forever, daemon=True).start()
        requests.post(f"{url}/_config/webhooks/app", timeout=5, data={
            "url": f"http://127.0.0.1:{hooks.server_port}/payments/webhook",
            "secret": WEBHOOK_SECRET}).raise_for_status()
        yield url
        hooks.shutdown()
    finally:
        stop(proc)


@pytest.fixture
def stripe(localstripe: str) -> StripeProvider:
    return StripeProvider(KEY, WEBHOOK_SECRET, localstripe)


def _request(payment_id: str, amount: int = 500, currency: str = "JPY") -> CheckoutRequest:
    return CheckoutRequest(payment_id=payment_id, amount=amount, currency=currency,
                           description="Rush", expires_at=datetime.now(UTC) + timedelta(minutes=45),
                           success_url="http://app.test/tickets/x?checkout=success",
                           cancel_url="http://app.test/tickets/x?checkout=cancelled")


def _session(localstripe: str, session_id: str) -> dict:
    return requests.get(f"{localstripe}/v1/checkout/sessions/{session_id}", auth=(KEY, ""),
                        timeout=5).json()


def _webhook(kind: str, session_id: str) -> tuple[bytes, str]:
    def arrived() -> tuple[bytes, str] | None:
        for body, signature in Webhooks.received:
            event = json.loads(body)
            if event["type"] == kind and event["data"]["object"]["id"] == session_id:
                return body, signature
        return None

    with Webhooks.arrived:
        assert Webhooks.arrived.wait_for(arrived, timeout=15), f"no {kind} webhook"
        found = arrived()
    assert found is not None
    return found


def test_a_checkout_session_is_created_once_per_payment_in_minor_units(stripe, localstripe):
    first = stripe.open_checkout(_request("pay-jpy"))
    again = stripe.open_checkout(_request("pay-jpy"))  # a retried request: the same session
    assert again.checkout_id == first.checkout_id and first.url.startswith("https://")
    session = _session(localstripe, first.checkout_id)
    assert (session["amount_total"], session["currency"]) == (500, "jpy")  # zero-decimal: as is
    assert session["client_reference_id"] == "pay-jpy"
    isk = _session(localstripe, stripe.open_checkout(_request("pay-isk", 500, "ISK")).checkout_id)
    assert isk["amount_total"] == 50_000 == to_stripe(500, "ISK")  # Stripe's two decimals
    assert from_stripe(50_000, "ISK") == 500 and to_stripe(1_999, "EUR") == 1_999


def test_a_session_whose_seat_went_back_is_expired(stripe, localstripe):
    opened = stripe.open_checkout(_request("pay-expire"))
    stripe.close_checkout(opened.checkout_id)
    stripe.close_checkout(opened.checkout_id)  # already expired: nothing to do, no error
    assert _session(localstripe, opened.checkout_id)["status"] == "expired"
    body, signature = _webhook("checkout.session.expired", opened.checkout_id)
    notice = stripe.read_notice(body, signature)
    assert notice is not None and notice.outcome == "expired" and notice.payment_id == "pay-expire"


def test_a_purchase_paid_at_stripe_is_confirmed_by_its_signed_webhook_and_refunded_once(
        stripe, localstripe, store):
    fields = dict(title="Rush", description="", starts_at=NOW + timedelta(days=2), ends_at=None,
                  timezone="UTC", location="", capacity=1, price=1_999, currency="EUR")
    event = events.create_event(store, "olga", fields, NOW)
    held, payment = checkout.buy(store, stripe, "ann", event.id, False, NOW, "http://app.test/",
                                 hold_for=HOLD)
    assert payment is not None and payment.provider == "stripe"
    requests.post(f"{localstripe}/_config/checkout_sessions/{payment.checkout_id}/pay",
                  timeout=5).raise_for_status()
    body, signature = _webhook("checkout.session.completed", payment.checkout_id)
    notice = stripe.read_notice(body, signature)
    assert notice is not None and notice.amount == 1_999 and notice.currency == "EUR"
    checkout.settle(store, notice, NOW, hold_for=HOLD)
    assert store.read(lambda tx: tx.registrations.get(held.id)).status == CONFIRMED
    # the organizer cancels: a refund is requested, and carried out at Stripe once
    events.cancel_event(store, "olga", event.id, NOW)
    paid = store.read(lambda tx: tx.payments.get(held.id))
    request = refund_request(paid)
    # a crash between the call and its record asks again: the same refund
    first, second = stripe.refund(paid, 1_999, paid.id), stripe.refund(paid, 1_999, paid.id)
    assert first == second
    assert checkout.carry_out(store, stripe, request, NOW)
    assert not checkout.carry_out(store, stripe, request, NOW)
    refunds = requests.get(f"{localstripe}/v1/refunds", auth=(KEY, ""), timeout=5,
                           params={"payment_intent": paid.provider_payment_id}).json()["data"]
    assert [r["id"] for r in refunds] == [first] and refunds[0]["amount"] == 1_999
    assert store.read(lambda tx: tx.payments.get(held.id)).status == REFUNDED


def test_a_ticket_of_an_order_is_refunded_its_share_and_the_order_the_rest(localstripe, store):
    """Two refunds of one PaymentIntent, each under its own key (a ticket's, then the order's)."""
    stripe = StripeProvider(KEY, WEBHOOK_SECRET, localstripe)
    fields = dict(title="Pair", description="", starts_at=NOW + timedelta(days=2), ends_at=None,
                  timezone="UTC", location="", capacity=2, price=1_000, currency="EUR")
    event = events.create_event(store, "olga", fields, NOW)
    held, payment = checkout.buy(store, stripe, "ann", event.id, False, NOW, "http://app.test/",
                                 hold_for=HOLD)
    assert payment is not None
    requests.post(f"{localstripe}/_config/checkout_sessions/{payment.checkout_id}/pay",
                  timeout=5).raise_for_status()
    notice = stripe.read_notice(*_webhook("checkout.session.completed", payment.checkout_id))
    assert notice is not None
    checkout.settle(store, notice, NOW, hold_for=HOLD)
    paid = store.read(lambda tx: tx.payments.get(held.id))
    part = stripe.refund(paid, 400, "ticket-2")
    assert stripe.refund(paid, 400, "ticket-2") == part  # asked again: the same refund
    rest = stripe.refund(paid, 600, paid.id)
    refunds = requests.get(f"{localstripe}/v1/refunds", auth=(KEY, ""), timeout=5,
                           params={"payment_intent": paid.provider_payment_id}).json()["data"]
    assert sorted((r["id"], r["amount"]) for r in refunds) == sorted([(part, 400), (rest, 600)])


def test_stripe_being_down_is_unavailable_not_a_crash(store):
    from app.domain.errors import Unavailable

    down = StripeProvider(KEY, WEBHOOK_SECRET, f"http://127.0.0.1:{free_port()}")
    with pytest.raises(Unavailable):
        down.open_checkout(_request("pay-down"))
