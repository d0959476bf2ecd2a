"""The send_notification function, run under functions-framework on a local port."""

from __future__ import annotations

import base64
import json

import pytest
import requests

from tools.servers import FunctionServer

pytestmark = pytest.mark.slow
LINE = {"id": "m1", "type": "registration.confirmed", "occurred_at": "2026-11-24T12:00:00Z",
        "actor_id": "u1", "data": {"event_id": "e1"}}


@pytest.fixture(scope="module")
def http_function(tmp_path_factory):
    server = FunctionServer(tmp_path_factory.mktemp("fn")).start()
    yield server
    server.stop()


def test_logs_one_structured_line_per_audit_line(http_function):
    response = requests.post(http_function.url, json=LINE, timeout=10)
    assert response.status_code == 200 and response.json() == {"status": "logged", "id": "m1"}
    logged = [line for line in http_function.lines() if line.get("audit_id") == "m1"]
    assert len(logged) == 1
    assert logged[0]["severity"] == "INFO" and logged[0]["type"] == "registration.confirmed"
    assert logged[0]["data"] == {"event_id": "e1"} and logged[0]["source"] == "http"


def test_refuses_non_json_and_missing_fields(http_function):
    assert requests.post(http_function.url, data="hello", timeout=10).status_code == 415
    missing = requests.post(http_function.url, json={"id": "m2"}, timeout=10)
    assert missing.status_code == 400 and "type" in missing.json()["error"]
    assert requests.post(http_function.url, json=[1], timeout=10).status_code == 400
    assert not [line for line in http_function.lines() if line.get("audit_id") == "m2"]


def test_cloudevent_entry_point_for_a_pubsub_trigger(tmp_path):
    server = FunctionServer(tmp_path, target="send_notification_event", signature="cloudevent").start()
    try:
        data = base64.b64encode(json.dumps({**LINE, "id": "m3"}).encode()).decode()
        headers = {"ce-id": "1", "ce-specversion": "1.0", "ce-source":
                   "//pubsub.googleapis.com/projects/p/topics/notification-topic",
                   "ce-type": "google.cloud.pubsub.topic.v1.messagePublished",
                   "Content-Type": "application/json"}
        body = {"message": {"data": data, "messageId": "42"}, "subscription": "projects/p/subscriptions/s"}
        assert requests.post(server.url, json=body, headers=headers, timeout=10).status_code == 200
        bad = {"message": {"data": "%%%"}}
        assert requests.post(server.url, json=bad, headers=headers, timeout=10).status_code == 200
        lines = server.lines()
        assert [ln["audit_id"] for ln in lines if ln.get("source") == "pubsub"] == ["m3"]
        assert any(ln["severity"] == "ERROR" for ln in lines)
    finally:
        server.stop()
