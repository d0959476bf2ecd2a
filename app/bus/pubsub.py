"""Cloud Pub/Sub: the outbox relay publishes here; Pub/Sub pushes to /pubsub/<subscription>."""

from __future__ import annotations

import json
import time

from google.cloud.pubsub_v1 import PublisherClient

from app.domain.messages import message_body
from app.domain.models import Message
from app.domain.ports import Bus

PUBLISH_TIMEOUT = 30.0


class PubSubBus(Bus):
    def __init__(self, project: str, publisher: PublisherClient | None = None,
                 timeout: float = PUBLISH_TIMEOUT) -> None:
        # PUBSUB_EMULATOR_HOST, when set, is honoured by the client itself.
        self._publisher = publisher or PublisherClient()
        self._project = project
        self._timeout = timeout

    def publish_batch(self, items: list[tuple[str, Message]], timeout: float | None = None) -> None:
        """Publishes all, then blocks until Pub/Sub has every one. A failure raises and the
        messages stay in the outbox for the relay to publish again: delayed, never lost (a
        message Pub/Sub did take may then come twice, which the handlers absorb)."""
        futures = [self._publisher.publish(self._publisher.topic_path(self._project, topic),
                                           json.dumps(message_body(message)).encode(),
                                           type=message.type, domain_message_id=message.id)
                   for topic, message in items]
        deadline = time.monotonic() + (self._timeout if timeout is None else timeout)
        for future in futures:
            future.result(timeout=max(deadline - time.monotonic(), 0.0))
