"""The whole event-driven half on one machine: gunicorn with two workers, each running the
dispatcher, pushing real envelopes to itself; send_notification under functions-framework."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import requests

from tests.servers import FunctionServer, Gunicorn

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bus-e2e")
    function = FunctionServer(tmp).start()
    app = Gunicorn(tmp, workers=2, RATE_LIMITS="off", SEND_NOTIFICATION_URL=function.url,
                   STREAM_SECONDS="20").start()
    yield app, function
    app.stop()
    function.stop()


def sign_up(url: str, name: str) -> dict[str, str]:
    body = {"email": f"{name}@example.com", "password": "a long password", "username": name,
            "first_name": name.title(), "last_name": "E2e"}
    assert requests.post(f"{url}/auth/register", json=body, timeout=10).status_code == 201
    token = requests.post(f"{url}/auth/login", json={"email": body["email"], "password": body["password"]},
                          timeout=10).json()["id_token"]
    return {"Authorization": f"Bearer {token}"}


def wait_for(fetch, predicate, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while True:
        value = fetch()
        if predicate(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def kinds(url: str, who: dict) -> list[str]:
    return sorted(n["kind"] for n in
                  requests.get(f"{url}/notifications?limit=100", headers=who, timeout=10).json()["items"])


def test_register_cancel_review_notifies_the_right_people_live(stack):
    app, function = stack
    url = app.url
    olga, gus, wendy = sign_up(url, "olga"), sign_up(url, "gus"), sign_up(url, "wendy")
    wait_for(lambda: kinds(url, olga), lambda k: k == ["welcome"])

    # Olga watches her stream while things happen
    seen: list[str] = []
    opened = threading.Event()

    def watch() -> None:
        with requests.get(f"{url}/notifications/stream", headers=olga, stream=True, timeout=30) as r:
            for line in r.iter_lines(decode_unicode=True):
                opened.set()
                if line and line.startswith("data: "):
                    seen.append(line)
                if len(seen) >= 3:
                    return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    assert opened.wait(10)

    starts = (datetime.now(UTC) + timedelta(seconds=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    event = requests.post(f"{url}/events", headers=olga, timeout=10, json={
        "title": "Live", "starts_at": starts, "capacity": 1}).json()
    ticket = requests.post(f"{url}/registrations", headers=gus, json={"event_id": event["id"]},
                           timeout=10).json()
    requests.post(f"{url}/registrations", headers=wendy, json={"event_id": event["id"], "waitlist": True},
                  timeout=10)
    assert requests.delete(f"{url}/registrations/{ticket['id']}", headers=gus, timeout=10).status_code == 200
    watcher.join(20)
    assert len(seen) >= 3 and any("attendee_registered" in s for s in seen)

    wait_for(lambda: kinds(url, wendy), lambda k: "promoted" in k)
    time.sleep(max(0.0, (datetime.fromisoformat(starts.replace("Z", "+00:00")) -
                         datetime.now(UTC)).total_seconds() + 0.2))
    review = requests.post(f"{url}/reviews", headers=wendy, timeout=10,
                           json={"event_id": event["id"], "rating": 4, "comment": "fine"})
    assert review.status_code == 201
    expected = sorted(["welcome", "attendee_registered", "attendee_waitlisted", "attendee_cancelled",
                       "sold_out", "review_received"])
    assert wait_for(lambda: kinds(url, olga), lambda k: k == expected) == expected
    assert kinds(url, wendy) == ["promoted", "welcome"]
    assert kinds(url, gus) == ["welcome"]

    # the audit line of every action reached the function, once each
    wanted = {"user.registered": 3, "event.created": 1, "registration.confirmed": 1,
              "registration.waitlisted": 1, "registration.cancelled": 1, "registration.promoted": 1,
              "review.created": 1}

    def audited() -> dict[str, int]:
        counts: dict[str, int] = {}
        for line in function.lines():
            if "audit_id" in line:
                counts[line["type"]] = counts.get(line["type"], 0) + 1
        return counts

    assert wait_for(audited, lambda c: c == wanted) == wanted
    ids = [line["audit_id"] for line in function.lines() if "audit_id" in line]
    assert len(ids) == len(set(ids))
