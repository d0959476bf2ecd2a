"""Per-address request limits on sign-up and sign-in (flask-limiter).

The counters live where RATELIMIT_STORAGE_URI says: `store://` (the default) counts in the app's
own store (SQLite or Firestore), once for every worker, process and instance, like the per-account
lockout; `redis://HOST:PORT` (Memorystore on Google Cloud) takes that traffic off the store;
`memory://` counts per worker process (N workers allow N times the limits: for a single process
only). The per-account lockout is a product rule and lives in the store (app.domain.signin),
whatever this storage is.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits.storage import Storage

from app.domain.errors import DomainError
from app.domain.ids import digest
from app.domain.models import WindowCounter
from app.domain.ports import Transaction
from app.services import EXTENSION, Services

# Loose enough for a household or an office behind one address (and for pasting the README's
# walkthrough, three sign-ups, a few times in a row); tight enough to stop bulk sign-ups.
SIGNUP_LIMIT = "10 per minute; 50 per hour"
LOGIN_LIMIT = "30 per 15 minutes"

# No headers on every answer: flask-limiter would put its own Retry-After on 200s too, and raise
# the one of a lockout answer to its window's. A 429 of its own gets Retry-After from
# `seconds_until_reset`, through the one error handler.
limiter = Limiter(key_func=get_remote_address, headers_enabled=False)


def seconds_until_reset() -> int:
    """For the limit this request just hit: how long until it lets the address through."""
    current = limiter.current_limit
    return max(1, int(current.reset_at - time.time())) if current else 60


class StoreStorage(Storage):
    """flask-limiter's counters in the app's store (`store://`): a fixed window per key, counted
    in one store transaction, so parallel requests on any worker cannot both pass the last slot.
    Windows run on real time, as flask-limiter's own do. Keys (which hold the address) are kept
    as hashes."""

    STORAGE_SCHEME = ["store"]

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return DomainError

    @staticmethod
    def _services() -> Services:
        return current_app.extensions[EXTENSION]  # type: ignore[no-any-return]

    @staticmethod
    def _key(key: str) -> str:
        return "limit:" + digest(key)

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = datetime.now(UTC)

        def apply(tx: Transaction) -> int:
            counter = tx.counters.get(self._key(key))
            if counter is None or now >= counter.expires_at:
                counter = WindowCounter(self._key(key), 0, now + timedelta(seconds=expiry))
            counter.count += amount
            tx.counters.put(counter)
            return counter.count

        return self._services().store.run(apply)

    def _current(self, key: str) -> WindowCounter | None:
        counter = self._services().store.read(lambda tx: tx.counters.get(self._key(key)))
        return counter if counter is not None and datetime.now(UTC) < counter.expires_at else None

    def get(self, key: str) -> int:
        counter = self._current(key)
        return counter.count if counter else 0

    def get_expiry(self, key: str) -> float:
        counter = self._current(key)
        return counter.expires_at.timestamp() if counter else time.time()

    def check(self) -> bool:
        return True

    def reset(self) -> int | None:
        return None  # the store's counters run out by themselves

    def clear(self, key: str) -> None:
        def apply(tx: Transaction) -> None:
            tx.counters.put(WindowCounter(self._key(key), 0, datetime.now(UTC)))

        self._services().store.run(apply)
