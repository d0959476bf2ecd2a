"""The whole event-driven half, and the stored files, on one machine, once per backend:
- embedded: gunicorn with two workers, each running the dispatcher, pushing real envelopes to
  itself; covers under its instance folder, served by the app;
- gcp: the same gunicorn with BACKEND=gcp on the Firestore, Pub/Sub, Firebase Auth and Cloud
  Storage emulators, the Pub/Sub emulator's push subscriptions calling /pubsub/<subscription>,
  covers in the emulator's bucket, served by it.
send_notification runs under functions-framework in both."""

from __future__ import annotations

import io
import os
import threading
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
import requests
from PIL import Image

from app.config import Config
from tests.emulators import start_or_skip
from tools.emulators import (
    auth_emulator,
    firestore_emulator,
    provision_pubsub,
    pubsub_emulator,
    storage_emulator,
)
from tools.read_mail import mails
from tools.servers import FunctionServer, Gunicorn

pytestmark = pytest.mark.slow


PROJECT = "demo-events"
PUSH_TOKEN = "e2e-push-token-0123456789abcdef"
BUCKET = "e2e-files"


@pytest.fixture(scope="module", params=["embedded", "gcp"])
def stack(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(f"bus-e2e-{request.param}")
    started = []
    try:
        function = FunctionServer(tmp).start()
        started.append(function)
        env = {"RATE_LIMITS": "off", "SEND_NOTIFICATION_URL": function.url, "STREAM_SECONDS": "20",
               "PUSH_TOKEN": PUSH_TOKEN}
        if request.param == "gcp":
            env |= gcp_env(tmp, started)
        app = Gunicorn(tmp, workers=2, **env)
        if request.param == "gcp":
            provision(app, env)
        started.append(app.start())
        yield app, function, env
    finally:
        for process in reversed(started):
            process.stop()


def gcp_env(tmp, started: list) -> dict[str, str]:
    emulators = [start_or_skip(lambda: firestore_emulator(tmp)), start_or_skip(lambda: pubsub_emulator(tmp)),
                 start_or_skip(lambda: auth_emulator(tmp, PROJECT)),
                 start_or_skip(lambda: storage_emulator(tmp, BUCKET))]
    started.extend(emulators)
    firestore, pubsub, auth, storage = emulators
    # payments on the test provider: Stripe is tested against localstripe (tests/payment_providers)
    return {"BACKEND": "gcp", "GOOGLE_CLOUD_PROJECT": PROJECT, "FIRESTORE_EMULATOR_HOST": firestore.host,
            "PUBSUB_EMULATOR_HOST": pubsub.host, "FIREBASE_AUTH_EMULATOR_HOST": auth.host,
            "PAYMENTS_BACKEND": "test", "PUBLIC_URL": "http://127.0.0.1",
            "STORAGE_EMULATOR_HOST": f"http://{storage.host}", "FILES_BUCKET": BUCKET}


def provision(app: Gunicorn, env: dict[str, str]) -> None:
    previous = os.environ.get("PUBSUB_EMULATOR_HOST")
    os.environ["PUBSUB_EMULATOR_HOST"] = env["PUBSUB_EMULATOR_HOST"]
    try:
        config = Config()
        provision_pubsub(PROJECT, dict(config.topics), dict(config.subscriptions), app.url, PUSH_TOKEN)
    finally:
        if previous is None:
            os.environ.pop("PUBSUB_EMULATOR_HOST", None)
        else:
            os.environ["PUBSUB_EMULATOR_HOST"] = previous


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
    app, function, env = stack
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
                # deliveries are not ordered: wait for this one, however late it comes
                if len(seen) >= 3 and any("attendee_registered" in s for s in seen):
                    return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    assert opened.wait(10)

    # Reviews open at the start, and nobody is promoted from the waitlist after it (sales close
    # then): the start leaves room for the four requests before the cancel, emulators included.
    starts = (datetime.now(UTC) + timedelta(seconds=10)).strftime("%Y-%m-%dT%H:%M:%SZ")
    event = requests.post(f"{url}/events", headers=olga, timeout=10, json={
        "title": "Live", "starts_at": starts, "capacity": 1}).json()
    ticket = requests.post(f"{url}/registrations", headers=gus, json={"event_id": event["id"]},
                           timeout=10).json()
    requests.post(f"{url}/registrations", headers=wendy, json={"event_id": event["id"], "waitlist": True},
                  timeout=10)
    assert requests.delete(f"{url}/registrations/{ticket['id']}", headers=gus, timeout=10).status_code == 200
    watcher.join(20)
    assert len(seen) >= 3 and any("attendee_registered" in s for s in seen)

    assert "promoted" in wait_for(lambda: kinds(url, wendy), lambda k: "promoted" in k)
    time.sleep(max(0.0, (datetime.fromisoformat(starts.replace("Z", "+00:00")) -
                         datetime.now(UTC)).total_seconds() + 0.2))
    review = requests.post(f"{url}/reviews", headers=wendy, timeout=10,
                           json={"event_id": event["id"], "rating": 4, "comment": "fine"})
    assert review.status_code == 201
    expected = sorted(["welcome", "attendee_registered", "attendee_waitlisted", "attendee_cancelled",
                       "sold_out", "review_received"])
    assert wait_for(lambda: kinds(url, olga), lambda k: k == expected) == expected
    assert kinds(url, wendy) == ["promoted", "welcome"]
    # deliveries are not ordered: gus's own confirmation may come after olga's last
    assert wait_for(lambda: kinds(url, gus), lambda k: k == ["ticket_confirmed", "welcome"]) == \
        ["ticket_confirmed", "welcome"]
    # and wendy's ticket by mail (the Maildir: no SMTP_URL here), once, wherever it was handled,
    # beside the link to confirm her address that her sign-up mailed
    def mailed() -> list[tuple[str, str]]:
        return sorted((str(m["To"]), str(m["Subject"])) for m in mails(app.database.parent / "mail")
                      if "Wendy" in str(m["To"]))

    wendy = "Wendy E2e <wendy@example.com>"
    assert wait_for(mailed, lambda m: len(m) >= 2) == [(wendy, "Confirm your address for Events"),
                                                        (wendy, "Your ticket: Live")]

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
    if env.get("BACKEND") == "gcp":  # it really ran on the emulators
        docs = requests.get(f"http://{env['FIRESTORE_EMULATOR_HOST']}/v1/projects/{PROJECT}/databases/"
                            "(default)/documents/events", timeout=10).json()["documents"]
        assert [d["fields"]["title"]["stringValue"] for d in docs] == ["Live"]
        accounts = requests.post(f"http://{env['FIREBASE_AUTH_EMULATOR_HOST']}/identitytoolkit.googleapis"
                                 f".com/v1/projects/{PROJECT}/accounts:query", json={},
                                 headers={"Authorization": "Bearer owner"}, timeout=10).json()
        assert int(accounts["recordsCount"]) == 3


def test_a_cover_is_stored_where_its_links_point(stack):
    app, _, env = stack
    olga = sign_up(app.url, "cora")
    event = requests.post(f"{app.url}/events", headers=olga, timeout=10, json={
        "title": "Covered", "starts_at": (datetime.now(UTC) + timedelta(days=3)).isoformat(),
        "capacity": 5}).json()
    picture = io.BytesIO()
    Image.new("RGB", (1000, 500), "teal").save(picture, "PNG")
    set_cover = requests.put(f"{app.url}/events/{event['id']}/image", data=picture.getvalue(), timeout=30,
                             headers={**olga, "Content-Type": "image/png"})
    assert set_cover.status_code == 200, set_cover.text
    body = set_cover.json()
    urls = [s["url"] for s in body["image"]["sources"]] + [body["image_url"]]
    where = env.get("STORAGE_EMULATOR_HOST") or "http://127.0.0.1"  # the bucket, or PUBLIC_URL
    for url in urls:
        assert url.startswith(where), url
        fetched = requests.get(url if env.get("STORAGE_EMULATOR_HOST") else app.url + urlsplit(url).path,
                               timeout=10)
        assert fetched.status_code == 200
        assert Image.open(io.BytesIO(fetched.content)).width in (480, 960, 1000)
    assert requests.delete(f"{app.url}/events/{event['id']}/image", headers=olga, timeout=10).ok
    assert all(requests.get(url if env.get("STORAGE_EMULATOR_HOST") else app.url + urlsplit(url).path,
                            timeout=10).status_code == 404 for url in urls)
