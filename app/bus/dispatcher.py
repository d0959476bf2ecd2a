"""The background loop of each worker: relay the outbox to the bus, let the local bus push, and
now and then run the sweep (seat holds whose time is up go back: app/domain/checkout.py)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from app.bus.relay import OutboxRelay
from app.domain.ports import Bus, PushTransport

log = logging.getLogger(__name__)


class Dispatcher:
    def __init__(self, relay: OutboxRelay, bus: Bus, transport: PushTransport,
                 interval: float = 0.5, sweep: Callable[[], int] | None = None,
                 sweep_every: float = 10.0) -> None:
        self._relay = relay
        self._bus = bus
        self._transport = transport
        self._interval = interval
        self._sweep = sweep
        self._sweep_every = sweep_every
        self._swept_at: float | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> int:
        """One pass: sweep when it is time, publish what the outbox holds, then push what is due.
        Returns the count."""
        swept = 0
        if self._sweep is not None and (self._swept_at is None
                                        or time.monotonic() - self._swept_at >= self._sweep_every):
            self._swept_at = time.monotonic()
            swept = self._sweep()
        return swept + self._relay.flush() + self._bus.pump(self._transport)

    def kick(self) -> None:
        """A write just committed: run a pass now instead of at the next tick."""
        self._wake.set()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="bus-dispatcher", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                busy = self.run_once()
            except Exception:  # the store or bus file is unavailable: try again next tick
                log.exception("dispatcher pass failed")
                busy = 0
            if not busy:
                self._wake.wait(self._interval)
                self._wake.clear()
