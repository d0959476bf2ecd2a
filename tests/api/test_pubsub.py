"""POST /pubsub/<subscription> (app/api/pubsub.py): only the bus may push; malformed envelopes
are acked; a failed handler is not acked, so the bus retries it."""

from __future__ import annotations

import base64
import json

import pytest

from app.bus.envelope import pubsub_message, push_envelope
from app.domain import messages as m
from tests.conftest import PUSH_TOKEN, sign_up
from tests.stack import kinds, push, sell_out_story, state


def test_forged_pushes_are_refused_and_change_nothing(local, clock):
    envelopes = local.envelopes(sell_out_story)
    before = state(local.store)
    sub, env = next(iter(envelopes.items()))
    no_token = local.client.post(f"/pubsub/{sub}", json=env[0])
    assert no_token.status_code == 401 and no_token.get_json()["code"] == "unauthorized"
    wrong = local.client.post(f"/pubsub/{sub}?token=guess-{PUSH_TOKEN}", json=env[0])
    assert wrong.status_code == 403 and wrong.get_json()["code"] == "forbidden"
    bearer = local.client.post(f"/pubsub/{sub}", json=env[0],
                               headers={"Authorization": f"Bearer {PUSH_TOKEN}"})
    assert bearer.status_code == 401
    assert state(local.store) == before


@pytest.mark.parametrize("body", [
    b"not json", b"[]", b'{"message": "x"}', b'{"message": {}}',
    b'{"message": {"data": "!!!not base64"}}',
    json.dumps({"message": {"data": base64.b64encode(b'{"no": "fields"}').decode()}}).encode(),
    json.dumps({"message": {"data": base64.b64encode(b"[1, 2]").decode()}}).encode(),
])
def test_malformed_envelopes_are_acked_and_change_nothing(local, body):
    before = state(local.store)
    response = local.client.post(f"/pubsub/user-notifications-topic-sub?token={PUSH_TOKEN}", data=body,
                                 content_type="application/json")
    assert response.status_code == 204
    assert state(local.store) == before


@pytest.mark.parametrize("subscription", ["users-registration-topic-sub", "notification-topic-sub",
                                          "user-notifications-topic-sub", "change-event-capacity-topic-sub"])
def test_the_replaced_deployments_push_endpoints_are_served(local, clock, subscription):
    olga = sign_up(local.client)
    message = m.new_message(m.USER_REGISTERED, olga.uid, clock.now, user_id=olga.uid, username="olga",
                            first_name="Olga")
    env = push_envelope(pubsub_message(message, message_id="1", publish_time=clock.now),
                        subscription_path=f"projects/p/subscriptions/{subscription}", attempt=1)
    assert push(local.client, subscription, env).status_code == 204


def test_unknown_subscription_is_404(local):
    response = local.client.post(f"/pubsub/nobody-sub?token={PUSH_TOKEN}", json={"message": {}})
    assert response.status_code == 404


def test_message_without_delivery_attempt_is_fine(local, clock):
    olga = sign_up(local.client)
    message = m.new_message(m.USER_REGISTERED, olga.uid, clock.now, user_id=olga.uid, username="olga",
                            first_name="Olga")
    env = push_envelope(pubsub_message(message, message_id="1", publish_time=clock.now),
                        subscription_path="projects/p/subscriptions/users-registration-topic-sub",
                        attempt=None)
    assert push(local.client, "users-registration-topic-sub", env).status_code == 204
    assert "welcome" in kinds(olga)


def test_handler_failure_is_not_acked_and_is_retried(local, clock):
    local.audit.fail = True
    sign_up(local.client)
    local.app.extensions["events"].dispatcher.run_once()
    assert local.bus.pending() == 1  # the audit delivery failed, the others were acked
    local.audit.fail = False
    local.drain()
    assert [line["type"] for line in local.audit.lines] == ["user.registered"]


def _data(body: object) -> dict:
    return {"message": {"data": base64.b64encode(json.dumps(body).encode()).decode(), "messageId": "1"}}


@pytest.mark.parametrize(("subscription", "body"), [
    ("users-registration-topic-sub",  # no user_id
     {"id": "m1", "type": "user.registered", "occurred_at": "2026-11-24T12:00:00Z", "data": {}}),
    ("user-notifications-topic-sub",  # organizer_id of the wrong type
     {"id": "m2", "type": "registration.confirmed", "occurred_at": "2026-11-24T12:00:00Z",
      "data": {"organizer_id": ["x"], "user_id": {"y": 1}, "event_id": "e"}}),
    ("change-event-capacity-topic-sub",  # sold out but no event id
     {"id": "m3", "type": "registration.confirmed", "occurred_at": "2026-11-24T12:00:00Z",
      "data": {"sold_out": True}}),
])
def test_a_message_its_handler_cannot_use_is_acked_and_changes_nothing(local, subscription, body):
    before = state(local.store)
    assert push(local.client, subscription, _data(body)).status_code == 204
    assert state(local.store) == before
    processed = local.store.db.read(lambda c: c.execute("SELECT count(*) FROM processed_messages").fetchone())
    assert processed[0] == 0  # rolled back with the effect: a fixed handler could still apply it


def test_deeply_nested_json_is_refused_not_a_crash(local):
    deep = "[" * 20_000 + "]" * 20_000  # inside the 64 KiB limit, even as base64
    inner = {"message": {"data": base64.b64encode(deep.encode()).decode()}}
    assert push(local.client, "user-notifications-topic-sub", inner).status_code == 204
    for path in ("/auth/login", "/auth/register"):
        response = local.client.post(path, data=deep, content_type="application/json")
        assert response.status_code == 400 and response.get_json()["code"] == "invalid_json"
