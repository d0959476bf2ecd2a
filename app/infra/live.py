"""What lets thousands of notification streams share a worker: one watcher per worker process
reads the store for new notifications of everyone, a few times a second, and wakes the open
streams of exactly the people who got one. A stream reads its own notifications only when woken,
so the store is polled per worker, not per stream, and a quiet stream costs a sleeping greenlet.

The watcher reads the store, not memory, so it sees what any worker or instance stored.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from app.domain import notifications
from app.domain.ports import Store
from app.infra import lifecycle

log = logging.getLogger(__name__)

POLL_SECONDS = 0.2  # how soon a stored notification wakes its open stream


class LiveHub:
    def __init__(self, store: Store, poll_seconds: float = POLL_SECONDS) -> None:
        self._store = store
        self._poll = poll_seconds
        self._lock = threading.Lock()
        self._listeners: dict[str, set[threading.Event]] = {}
        self._position: str | None = None  # None while nobody listens
        self._thread: threading.Thread | None = None

    @contextmanager
    def listen(self, user_id: str) -> Iterator[threading.Event]:
        """An event set whenever something new is stored for `user_id` (and when the server
        stops). Read what is stored only after listening starts: then nothing falls between."""
        wake = threading.Event()
        with self._lock:
            if self._position is None:
                self._position = notifications.feed_position(self._store)
            self._listeners.setdefault(user_id, set()).add(wake)
            if self._thread is None:  # started on first use: after gunicorn forked the worker
                self._thread = threading.Thread(target=self._watch, name="live-hub", daemon=True)
                self._thread.start()
                lifecycle.on_stop(lambda: self._wake(None))
        try:
            yield wake
        finally:
            with self._lock:
                mine = self._listeners.get(user_id, set())
                mine.discard(wake)
                if not mine:
                    self._listeners.pop(user_id, None)

    def listening(self) -> int:
        with self._lock:
            return sum(len(v) for v in self._listeners.values())

    def _watch(self) -> None:
        while True:  # a stop wakes everyone through lifecycle.on_stop, not here
            time.sleep(self._poll)
            try:
                self.poll()
            except Exception:  # the store is unavailable: streams keep their heartbeat meanwhile
                log.exception("live hub poll failed")

    def poll(self) -> int:
        """One pass of the watcher: read what was stored since the last, wake whom it concerns.
        Returns how many times it read the store (more than once only after a burst)."""
        reads, more = 0, True
        while more:
            with self._lock:
                if not self._listeners:
                    self._position = None  # nobody to wake: start from "now" when somebody listens
                    return reads
                position = self._position
            assert position is not None
            position, people, more = notifications.recipients_after(self._store, position)
            reads += 1
            with self._lock:
                self._position = position
            self._wake(people)
        return reads

    def _wake(self, people: set[str] | None) -> None:
        """Wake the streams of `people` (None: of everyone)."""
        with self._lock:
            if people is None:
                targets = [w for waits in self._listeners.values() for w in waits]
            else:
                targets = [w for user in people for w in self._listeners.get(user, ())]
        for wake in targets:
            wake.set()
