"""The one retry policy."""

from __future__ import annotations

from app.infra.backoff import Backoff


def test_backoff_doubles_up_to_its_cap_within_its_jitter():
    policy = Backoff(base=1.0, cap=8.0, jitter=0.2)
    for attempt, expected in [(1, 1), (2, 2), (3, 4), (4, 8), (5, 8), (30, 8)]:
        delays = [policy.delay(attempt) for _ in range(200)]
        assert all(expected * 0.8 <= d <= expected * 1.2 for d in delays), (attempt, min(delays))
        assert max(delays) > min(delays)  # jittered, so many callers do not retry together
