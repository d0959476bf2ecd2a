"""Domain tests call the rules directly, on a real SQLite store and the test clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from app.domain import events
from app.domain.models import Event
from app.payment_providers.test_provider import TestProvider
from app.store.sqlite import SqliteStore
from tests.conftest import Clock


@pytest.fixture
def make_event(store: SqliteStore, clock: Clock) -> Callable[..., Event]:
    def make(organizer_id: str = "olga", **fields: Any) -> Event:
        values = {"title": "Tech meetup", "description": "", "starts_at": clock.now + timedelta(days=7),
                  "ends_at": None, "timezone": "UTC", "location": "Hall A", "capacity": 2, "price": 0,
                  "currency": "KZT", **fields}
        return events.create_event(store, organizer_id, values, clock.now)

    return make


@pytest.fixture
def provider(clock: Clock) -> TestProvider:
    """The test payment provider (its checkout page is the app's; nothing leaves the machine)."""
    return TestProvider("domain-test-signing-secret-0123456789", clock)
