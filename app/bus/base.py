"""Bus interface and the in-memory recording bus."""

from __future__ import annotations

import abc
import threading
from collections import deque
from typing import Any, Protocol

from app.domain.models import Message


class PushTransport(Protocol):
    def push(self, subscription: str, envelope: dict[str, Any]) -> int:
        """POST the envelope to the subscription's push endpoint; return the HTTP status."""


class Bus(abc.ABC):
    @abc.abstractmethod
    def publish(self, topic: str, message: Message) -> None:
        """Hand one message to one topic; raise if it was not accepted (the relay retries)."""

    def pump(self, transport: PushTransport) -> int:
        """Push what is due to the push endpoints; return how many were acknowledged. Only a
        bus that delivers pushes itself (the local one) has anything to do here: Pub/Sub
        pushes on its own."""
        return 0

    def publish_batch(self, items: list[tuple[str, Message]]) -> None:
        """Hand over several (topic, message) pairs; raise if any was not accepted. Adapters
        override this when they can do it in one round trip."""
        for topic, message in items:
            self.publish(topic, message)


class RecordingBus(Bus):
    """Keeps what was published, in order, in memory (bounded unless told otherwise)."""

    def __init__(self, maxlen: int | None = 10_000) -> None:
        self._lock = threading.Lock()
        self.published: deque[tuple[str, Message]] = deque(maxlen=maxlen)

    def publish(self, topic: str, message: Message) -> None:
        with self._lock:
            self.published.append((topic, message))

    def messages(self, topic: str | None = None) -> list[Message]:
        with self._lock:
            return [m for t, m in self.published if topic is None or t == topic]
