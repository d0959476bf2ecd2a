"""Test doubles that stand in for a port where the test is about something else."""

from __future__ import annotations

import threading
from collections import deque

from app.domain.models import Message
from app.domain.ports import Bus


class RecordingBus(Bus):
    """Keeps what was published, in order, in memory."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.published: deque[tuple[str, Message]] = deque()

    def publish_batch(self, items: list[tuple[str, Message]], timeout: float | None = None) -> None:
        with self._lock:
            self.published.extend(items)

    def messages(self, topic: str | None = None) -> list[Message]:
        with self._lock:
            return [m for t, m in self.published if topic is None or t == topic]
