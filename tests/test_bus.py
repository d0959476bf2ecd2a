"""The embedded event bus, in process: real push envelopes through the real push route."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from types import SimpleNamespace

import pytest

from app import create_app
from app.bus import topology_of
from app.bus.envelope import pubsub_message, push_envelope, wire_message_id
from app.bus.local import HttpPushTransport, LocalBus
from app.domain import messages as m
from app.infra.backoff import Backoff
from deploy.servers import free_port
from tests.conftest import PUSH_TOKEN, fast_auth, make_config, sign_up


class RecordingAudit:
    def __init__(self) -> None:
        self.lines: list[dict] = []
        self.fail = False

    def send(self, line: dict) -> None:
        if self.fail:
            raise RuntimeError("send_notification is down")
        self.lines.append(line)


class ClientTransport:
    """Pushes through the Flask test client: the real route, the real envelope, no socket.
    `outage` answers 503 for that many pushes first, as a struggling endpoint would."""

    def __init__(self) -> None:
        self.app = None
        self.outage = 0
        self.poison: set[str] = set()
        self.calls = 0

    def push(self, subscription: str, envelope: dict) -> int:
        self.calls += 1
        if self.outage > 0:
            self.outage -= 1
            return 503
        if envelope["message"]["messageId"] in self.poison:
            return 500
        response = self.app.test_client().post(f"/pubsub/{subscription}?token={PUSH_TOKEN}",
                                               json=envelope)
        return response.status_code


@pytest.fixture
def local(tmp_path, store, clock):
    config = make_config(tmp_path)
    bus = LocalBus(tmp_path / "bus.db", topology_of(config), clock=clock, max_attempts=3,
                   backoff=Backoff(base=0.01, cap=0.05))
    transport, audit = ClientTransport(), RecordingAudit()
    app = create_app(config, store=store, auth=fast_auth(store),
                     bus=bus, audit=audit, transport=transport, clock=clock)
    transport.app = app

    env = SimpleNamespace(app=app, bus=bus, transport=transport, audit=audit, store=store,
                          config=config, client=app.test_client())

    def drain(passes: int = 1000) -> None:
        dispatcher = app.extensions["events"].dispatcher
        for _ in range(passes):
            dispatcher.run_once()
            if bus.pending() == 0:
                return
            clock.advance(seconds=0.1)  # past any backoff (at most 0.05 s here): no waiting
        raise AssertionError(f"{bus.pending()} deliveries still pending after {passes} passes")

    env.drain = drain
    return env


def notifications_of(person) -> list[dict]:
    return person.get("/notifications?limit=100").get_json()["items"]


def kinds(person) -> list[str]:
    return sorted(n["kind"] for n in notifications_of(person))


def state(store) -> tuple:
    """Everything a handler can change."""
    db = store.db
    notes = db.read(lambda c: [tuple(r) for r in c.execute(
        "SELECT id, user_id, kind, message, event_id, read_at FROM notifications ORDER BY id")])
    sold = db.read(lambda c: [tuple(r) for r in c.execute("SELECT id, sold_out_at FROM events ORDER BY id")])
    return notes, sold


def test_the_right_people_are_told(local, clock):
    olga, gus, wendy = (sign_up(local.client, n) for n in ("olga", "gus", "wendy"))
    event = olga.create_event(clock, capacity=1)
    ticket = gus.post("/registrations", json={"event_id": event["id"]}).get_json()
    wendy.post("/registrations", json={"event_id": event["id"], "waitlist": True})
    gus.delete(f"/registrations/{ticket['id']}")  # wendy is promoted
    olga.patch(f"/events/{event['id']}", json={"location": "Hall B"})
    clock.advance(days=8)
    wendy.post("/reviews", json={"event_id": event["id"], "rating": 5})
    local.drain()
    assert kinds(olga) == sorted(["welcome", "attendee_registered", "attendee_waitlisted",
                                  "attendee_cancelled", "review_received", "sold_out"])
    assert kinds(gus) == ["welcome"]
    assert kinds(wendy) == sorted(["welcome", "promoted", "event_updated"])
    review_note = next(n for n in notifications_of(olga) if n["kind"] == "review_received")
    assert review_note["message"] == "wendy reviewed Tech meetup (5/5)"
    assert review_note["event_id"] == event["id"]
    shown = olga.get(f"/events/{event['id']}").get_json()
    assert shown["sold_out_at"] == "2026-11-24T12:00:00Z"
    # every action reached the audit function, once
    audited = [line["type"] for line in local.audit.lines]
    assert sorted(audited) == sorted(["user.registered"] * 3 + [
        "event.created", "registration.confirmed", "registration.waitlisted",
        "registration.promoted", "registration.cancelled", "event.updated", "review.created"])
    assert len({line["id"] for line in local.audit.lines}) == len(audited)
    assert local.bus.dead_letters() == []


def test_cancelled_event_tells_every_attendee(local, clock):
    olga, gus, wendy = (sign_up(local.client) for _ in range(3))
    event = olga.create_event(clock, capacity=1)
    gus.post("/registrations", json={"event_id": event["id"]})
    wendy.post("/registrations", json={"event_id": event["id"], "waitlist": True})
    olga.delete(f"/events/{event['id']}")
    local.drain()
    for person in (gus, wendy):
        cancelled = [n for n in notifications_of(person) if n["kind"] == "event_cancelled"]
        assert len(cancelled) == 1 and cancelled[0]["message"] == "Tech meetup was cancelled"


def _envelopes(local, clock) -> dict[str, list[dict]]:
    """Real envelopes for every subscription, captured from a short story instead of pushed."""
    captured: dict[str, list[dict]] = {}
    local.transport.push = lambda sub, env: captured.setdefault(sub, []).append(env) or 204
    olga, gus, wendy = (sign_up(local.client) for _ in range(3))
    event = olga.create_event(clock, capacity=1)
    gus.post("/registrations", json={"event_id": event["id"]})
    wendy.post("/registrations", json={"event_id": event["id"], "waitlist": True})
    olga.patch(f"/events/{event['id']}", json={"capacity": 2})  # promotes wendy: sold out again
    local.drain()
    del local.transport.push
    return captured


def _push(local, subscription: str, envelope: dict):
    return local.client.post(f"/pubsub/{subscription}?token={PUSH_TOKEN}", json=envelope)


def test_every_handler_is_idempotent_and_order_free(local, clock):
    envelopes = _envelopes(local, clock)
    assert set(envelopes) == set(local.config.subscriptions.values())
    start = state(local.store)
    # once, in order
    for sub, batch in envelopes.items():
        for env in batch:
            assert _push(local, sub, env).status_code == 204
    once = state(local.store)
    audited = len(local.audit.lines)
    assert once != start and once[0]  # the story did store notifications
    # again, twice, in reverse order: nothing changes
    for _ in range(2):
        for sub, batch in envelopes.items():
            for env in reversed(batch):
                assert _push(local, sub, env).status_code == 204
    assert state(local.store) == once
    assert len(local.audit.lines) == audited


def test_reverse_order_first_gives_the_same_state(local, clock, tmp_path):
    envelopes = _envelopes(local, clock)
    for sub, batch in envelopes.items():
        for env in reversed(batch):
            _push(local, sub, env)
    reversed_state = state(local.store)
    # Undo and replay in order on a copy: same notifications, same sold_out_at.
    local.store.db.write(lambda c: (c.execute("DELETE FROM notifications"),
                                    c.execute("DELETE FROM processed_messages"),
                                    c.execute("UPDATE events SET sold_out_at = NULL")))
    for sub, batch in envelopes.items():
        for env in batch:
            _push(local, sub, env)
    assert state(local.store) == reversed_state


def test_forged_pushes_are_refused_and_change_nothing(local, clock):
    envelopes = _envelopes(local, clock)
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
    assert _push(local, subscription, env).status_code == 204


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
    assert _push(local, "users-registration-topic-sub", env).status_code == 204
    assert "welcome" in kinds(olga)


def test_handler_failure_is_not_acked_and_is_retried(local, clock):
    local.audit.fail = True
    sign_up(local.client)
    local.app.extensions["events"].dispatcher.run_once()
    assert local.bus.pending() == 1  # the audit delivery failed, the others were acked
    local.audit.fail = False
    local.drain()
    assert [line["type"] for line in local.audit.lines] == ["user.registered"]


def test_an_outage_delays_but_loses_and_doubles_nothing(local, clock):
    local.transport.outage = 25  # the endpoint answers 503 for a while
    people = [sign_up(local.client) for _ in range(3)]
    event = people[0].create_event(clock, capacity=1)
    people[1].post("/registrations", json={"event_id": event["id"]})
    local.bus.max_attempts = 50  # this test is about recovery, not dead letters
    local.drain()
    assert local.transport.outage == 0 and local.bus.dead_letters() == []
    assert kinds(people[0]) == ["attendee_registered", "sold_out", "welcome"]
    assert [k for p in people[1:] for k in kinds(p)] == ["welcome", "welcome"]
    assert len(local.audit.lines) == len({line["id"] for line in local.audit.lines}) == 5


def test_a_poison_message_ends_in_the_dead_letters(local, clock):
    olga = sign_up(local.client)
    wire_ids = local.bus.db.read(lambda c: [r[0] for r in c.execute(
        "SELECT message_id FROM deliveries WHERE subscription = 'users-registration-topic-sub'")])
    assert wire_ids == []  # nothing is delivered until the relay ran
    local.drain()
    event = olga.create_event(clock)
    local.app.extensions["events"].dispatcher._relay.flush()  # in the bus, not yet pushed
    poison = local.bus.db.read(lambda c: c.execute(
        "SELECT message_id FROM deliveries WHERE subscription = 'change-event-capacity-topic-sub'"
    ).fetchone()[0])
    local.transport.poison.add(poison)
    local.drain()
    (dead,) = local.bus.dead_letters()
    assert dead.subscription == "change-event-capacity-topic-sub" and dead.message_id == poison
    assert dead.attempts == 3 and dead.last_error == "HTTP 500"
    body = json.loads(base64.b64decode(dead.message["data"]))
    assert body["type"] == "event.created" and body["data"]["event_id"] == event["id"]


def test_push_to_an_endpoint_that_is_down_is_retried(tmp_path, clock):
    config = make_config(tmp_path)
    bus = LocalBus(tmp_path / "bus.db", topology_of(config), clock=clock, max_attempts=2,
                   backoff=Backoff(base=10, cap=60))
    message = m.new_message(m.EVENT_CREATED, "u", clock.now, event_id="e")
    bus.publish_batch([("notification-topic", message)])
    down = HttpPushTransport(f"http://127.0.0.1:{free_port()}", PUSH_TOKEN, timeout=2)
    assert bus.pump(down) == 0 and bus.pending() == 1
    clock.advance(seconds=7)  # under the backoff (10 s +-20%): not due yet
    assert bus.pump(down) == 0 and bus.dead_letters() == []
    clock.advance(seconds=6)
    assert bus.pump(down) == 0
    (dead,) = bus.dead_letters()
    assert "ConnectionError" in dead.last_error and dead.message_id == wire_message_id(
        "notification-topic", message)


def test_the_relay_publishing_twice_delivers_once(tmp_path, clock):
    config = make_config(tmp_path)
    bus = LocalBus(tmp_path / "bus.db", topology_of(config), clock=clock)
    message = m.new_message(m.EVENT_CREATED, "u", clock.now, event_id="e")
    bus.publish_batch([("notification-topic", message)])
    bus.publish_batch([("notification-topic", message)])  # a relay that crashed before completing
    assert bus.pending() == 1


def test_claims_are_leases(tmp_path, clock):
    config = make_config(tmp_path)
    first = LocalBus(tmp_path / "bus.db", topology_of(config), clock=clock, lease_seconds=60)
    second = LocalBus(tmp_path / "bus.db", topology_of(config), clock=clock, lease_seconds=60)
    first.publish_batch([("notification-topic", m.new_message(m.EVENT_CREATED, "u", clock.now))])
    attempts = []

    class Ok:
        def push(self, sub, env):
            attempts.append(env["deliveryAttempt"])
            return 204

    class Dies:
        def push(self, sub, env):
            raise SystemExit("the worker is killed mid-push")

    with pytest.raises(SystemExit):
        first.pump(Dies())  # a worker claims it, then dies mid-push
    clock.advance(seconds=59)
    assert second.pump(Ok()) == 0  # still leased to the first worker
    clock.advance(seconds=2)
    assert second.pump(Ok()) == 1  # the lease ran out: taken over
    assert attempts == [2] and second.pending() == 0


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
