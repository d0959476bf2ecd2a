"""What holds for every route: authentication, one error format, body limits, no 500."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from app import create_app
from app.api.common import OPEN_TO_VISITORS
from tests.conftest import fast_auth, make_config

# ... and whose public page /o/{username} is (a username alone: tests/api/test_events.py)
# ... and the stored files (covers: public, named by a hash nobody can guess)
PUBLIC = {"/healthz", "/readyz", "/auth/register", "/auth/login", "/openapi.yaml", "/organizers/abc",
          "/media/abc"}
# The mailed links: their token is the proof (a link may open in a browser signed in as no one;
# tests/api/test_account_links.py)
LINKS = {"/auth/verify-email", "/auth/change-email", "/auth/password-reset", "/auth/password-reset/confirm",
         "/mail/unsubscribe"}
# Writes whose body is a file, not JSON (their refusals: tests/api/test_covers.py)
UPLOADS = {"/events/abc/image"}
# Routes that prove their caller another way: the bus and the scheduler (401 without the bus's
# proof), and the payment provider's signed notifications and the test checkout's signed tokens
# (tests/api/test_payments.py).
OWN_SCHEME = ("/pubsub/", "/tasks/")
SIGNED = "/payments/"


def _routes(app: Flask):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint.startswith("web."):  # the client: public files
            continue
        path = re.sub(r"<[^>]+>", "abc", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, path


def _open_to_visitors(app: Flask) -> set[tuple[str, str]]:
    """What visitors may read without a token (tests/api/test_events.py, the visitor tests)."""
    return {("GET", re.sub(r"<[^>]+>", "abc", rule.rule)) for rule in app.url_map.iter_rules()
            if rule.endpoint in OPEN_TO_VISITORS}


def test_every_private_route_wants_a_token(app, client):
    checked = 0
    visitors = _open_to_visitors(app)
    assert visitors == {("GET", "/events"), ("GET", "/events/abc"), ("GET", "/events/abc/calendar.ics"),
                        ("GET", "/events/abc/similar"), ("GET", "/events/abc/ticket-types"),
                        ("GET", "/events/abc/questions")}
    for method, path in _routes(app):
        if path in PUBLIC | LINKS or path.startswith(SIGNED) or (method, path) in visitors:
            continue
        response = client.open(path, method=method, json={})
        assert response.status_code == 401, (method, path)
        assert response.mimetype == "application/problem+json"
        if not path.startswith(OWN_SCHEME):
            assert response.headers["WWW-Authenticate"] == "Bearer"
        checked += 1
    assert checked >= 19


def _assert_problem(response, status, code):
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert {"type", "title", "status", "detail", "code"} <= body.keys()
    assert body["status"] == status and body["code"] == code


def test_write_routes_refuse_non_json_bad_json_and_huge_bodies(app, people):
    (alice,) = people(1)
    huge = '{"title": "' + "x" * (65 * 1024) + '"}'
    bodyless = {"/notifications/abc/read", "/notifications/read-all", "/auth/logout",
                "/registrations/abc/checkout", "/orders/abc/checkout", "/profile/email-verification",
                "/events/abc/not-interested"}
    writes = [(m, p) for m, p in _routes(app) if m in {"POST", "PUT", "PATCH"}
              and p not in PUBLIC | LINKS | bodyless | UPLOADS and not p.startswith((*OWN_SCHEME, SIGNED))]
    assert len(writes) >= 6
    for method, path in writes:
        headers = {"Authorization": f"Bearer {alice.token}"}
        _assert_problem(alice.client.open(path, method=method, data="a=b", headers=headers,
                                          content_type="application/x-www-form-urlencoded"),
                        415, "unsupported_media_type")
        _assert_problem(alice.client.open(path, method=method, data="{not json", headers=headers,
                                          content_type="application/json"), 400, "invalid_json")
        _assert_problem(alice.client.open(path, method=method, data=huge, headers=headers,
                                          content_type="application/json"), 413, "payload_too_large")
        _assert_problem(alice.client.open(path, method=method, data="[1, 2]", headers=headers,
                                          content_type="application/json"), 422, "validation_failed")


@pytest.mark.parametrize("path", ["/auth/register", "/auth/login", *sorted(LINKS)])
def test_public_writes_refuse_bad_bodies_too(client, path):
    _assert_problem(client.post(path, data="x", content_type="text/plain"), 415,
                    "unsupported_media_type")
    _assert_problem(client.post(path, data="{", content_type="application/json"), 400, "invalid_json")
    _assert_problem(client.post(path, data="{}" + " " * (70 * 1024), content_type="application/json"),
                    413, "payload_too_large")
    _assert_problem(client.post(path, json={"email": None}), 422, "validation_failed")


def test_unknown_route_and_method_use_the_error_format(people):
    (alice,) = people(1)
    _assert_problem(alice.get("/nowhere"), 404, "not_found")
    response = alice.client.put("/registrations", headers={"Authorization": f"Bearer {alice.token}"})
    _assert_problem(response, 405, "method_not_allowed")


def test_health_and_readiness(client, store, monkeypatch):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").status_code == 200

    def down() -> None:
        raise RuntimeError("down")

    monkeypatch.setattr(store, "ping", down)
    assert client.get("/readyz").status_code == 503


def test_request_id_is_echoed(client):
    response = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert response.headers["X-Request-ID"] == "abc-123"
    assert len(client.get("/healthz").headers["X-Request-ID"]) == 32


def _cors_client(tmp_path, store, bus, clock, **overrides):
    app = create_app(make_config(tmp_path, **overrides), store=store, auth=fast_auth(store), bus=bus,
                     clock=clock)
    return app.test_client()


def test_cors_allows_the_configured_origin_only(tmp_path, store, bus, clock):
    client = _cors_client(tmp_path, store, bus, clock, cors_origins=("http://localhost:3000",))
    ok = client.options("/events", headers={"Origin": "http://localhost:3000",
                                            "Access-Control-Request-Method": "GET"})
    assert ok.headers.get("Access-Control-Allow-Origin") == "http://localhost:3000"
    exposed = {h.strip().lower() for h in ok.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"x-request-id", "retry-after", "location"} <= exposed
    for origin in ("https://evil.example", "null", "http://localhost:3000.evil.example"):
        other = client.get("/healthz", headers={"Origin": origin})
        assert "Access-Control-Allow-Origin" not in other.headers, origin


def test_cors_allows_no_origin_by_default(client):
    """The web client is served by the app itself: no other origin may read an answer."""
    for method in ("get", "options"):
        answer = getattr(client, method)("/events", headers={
            "Origin": "http://localhost:3000", "Access-Control-Request-Method": "GET"})
        assert "Access-Control-Allow-Origin" not in answer.headers


def test_referrer_policy_everywhere_and_hsts_over_https_only(tmp_path, store, bus, clock, client):
    for answer in (client.get("/healthz"), client.get("/nowhere"), client.post("/events", json={})):
        assert answer.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "Strict-Transport-Security" not in answer.headers  # plain HTTP: meaningless
    direct = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in direct.headers  # no trusted proxy said so
    proxied = _cors_client(tmp_path, store, bus, clock, trusted_proxies=1)
    secure = proxied.get("/healthz", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "1.2.3.4"})
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert client.get("/healthz", base_url="https://localhost").headers["Strict-Transport-Security"]


def test_every_answer_is_nosniff_uncached_and_not_a_page(people, clock):
    (olga,) = people(1)
    event = olga.create_event(clock)
    ticket = olga.post("/registrations", json={"event_id": event["id"]})
    answers = [ticket, olga.get("/profile"), olga.get("/registrations"), olga.get("/nowhere"),
               olga.client.get("/healthz"), olga.post("/events", json={})]
    for response in answers:
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cache-Control"] == "no-store"
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]
