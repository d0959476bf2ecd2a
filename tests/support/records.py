"""Records as the store contract's tests write them, at a fixed time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.domain.ids import new_id
from app.domain.models import Event, Registration, Review, User

T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def event(organizer: str = "org", days: float = 1, **over) -> Event:
    fields = dict(id=new_id(), organizer_id=organizer, title="Meetup", description="", starts_at=T0 +
                  timedelta(days=days), ends_at=None, timezone="UTC", location="", capacity=10,
                  price=0, currency="KZT", status="scheduled", created_at=T0, updated_at=T0)
    return Event(**{**fields, **over})


def put(store, *records):
    repositories = {User: "users", Event: "events", Registration: "registrations", Review: "reviews"}

    def apply(tx):
        for record in records:
            getattr(tx, repositories[type(record)]).add(record)

    store.run(apply)
