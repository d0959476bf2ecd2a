"""The Pub/Sub bus adapter against the Pub/Sub emulator, and the cache of Google's keys."""

from __future__ import annotations

import contextlib
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from google.api_core.exceptions import AlreadyExists
from google.cloud import pubsub_v1

from app.bus import topology_of
from app.bus.pubsub import PubSubBus
from app.bus.push_auth import CachedCerts
from app.bus.relay import OutboxRelay
from app.config import Config
from app.domain import messages as m
from tests.conftest import FIRESTORE_PROJECT, make_config
from tools.servers import free_port

pytestmark = pytest.mark.slow


@pytest.fixture
def pull(pubsub_host):
    """A pull subscription on every topic, to see exactly what was published."""
    config = Config()
    publisher, subscriber = pubsub_v1.PublisherClient(), pubsub_v1.SubscriberClient()
    subs = {}
    for logical, topic in config.topics.items():
        topic_path = publisher.topic_path(FIRESTORE_PROJECT, topic)
        with contextlib.suppress(AlreadyExists):  # from an earlier test
            publisher.create_topic(name=topic_path)
        sub = subscriber.subscription_path(FIRESTORE_PROJECT, f"test-{logical}-{free_port()}")
        subscriber.create_subscription(name=sub, topic=topic_path)
        subs[topic] = sub

    def messages(topic: str) -> list:
        response = subscriber.pull(subscription=subs[topic], max_messages=50, timeout=10)
        return [r.message for r in response.received_messages]

    return messages


def test_relay_publishes_each_message_with_its_type(store, clock, pull, tmp_path):
    config = make_config(tmp_path)
    message = m.new_message(m.REGISTRATION_CONFIRMED, "u1", clock.now, event_id="e1", user_id="u1",
                            organizer_id="o1", title="T", registration_id="r1", sold_out=True)
    store.run(lambda tx: tx.emit(message))
    relay = OutboxRelay(store.outbox, PubSubBus(FIRESTORE_PROJECT), topology_of(config), clock)
    assert relay.flush() == 1
    for topic in ("notification-topic", "user-notifications-topic", "change-event-capacity-topic"):
        (received,) = pull(topic)
        assert received.attributes["type"] == "registration.confirmed"
        body = json.loads(received.data)
        assert body["id"] == message.id and body["data"]["event_id"] == "e1"
    assert pull("users-registration-topic") == []
    assert store.outbox.claim(clock.now + timedelta(hours=1), 30, 10) == []  # done with


def test_an_unreachable_pubsub_keeps_the_message(store, clock, tmp_path, monkeypatch):
    monkeypatch.setenv("PUBSUB_EMULATOR_HOST", f"127.0.0.1:{free_port()}")  # nothing listens
    message = m.new_message(m.EVENT_CREATED, "u1", clock.now, event_id="e1")
    store.run(lambda tx: tx.emit(message))
    relay = OutboxRelay(store.outbox, PubSubBus(FIRESTORE_PROJECT, timeout=1.0),
                        topology_of(make_config(tmp_path)), clock)
    assert relay.flush() == 0
    (kept,) = store.outbox.claim(clock.now + timedelta(hours=1), 30, 10)
    assert kept.message == message and kept.attempts == 2  # tried once, waiting to be tried again


def test_google_keys_are_cached_as_long_as_google_says():
    hits = []

    class Certs(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(1)
            body = json.dumps({"k": "PEM"}).encode()
            self.send_response(200)
            self.send_header("Cache-Control", "public, max-age=3600")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Certs)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        certs = CachedCerts(f"http://127.0.0.1:{server.server_port}/certs")
        assert certs() == {"k": "PEM"} and certs() == {"k": "PEM"}
        assert len(hits) == 1
    finally:
        server.shutdown()
