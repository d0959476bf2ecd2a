"""The per-worker live hub (app/infra/live.py): one store poll per tick whoever listens, and only
the streams of the people notified are woken."""

from __future__ import annotations

import time

import pytest

from app.domain import notifications
from app.domain.ids import new_id
from app.domain.models import Notification
from app.infra import lifecycle
from app.infra.live import LiveHub


def note(store, clock, user_id: str) -> None:
    store.run(lambda tx: tx.notifications.add(Notification(
        id=new_id(), user_id=user_id, kind="welcome", message="hi", event_id=None, created_at=clock())))


def until(condition, limit: float = 10.0) -> bool:
    """Waits for something the hub's thread does; the limit is a safety net, not a figure."""
    deadline = time.monotonic() + limit
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


IDLE = 3600.0  # the hub's own thread sleeps through the test: the test drives poll()


def test_one_store_read_per_poll_however_many_listen_and_only_the_notified_wake(store, clock):
    hub = LiveHub(store, poll_seconds=IDLE)
    streams = [hub.listen(f"person-{i}") for i in range(500)]
    wakes = [s.__enter__() for s in streams]
    try:
        for i in (3, 77, 3):
            note(store, clock, f"person-{i}")
        assert hub.poll() == 1
        assert [i for i, w in enumerate(wakes) if w.is_set()] == [3, 77]
        assert hub.poll() == 1 and hub.listening() == 500
    finally:
        for s in streams:
            s.__exit__(None, None, None)
    assert hub.listening() == 0 and hub.poll() == 0  # nobody listens: the store is not read


def test_two_streams_of_one_person_both_wake(store, clock):
    hub = LiveHub(store, poll_seconds=IDLE)
    with hub.listen("ada") as first, hub.listen("ada") as second, hub.listen("bob") as bob:
        note(store, clock, "ada")
        hub.poll()
        assert first.is_set() and second.is_set() and not bob.is_set()


def test_nothing_stored_between_listening_and_reading_is_missed(store, clock):
    hub = LiveHub(store, poll_seconds=IDLE)
    with hub.listen("ada") as wake:
        note(store, clock, "ada")  # right after listening started, before any poll
        hub.poll()
        assert wake.is_set()


def test_a_burst_is_read_in_batches_until_caught_up(store, clock):
    hub = LiveHub(store, poll_seconds=IDLE)
    with hub.listen("ada") as wake:
        for _ in range(notifications.FEED_BATCH + 1):
            note(store, clock, "bob")
        note(store, clock, "ada")
        assert hub.poll() == 2 and wake.is_set()


@pytest.fixture
def stopping():
    yield lifecycle.stopping
    lifecycle.stopping.clear()


def test_a_stopping_server_wakes_every_stream_at_once(store, stopping):
    hub = LiveHub(store, poll_seconds=IDLE)
    with hub.listen("ada") as ada, hub.listen("bob") as bob:
        lifecycle.stop()  # what the worker calls on SIGTERM/SIGINT: no poll needed
        assert ada.is_set() and bob.is_set()
