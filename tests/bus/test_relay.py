"""The outbox relay: publishes what is due on its clock, and backs off on that clock too."""

from __future__ import annotations

from datetime import timedelta

from app import create_app
from app.bus import topology_of
from app.bus.relay import OutboxRelay
from app.domain import messages as m
from app.domain.models import Message
from app.domain.ports import Bus
from app.infra.backoff import RETRY_BACKOFF
from tests.conftest import fast_auth, make_config, sign_up


class FlakyBus(Bus):
    def __init__(self) -> None:
        self.down = True
        self.calls = 0
        self.published: list[tuple[str, Message]] = []

    def publish_batch(self, items: list[tuple[str, Message]], timeout: float | None = None) -> None:
        self.calls += 1
        if self.down:
            raise ConnectionError("the bus is down")
        self.published.extend(items)


def test_a_failed_publish_is_retried_after_the_backoff_on_the_relays_clock(store, clock, tmp_path):
    message = m.new_message(m.EVENT_CREATED, "u1", clock.now, event_id="e1")
    store.run(lambda tx: tx.emit(message))
    bus = FlakyBus()
    relay = OutboxRelay(store.outbox, bus, topology_of(make_config(tmp_path)), clock)
    assert relay.flush() == 0 and bus.calls == 1
    bus.down = False
    shortest = RETRY_BACKOFF.base * (1 - RETRY_BACKOFF.jitter)
    clock.advance(seconds=shortest - 0.1)
    assert relay.flush() == 0 and bus.calls == 1  # still backing off: not even tried
    clock.advance(seconds=RETRY_BACKOFF.base * (1 + RETRY_BACKOFF.jitter))
    assert relay.flush() == 1
    assert {topic for topic, _ in bus.published} == {"notification-topic", "change-event-capacity-topic"}
    assert relay.flush() == 0  # completed: nothing left


def test_the_relay_publishes_messages_of_any_date_on_its_clock(store, clock, tmp_path):
    clock.advance(days=365 * 40)  # decades past the machine's clock: still due at once
    message = m.new_message(m.EVENT_CREATED, "u1", clock.now, event_id="e1")
    store.run(lambda tx: tx.emit(message))
    bus = FlakyBus()
    bus.down = False
    assert OutboxRelay(store.outbox, bus, topology_of(make_config(tmp_path)), clock).flush() == 1


def test_publish_now_sends_only_its_own_messages_once(any_store, clock, tmp_path):
    mine, other = (m.new_message(m.EVENT_CREATED, "u1", clock.now, event_id=e) for e in ("e1", "e2"))
    any_store.run(lambda tx: (tx.emit(mine), tx.emit(other)))
    bus = FlakyBus()
    bus.down = False
    relay = OutboxRelay(any_store.outbox, bus, topology_of(make_config(tmp_path)), clock)
    assert relay.publish_now([mine.id]) == 1
    assert relay.publish_now([mine.id]) == 0  # completed: not again
    assert {message.id for _, message in bus.published} == {mine.id}
    claimed = any_store.outbox.claim(clock.now, 30, 10)  # a sweep leases the other one ...
    assert [item.message.id for item in claimed] == [other.id]
    assert relay.publish_now([other.id]) == 0  # ... so the request path leaves it to the sweep


def test_publish_now_never_raises_and_leaves_the_message_for_the_sweep(store, clock, tmp_path):
    message = m.new_message(m.EVENT_CREATED, "u1", clock.now, event_id="e1")
    store.run(lambda tx: tx.emit(message))
    bus = FlakyBus()
    relay = OutboxRelay(store.outbox, bus, topology_of(make_config(tmp_path)), clock)
    assert relay.publish_now([message.id]) == 0
    bus.down = False
    clock.advance(seconds=RETRY_BACKOFF.base * (1 + RETRY_BACKOFF.jitter))
    assert relay.flush() == 1


def _app(tmp_path, store, bus, clock):
    return create_app(make_config(tmp_path, publish_on_request=True), store=store,
                      auth=fast_auth(store), bus=bus, clock=clock)


def test_a_request_publishes_what_it_committed_before_answering(tmp_path, store, clock):
    bus = FlakyBus()
    bus.down = False
    owner = sign_up(_app(tmp_path, store, bus, clock).test_client())
    created = owner.create_event(clock)
    published = {message.id: message for _, message in bus.published if message.type == m.EVENT_CREATED}
    assert [message.data["event_id"] for message in published.values()] == [created["id"]]
    assert store.outbox.claim(clock.now + timedelta(days=1), 30, 100) == []  # nothing left over


def test_a_bus_outage_never_fails_the_request(tmp_path, store, clock):
    bus = FlakyBus()
    owner = sign_up(_app(tmp_path, store, bus, clock).test_client())  # bus down all along
    created = owner.create_event(clock)
    assert created["id"] and bus.calls >= 2 and not bus.published
    later = clock.now + timedelta(minutes=5)
    left = {item.message.type for item in store.outbox.claim(later, 30, 100)}
    assert {m.USER_REGISTERED, m.EVENT_CREATED} <= left  # kept for the sweep
