"""The outbox relay: publishes what is due on its clock, and backs off on that clock too."""

from __future__ import annotations

from app.bus import topology_of
from app.bus.relay import OutboxRelay
from app.domain import messages as m
from app.domain.models import Message
from app.domain.ports import Bus
from app.infra.backoff import RETRY_BACKOFF
from tests.conftest import make_config


class FlakyBus(Bus):
    def __init__(self) -> None:
        self.down = True
        self.calls = 0
        self.published: list[tuple[str, Message]] = []

    def publish_batch(self, items: list[tuple[str, Message]]) -> None:
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
