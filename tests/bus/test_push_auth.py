"""Pub/Sub push authentication on Google Cloud: OIDC tokens, here signed by a key the test holds."""

from __future__ import annotations

import base64
import time

import pytest

from app import create_app
from app.domain.errors import Forbidden, Unauthorized
from tests.conftest import fast_auth, make_config
from tests.support.oidc import (
    OTHER_PRIVATE,
    token,
    unsigned,
)


def check(oidc, value: str | None):
    headers = {"Authorization": f"Bearer {value}"} if value is not None else {}
    oidc.check({}, headers)


def test_a_token_from_the_push_service_account_passes(oidc):
    check(oidc, token())
    check(oidc, token(iss="accounts.google.com"))


@pytest.mark.parametrize("bad,error", [
    (lambda: token(aud="https://someone-else.example.com"), Unauthorized),
    (lambda: token(exp=int(time.time()) - 60, iat=int(time.time()) - 700), Unauthorized),
    (lambda: token(private=OTHER_PRIVATE), Unauthorized),  # signed by a key Google never had
    (lambda: token(kid="unknown-key"), Unauthorized),
    (lambda: token(iss="https://evil.example.com"), Unauthorized),
    (unsigned, Unauthorized),
    (lambda: "not-a-jwt", Unauthorized),
    (lambda: token(email="attacker@evil.iam.gserviceaccount.com"), Forbidden),
    (lambda: token(email_verified=False), Forbidden),
    (lambda: token(email_verified="true"), Forbidden),
])
def test_tokens_that_must_be_refused(oidc, bad, error):
    with pytest.raises(error):
        check(oidc, bad())


def test_no_token_is_unauthorized(oidc):
    with pytest.raises(Unauthorized):
        oidc.check({"token": "the-embedded-token-is-not-accepted-here"}, {})


def test_the_push_route_uses_it(tmp_path, store, bus, clock, oidc):
    app = create_app(make_config(tmp_path), store=store, auth=fast_auth(store),
                     bus=bus, clock=clock, push_auth=oidc)
    client = app.test_client()
    envelope = {"message": {"data": base64.b64encode(b"{}").decode(), "messageId": "1"}}
    refused = client.post("/pubsub/notification-topic-sub", json=envelope,
                          headers={"Authorization": f"Bearer {token(aud='x')}"})
    assert refused.status_code == 401
    wrong = client.post("/pubsub/notification-topic-sub", json=envelope,
                        headers={"Authorization": f"Bearer {token(email='x@y.z')}"})
    assert wrong.status_code == 403
    ok = client.post("/pubsub/notification-topic-sub", json=envelope,
                     headers={"Authorization": f"Bearer {token()}"})
    assert ok.status_code == 204  # authenticated; the body is malformed, so acked and logged
