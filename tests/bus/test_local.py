"""The embedded bus (app/bus/local.py): retries with backoff, dead letters, leases, and one
delivery per message however often the relay publishes it."""

from __future__ import annotations

import base64
import json

import pytest

from app.bus import topology_of
from app.bus.envelope import wire_message_id
from app.bus.local import HttpPushTransport, LocalBus
from app.domain import messages as m
from app.infra.backoff import Backoff
from tests.conftest import PUSH_TOKEN, make_config, sign_up
from tests.stack import kinds
from tools.processes import free_port


def test_an_outage_delays_but_loses_and_doubles_nothing(local, clock):
    local.transport.outage = 25  # the endpoint answers 503 for a while
    people = [sign_up(local.client) for _ in range(3)]
    event = people[0].create_event(clock, capacity=1)
    people[1].post("/registrations", json={"event_id": event["id"]})
    local.bus.max_attempts = 50  # this test is about recovery, not dead letters
    local.drain()
    assert local.transport.outage == 0 and local.bus.dead_letters() == []
    assert kinds(people[0]) == ["attendee_registered", "sold_out", "welcome"]
    assert [k for p in people[1:] for k in kinds(p)] == ["ticket_confirmed", "welcome", "welcome"]
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
        parallel = 1

        def push(self, sub, env):
            attempts.append(env["deliveryAttempt"])
            return 204

    class Dies:
        parallel = 1

        def push(self, sub, env):
            raise SystemExit("the worker is killed mid-push")

    with pytest.raises(SystemExit):
        first.pump(Dies())  # a worker claims it, then dies mid-push
    clock.advance(seconds=59)
    assert second.pump(Ok()) == 0  # still leased to the first worker
    clock.advance(seconds=2)
    assert second.pump(Ok()) == 1  # the lease ran out: taken over
    assert attempts == [2] and second.pending() == 0
