"""The one retry policy: exponential backoff with a cap and jitter.

`RETRY_BACKOFF` is the policy for work that failed and is tried again later: a publish of the
outbox relay, a push of the local bus. Firestore transactions that lost a race use the same
shape on a millisecond scale (app/store/firestore/store.py), since they are retried while the request
waits.
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
        raw = min(self.base * 2.0 ** max(attempt - 1, 0), self.cap)
        return raw * random.uniform(1 - self.jitter, 1 + self.jitter)  # noqa: S311 - not security


# 1 s, 2 s, 4 s, ... at most a minute: Pub/Sub's own default push retry policy is 10 s to 600 s;
# ours is shorter because our endpoint is our own app, usually back within seconds.
RETRY_BACKOFF = Backoff(base=1.0, cap=60.0)
