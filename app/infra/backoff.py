"""The one retry policy: exponential backoff with a cap and jitter.

Used wherever something failed and is tried again later: the outbox relay, the local bus's
pushes, Firestore transactions that lost a race. Each caller picks its base and cap; the shape
is the same everywhere.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Backoff:
    base: float  # seconds before the second attempt
    cap: float  # never wait longer than this (before jitter)
    jitter: float = 0.2  # +-20%: retries of many callers do not line up

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number `attempt` (1 for the first)."""
        raw = min(self.base * 2 ** max(attempt - 1, 0), self.cap)
        return raw * random.uniform(1 - self.jitter, 1 + self.jitter)  # noqa: S311 - not security
