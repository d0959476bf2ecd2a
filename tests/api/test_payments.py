"""The purchase through the API on the test provider (app/api/payments.py, registrations,
events/sales), the webhook's signature checks, and the scheduler's sweep route (app/api/tasks.py)."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from urllib.parse import urlsplit

import pytest

from app.payment_providers import notices
from app.payment_providers.test_provider import TestProvider
from tests.conftest import PAYMENTS_SECRET, PUSH_TOKEN, answer_checkout
from tests.stack import kinds


@pytest.fixture
def paid(people, clock):
    olga, ann = people(2)
    event = olga.create_event(clock, capacity=1, price=250_000, currency="KZT")
    return olga, ann, event


def _hold(ann, event):
    held = ann.post("/registrations", json={"event_id": event["id"]})
    assert held.status_code == 201, held.get_json()
    return held.get_json()


def test_a_purchase_on_the_test_provider(paid, client):
    olga, ann, event = paid
    held = _hold(ann, event)
    assert held["status"] == "pending_payment" and held["hold_expires_at"] == "2026-11-24T12:30:00Z"
    assert held["payment"]["status"] == "open" and held["payment"]["amount"] == 250_000
    page = client.get(urlsplit(held["payment"]["checkout_url"]).path)
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "2,500.00 KZT" in page.get_data(as_text=True)
    assert "form-action 'self'" in page.headers["Content-Security-Policy"]
    answered = answer_checkout(client, held["payment"]["checkout_url"], "pay")
    assert answered.headers["Location"] == f"http://127.0.0.1:8080/tickets/{held['id']}?checkout=success"
    ticket = ann.get(f"/registrations/{held['id']}").get_json()
    assert ticket["status"] == "confirmed" and ticket["payment"]["status"] == "paid"
    assert ticket["payment"]["checkout_url"] is None and ticket["event"]["title"] == event["title"]
    sales = olga.get(f"/events/{event['id']}/sales")
    assert sales.status_code == 200
    assert {k: sales.get_json()[k] for k in ("paid_count", "paid_amount", "net_amount")} == \
        {"paid_count": 1, "paid_amount": 250_000, "net_amount": 250_000}
    assert ann.get(f"/events/{event['id']}/sales").status_code == 403
    assert olga.get(f"/registrations/{held['id']}").status_code == 403  # the holder's receipt only


def test_declining_gives_the_seat_back(paid, client):
    _, ann, event = paid
    held = _hold(ann, event)
    answered = answer_checkout(client, held["payment"]["checkout_url"], "decline")
    assert answered.headers["Location"].endswith("?checkout=cancelled")
    assert ann.get(f"/registrations/{held['id']}").get_json()["status"] == "cancelled"
    assert ann.get(f"/events/{event['id']}").get_json()["seats_left"] == 1
    assert ann.post(f"/registrations/{held['id']}/checkout").get_json()["code"] == "payment_closed"


def test_an_expired_checkout_page_refuses_to_take_money(paid, client, clock):
    _, ann, event = paid
    held = _hold(ann, event)
    clock.advance(minutes=31)
    path = urlsplit(held["payment"]["checkout_url"]).path
    assert client.get(path).status_code == 409
    assert client.post(path, data={"outcome": "pay"}).status_code == 409
    assert client.get("/payments/test-checkout/not-a-token").status_code == 404


def test_links_come_from_public_url_never_from_the_host_header(paid, client):
    _, ann, event = paid
    held = ann.post("/registrations", json={"event_id": event["id"]},
                    headers={"Host": "evil.example", "X-Forwarded-Host": "evil.example"}).get_json()
    url = held["payment"]["checkout_url"]
    assert url.startswith("http://127.0.0.1:8080/payments/test-checkout/"), url
    answered = answer_checkout(client, url, "decline")
    assert urlsplit(answered.headers["Location"]).netloc == "127.0.0.1:8080"  # no open redirect


@pytest.mark.parametrize("settle", ["pay", "decline", "refund"])
def test_a_checkout_page_that_is_no_longer_open_says_so(paid, client, settle):
    _, ann, event = paid
    held = _hold(ann, event)
    url = held["payment"]["checkout_url"]
    answer_checkout(client, url, "decline" if settle == "decline" else "pay")
    if settle == "refund":
        assert ann.delete(f"/registrations/{held['id']}").status_code == 200
    page = client.get(urlsplit(url).path)
    text = page.get_data(as_text=True)
    assert page.status_code == 409 and "Pay for your ticket" not in text and "<form" not in text
    assert {"pay": "already paid", "decline": "closed", "refund": "refunded"}[settle] in text
    again = client.post(urlsplit(url).path, data={"outcome": "pay"})
    assert again.status_code == 409 and "Location" not in again.headers  # no success page


def _signed(app, held, **change) -> tuple[bytes, str]:
    provider: TestProvider = app.extensions["events"].payments
    checkout = provider.checkout(urlsplit(held["payment"]["checkout_url"]).path.rsplit("/", 1)[1])
    return provider.notify(replace(checkout, **change), True)


def _webhook(client, body: bytes, signature: str | None):
    headers = {"Stripe-Signature": signature} if signature else {}
    return client.post("/payments/webhook", data=body, headers=headers, content_type="application/json")


def test_the_webhook_refuses_tampered_stale_and_foreign_signatures(app, paid, client):
    _, ann, event = paid
    held = _hold(ann, event)
    body, signature = _signed(app, held)
    tampered = body.replace(b'"amount_total": 250000', b'"amount_total": 1')
    stale_at = int(time.time()) - notices.TOLERANCE - 60
    future_at = int(time.time()) + 365 * 24 * 3600
    refused = {
        "tampered": _webhook(client, tampered, signature),
        "stale": _webhook(client, body, notices.sign(body, PAYMENTS_SECRET, stale_at)),
        "future": _webhook(client, body, notices.sign(body, PAYMENTS_SECRET, future_at)),
        "foreign": _webhook(client, body, notices.sign(body, "someone-else's-secret", int(time.time()))),
        "unsigned": _webhook(client, body, None),
        "garbled": _webhook(client, body, "t=abc,v1=00"),
    }
    for name, response in refused.items():
        assert response.status_code == 400, name
        assert response.get_json()["code"] == "bad_signature", name
    assert ann.get(f"/registrations/{held['id']}").get_json()["status"] == "pending_payment"
    # the genuine one applies; sent again (a replay inside the tolerance) it changes nothing
    assert _webhook(client, body, signature).get_json() == {"received": True, "applied": True}
    first = ann.get(f"/registrations/{held['id']}").get_json()
    assert _webhook(client, body, signature).get_json() == {"received": True, "applied": False}
    assert ann.get(f"/registrations/{held['id']}").get_json() == first
    assert first["status"] == "confirmed"


def test_a_notice_for_a_payment_we_do_not_have_is_acknowledged(client):
    body = notices.session_event("evt_x", "checkout.session.completed", {
        "id": "cs_x", "client_reference_id": "nobody", "payment_status": "paid",
        "amount_total": 1, "currency": "kzt"}, int(time.time()))
    signed = _webhook(client, body, notices.sign(body, PAYMENTS_SECRET, int(time.time())))
    assert signed.get_json() == {"received": True, "applied": False}
    other = json.dumps({"id": "evt_y", "type": "customer.created", "data": {"object": {}}}).encode()
    assert _webhook(client, other, notices.sign(other, PAYMENTS_SECRET, int(time.time()))).status_code == 200


@pytest.mark.parametrize("body", [
    b"[]", b'"x"', b"{}", b'{"id": "evt_1", "type": "checkout.session.completed", "data": "x"}',
    b'{"id": "evt_1", "type": "checkout.session.completed", "data": {"object": "x"}}',
    b'{"id": "evt_1", "type": "checkout.session.completed", "data": {"object": {"id": "cs_1", '
    b'"client_reference_id": "r1", "metadata": "x"}}}',
    b'{"id": "evt_1", "type": "checkout.session.completed", "data": {"object": {"id": "cs_1", '
    b'"amount_total": "lots"}}}',
    b'{"id": 7, "type": ["x"], "data": {"object": {}}}',
])
def test_a_signed_body_of_another_shape_is_a_400(client, body):
    answer = _webhook(client, body, notices.sign(body, PAYMENTS_SECRET, int(time.time())))
    assert answer.status_code == 400 and answer.mimetype == "application/problem+json"
    assert answer.get_json()["code"] == "malformed_notice"


def test_the_sweep_route_is_for_the_scheduler_only(app, paid, client, clock):
    _, ann, event = paid
    held = _hold(ann, event)
    clock.advance(minutes=31)
    assert client.post("/tasks/release-holds").status_code == 401
    assert client.get("/tasks/release-holds", headers={"X-Appengine-Cron": "true"}).status_code == 401
    assert ann.get(f"/registrations/{held['id']}").get_json()["status"] == "pending_payment"
    swept = client.post(f"/tasks/release-holds?token={PUSH_TOKEN}")
    assert swept.get_json() == {"released": 1, "more": False}
    assert client.get(f"/tasks/release-holds?token={PUSH_TOKEN}").get_json()["released"] == 0
    assert ann.get(f"/registrations/{held['id']}").get_json()["status"] == "cancelled"


def test_app_engine_cron_is_trusted_on_app_engine_only(app, client):
    services = app.extensions["events"]
    app.extensions["events"] = replace(services, config=replace(services.config, app_engine=True))
    assert client.get("/tasks/release-holds", headers={"X-Appengine-Cron": "true"}).status_code == 200


def test_refunds_notifications_and_audit_go_through_the_bus(local):
    olga, ann = (local_sign_up(local) for _ in range(2))
    event = olga.create_event(local.clock, capacity=1, price=9_900, currency="EUR")
    ticket = ann.buy(event["id"])
    assert ticket["status"] == "confirmed"
    cancelled = ann.delete(f"/registrations/{ticket['id']}").get_json()
    assert cancelled["payment"]["status"] == "refund_pending"
    local.drain()
    receipt = ann.get(f"/registrations/{ticket['id']}").get_json()["payment"]
    assert receipt["status"] == "refunded" and receipt["refunded_at"] is not None
    assert {"seat_held", "payment_received", "refunded"} <= set(kinds(ann))
    assert "ticket_sold" in kinds(olga)
    audited = {line["type"] for line in local.audit.lines}
    assert {"registration.held", "payment.paid", "payment.refund_requested", "payment.refunded"} <= audited
    figures = olga.get(f"/events/{event['id']}/sales").get_json()
    assert (figures["refunded_count"], figures["net_amount"]) == (1, 0)


def local_sign_up(local):
    from tests.conftest import sign_up

    return sign_up(local.client)


def test_no_token_or_code_reaches_a_log_line(paid, client, caplog):
    """Invariant 13: the request log keeps paths, never a checkout token, a ticket code, a
    bearer token or a query string's access token."""
    from app.logs import JsonFormatter

    caplog.set_level("INFO")
    olga, ann, event = paid
    held = _hold(ann, event)
    url = held["payment"]["checkout_url"]
    page_token = urlsplit(url).path.rsplit("/", 1)[1]
    client.get(urlsplit(url).path)
    answer_checkout(client, url, "pay")
    code = ann.get(f"/registrations/{held['id']}").get_json()["ticket_code"]
    assert olga.post(f"/events/{event['id']}/check-in", json={"ticket_code": code}).status_code == 200
    client.get(f"/notifications/stream?access_token={ann.token}&x=1")  # refused or streamed alike
    lines = [JsonFormatter().format(r) for r in caplog.records]
    paths = [json.loads(line).get("path") for line in lines]
    assert "/payments/test-checkout/<token>" in paths  # the line is there, its secret is not
    for secret in (page_token, code, ann.token, olga.token):
        assert not [line for line in lines if secret in line], secret
    assert all(json.loads(line).get("user_id") for line in lines
               if json.loads(line).get("path", "").startswith("/registrations/"))


def test_the_checkout_page_speaks_the_buyers_language(paid, client):
    _, ann, event = paid
    held = _hold(ann, event)
    path = urlsplit(held["payment"]["checkout_url"]).path
    page = client.get(path, headers={"Accept-Language": "kk-KZ,kk;q=0.9"}).get_data(as_text=True)
    assert '<html lang="kk">' in page and "Билетке төлеу" in page and "Төлемнен бас тарту" in page
    assert "Pay for your ticket" not in page
    answer_checkout(client, held["payment"]["checkout_url"], "pay")
    closed = client.get(path, headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "Этот билет уже оплачен" in closed
