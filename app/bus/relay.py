"""Outbox relay: moves committed messages from the store's outbox to the bus."""

from __future__ import annotations

import logging
from datetime import timedelta

from app.bus.base import Bus
from app.bus.topology import Topology
from app.domain.messages import topics_for
from app.infra.backoff import Backoff
from app.store.base import Store
from app.timeutil import Clock

log = logging.getLogger(__name__)

# A failed publish waits 2 s, 4 s, ... up to 5 minutes before the relay tries it again.
PUBLISH_BACKOFF = Backoff(base=2.0, cap=300.0)


class OutboxRelay:
    def __init__(self, store: Store, bus: Bus, topology: Topology, clock: Clock,
                 lease_seconds: float = 30.0, batch: int = 100) -> None:
        self._store = store
        self._bus = bus
        self._topology = topology
        self._clock = clock
        self._lease = lease_seconds
        self._batch = batch

    def flush(self) -> int:
        """Publish every message that is due; return how many went out. A batch that fails is
        left in the outbox and tried again later with backoff, never dropped."""
        sent = 0
        while items := self._store.claim_outbox(self._clock(), self._lease, self._batch):
            pairs = [(self._topology.topic(logical), item.message)
                     for item in items for logical in topics_for(item.message.type)]
            try:
                self._bus.publish_batch(pairs)
            except Exception:
                log.exception("publishing %d messages failed; they stay in the outbox", len(items))
                now = self._clock()
                for item in items:
                    delay = PUBLISH_BACKOFF.delay(item.attempts)
                    self._store.release_outbox(item.message.id, now + timedelta(seconds=delay))
                break
            self._store.complete_outbox([item.message.id for item in items])
            sent += len(items)
            if len(items) < self._batch:
                break
        return sent
