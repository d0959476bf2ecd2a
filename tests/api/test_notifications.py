"""GET /notifications, mark read, read-all, and the live stream (app/api/notifications.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.conftest import make_config, sign_up


def test_notifications_api(local, clock):
    olga, gus = sign_up(local.client), sign_up(local.client)
    event = olga.create_event(clock)
    for _ in range(3):
        clock.advance(seconds=1)
        p = sign_up(local.client)
        p.post("/registrations", json={"event_id": event["id"]})
    local.drain()
    page = olga.get("/notifications?limit=2").get_json()
    rest = olga.get("/notifications", query_string={"cursor": page["next_cursor"]}).get_json()
    items = page["items"] + rest["items"]
    assert len(items) == 4 and items[-1]["kind"] == "welcome"  # newest first
    first = items[0]
    assert gus.post(f"/notifications/{first['id']}/read").status_code == 403
    assert olga.post("/notifications/nope/read").status_code == 404
    read = olga.post(f"/notifications/{first['id']}/read")
    assert read.status_code == 200 and read.get_json()["read_at"] is not None
    assert len(olga.get("/notifications?unread=true").get_json()["items"]) == 3
    assert olga.post("/notifications/read-all").get_json() == {"updated": 3}
    assert olga.get("/notifications?unread=true").get_json()["items"] == []
    assert len(gus.get("/notifications").get_json()["items"]) == 1  # only gus's own welcome
    assert olga.get("/notifications?unread=maybe").status_code == 422


def test_stream_sends_stored_notifications_and_resumes(local, clock, tmp_path):
    olga = sign_up(local.client)
    event = olga.create_event(clock)
    local.drain()
    services = local.app.extensions["events"]
    local.app.extensions["events"] = replace(services, config=make_config(tmp_path, stream_seconds=1.5))
    response = olga.get("/notifications/stream", buffered=False)
    assert response.mimetype == "text/event-stream"
    chunks = response.response
    assert "connected" in next(chunks).decode()
    guest = sign_up(local.client)
    guest.post("/registrations", json={"event_id": event["id"]})
    local.drain()
    text = ""
    for chunk in chunks:  # ends by itself after stream_seconds
        text += chunk.decode()
    assert "event: notification" in text and "attendee_registered" in text
    assert "welcome" not in text  # stored before the stream opened
    last_id = [line[4:] for line in text.splitlines() if line.startswith("id: ")][-1]
    resumed = olga.get("/notifications/stream", headers={"Last-Event-ID": "0"}, buffered=False)
    replay = "".join(c.decode() for c in resumed.response)
    assert "welcome" in replay and "attendee_registered" in replay
    after = olga.get("/notifications/stream", headers={"Last-Event-ID": last_id}, buffered=False)
    assert "event: notification" not in "".join(c.decode() for c in after.response)
    token_param = local.client.get(f"/notifications/stream?access_token={olga.token}", buffered=False)
    assert token_param.status_code == 200
    assert local.client.get("/notifications/stream?access_token=bad").status_code == 401


@pytest.mark.parametrize("last_event_id", ["9" * 60, "१२३", "12abc", "x|y", "-1", "99999"])
def test_a_last_event_id_we_never_handed_out_means_from_now(local, clock, tmp_path, last_event_id):
    olga = sign_up(local.client)
    olga.create_event(clock)
    local.drain()  # olga's welcome is stored
    services = local.app.extensions["events"]
    local.app.extensions["events"] = replace(services, config=make_config(tmp_path, stream_seconds=0.5))
    response = olga.get("/notifications/stream", headers={"Last-Event-ID": last_event_id}, buffered=False)
    text = "".join(chunk.decode() for chunk in response.response)
    assert response.status_code == 200 and "connected" in text
    assert "event: notification" not in text  # the stream ran to its end, and began after the welcome


def test_streams_per_person_are_capped_and_a_closed_one_frees_its_place(local, clock, tmp_path):
    olga, gus = sign_up(local.client), sign_up(local.client)
    services = local.app.extensions["events"]
    local.app.extensions["events"] = replace(
        services, config=make_config(tmp_path, stream_seconds=30, streams_per_person=2))
    first = olga.get("/notifications/stream", buffered=False)
    second = olga.get("/notifications/stream", buffered=False)
    assert first.status_code == second.status_code == 200
    refused = olga.get("/notifications/stream", buffered=False)
    assert refused.status_code == 429 and refused.mimetype == "application/problem+json"
    assert refused.get_json()["code"] == "too_many_streams" and refused.headers["Retry-After"] == "30"
    assert gus.get("/notifications/stream", buffered=False).status_code == 200  # his own cap
    first.close()  # the server closes a stream however it ends: its place is free again
    assert olga.get("/notifications/stream", buffered=False).status_code == 200


def test_a_stream_ends_when_its_session_does(local, tmp_path, monkeypatch):
    """Signing out everywhere ends the streams already open (they kept delivering for 53-55 s)."""
    from app.api import notifications as route

    monkeypatch.setattr(route, "SESSION_CHECK_SECONDS", 0.2)
    olga = sign_up(local.client)
    services = local.app.extensions["events"]
    local.app.extensions["events"] = replace(services, config=make_config(tmp_path, stream_seconds=30))
    response = olga.get("/notifications/stream", buffered=False)
    chunks = response.response
    assert "connected" in next(chunks).decode()
    assert olga.post("/auth/logout").status_code == 204
    text = "".join(chunk.decode() for chunk in chunks)  # ends long before its 30 s
    assert text.rstrip().endswith("event: session_ended\ndata: {}")
    assert olga.get("/notifications/stream").status_code == 401  # and it cannot come back
