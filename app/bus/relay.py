"""Outbox relay: moves committed messages from the store's outbox to the bus.

Two ways in: `publish_now` on the request path, right after a commit, for the messages that
commit wrote (on serverless platforms an instance has CPU only while it serves a request), and
`flush`, which sweeps whatever is due (the dispatcher thread, the scheduled /tasks/relay-outbox).
Both claim with a lease first, so a message is never published by two relays at once."""

from __future__ import annotations

import logging
from datetime import timedelta

from app.bus.topology import Topology
from app.domain.messages import topics_for
from app.domain.ports import Bus, Clock, Outbox, OutboxItem
from app.infra.backoff import RETRY_BACKOFF, Backoff

log = logging.getLogger(__name__)

# The request path waits at most this long for the bus; what is not published by then stays in
# the outbox for the sweep (docs/event-bus.md, "How soon a message is published").
REQUEST_PUBLISH_SECONDS = 2.0


class OutboxRelay:
    def __init__(self, outbox: Outbox, bus: Bus, topology: Topology, clock: Clock,
                 lease_seconds: float = 30.0, batch: int = 100,
                 backoff: Backoff = RETRY_BACKOFF) -> None:
        self._outbox = outbox
        self._bus = bus
        self._topology = topology
        self._clock = clock
        self._lease = lease_seconds
        self._batch = batch
        self.backoff = backoff

    def flush(self, most: int | None = None) -> int:
        """Publish what is due, oldest first, at most `most` messages (None: all); return how
        many went out. A batch that fails stays in the outbox, due again after the backoff."""
        sent = 0
        while most is None or sent < most:
            limit = self._batch if most is None else min(self._batch, most - sent)
            items = self._outbox.claim(self._clock(), self._lease, limit)
            if not items or not self._publish(items, None):
                break
            sent += len(items)
            if len(items) < limit:
                break
        return sent

    def publish_now(self, message_ids: list[str]) -> int:
        """Publish these just-committed messages within REQUEST_PUBLISH_SECONDS; never raises
        (the request that committed them has succeeded whatever the bus does). Returns how many
        went out; the rest wait in the outbox for the sweep."""
        try:
            items = self._outbox.claim_ids(message_ids, self._clock(), self._lease)
            return len(items) if items and self._publish(items, REQUEST_PUBLISH_SECONDS) else 0
        except Exception:
            log.exception("publishing %d messages after their commit failed; the sweep will",
                          len(message_ids))
            return 0

    def _publish(self, items: list[OutboxItem], timeout: float | None) -> bool:
        pairs = [(self._topology.topic(logical), item.message)
                 for item in items for logical in topics_for(item.message.type)]
        try:
            self._bus.publish_batch(pairs, timeout)
        except Exception as exc:
            log.exception("publishing %d messages failed; they stay in the outbox", len(items))
            now = self._clock()
            for item in items:
                retry_at = now + timedelta(seconds=self.backoff.delay(item.attempts))
                self._outbox.release(item.message.id, retry_at, f"{type(exc).__name__}: {exc}")
            return False
        self._outbox.complete([item.message.id for item in items])
        return True
