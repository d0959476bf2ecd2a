"""Outbox relay: moves committed messages from the store's outbox to the bus."""

from __future__ import annotations

import logging
from datetime import timedelta

from app.bus.topology import Topology
from app.domain.messages import topics_for
from app.domain.ports import Bus, Clock, Outbox
from app.infra.backoff import RETRY_BACKOFF, Backoff

log = logging.getLogger(__name__)


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

    def flush(self) -> int:
        """Publish every message that is due; return how many went out. A batch that fails is
        left in the outbox and tried again later with backoff, never dropped."""
        sent = 0
        while items := self._outbox.claim(self._clock(), self._lease, self._batch):
            pairs = [(self._topology.topic(logical), item.message)
                     for item in items for logical in topics_for(item.message.type)]
            try:
                self._bus.publish_batch(pairs)
            except Exception as exc:
                log.exception("publishing %d messages failed; they stay in the outbox", len(items))
                now = self._clock()
                for item in items:
                    retry_at = now + timedelta(seconds=self.backoff.delay(item.attempts))
                    self._outbox.release(item.message.id, retry_at, f"{type(exc).__name__}: {exc}")
                break
            self._outbox.complete([item.message.id for item in items])
            sent += len(items)
            if len(items) < self._batch:
                break
        return sent
