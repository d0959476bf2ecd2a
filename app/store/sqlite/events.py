"""Events and their seats: one counter per event, the event's row (the seat trigger in
schema/0001_initial.sql backs up `Seats`' own guard)."""

from __future__ import annotations

from typing import Any

from app.domain.models import Event, Page, Registration, Visibility
from app.domain.repositories import EventQuery, Events
from app.domain.seats import Seats
from app.store.sqlite.rows import Repository, like
from app.timeutil import sortable


class SqliteEvents(Repository, Events):
    def get(self, event_id: str) -> Event | None:
        return self._one(Event, "SELECT * FROM events WHERE id = ?", event_id)

    def seats(self, event_id: str, of: Registration | None = None) -> Seats | None:
        event = self.get(event_id)
        return None if event is None else Seats(event, None)

    def seats_of(self, event: Event) -> Seats:
        return Seats(event, None)

    def put_seats(self, seats: Seats) -> None:
        self.update(seats.event)

    def add(self, event: Event) -> None:
        self._write("events", event)

    def update(self, event: Event) -> None:
        self._write("events", event, update=True)

    def brief(self, event_ids: list[str]) -> dict[str, Event]:
        ids = list(dict.fromkeys(event_ids))[:900]  # under SQLite's bound-parameter limit
        marks = ", ".join("?" * len(ids))
        return {e.id: e for e in self._all(Event, f"SELECT * FROM events WHERE id IN ({marks})", *ids)}  # noqa: S608

    def search(self, query: EventQuery) -> Page[Event]:
        sql = "SELECT * FROM events WHERE status = ? AND starts_at >= ?"
        args: list[Any] = [query.status, sortable(query.starts_from)]
        if query.starts_to:
            sql += " AND starts_at < ?"
            args.append(sortable(query.starts_to))
        if query.organizer_id:
            sql += " AND organizer_id = ?"
            args.append(query.organizer_id)
        if query.public_only:
            sql += " AND visibility = ?"
            args.append(Visibility.PUBLIC)
        if query.exclude_organizer_id:
            sql += " AND organizer_id != ?"
            args.append(query.exclude_organizer_id)
        if query.category:
            sql += " AND category = ?"
            args.append(query.category)
        if query.tag:
            sql += " AND EXISTS (SELECT 1 FROM json_each(events.tags) WHERE value = ?)"
            args.append(query.tag)
        if query.text:
            sql += " AND (title LIKE ? ESCAPE '\\' OR description LIKE ? ESCAPE '\\')"
            args += [like(query.text)] * 2
        if query.location:
            sql += " AND location LIKE ? ESCAPE '\\'"
            args.append(like(query.location))
        order = " ORDER BY starts_at DESC, id DESC" if query.latest_first else " ORDER BY starts_at, id"
        sql += self._after(query.cursor, "starts_at, id", args, descending=query.latest_first) + order
        return self._page(Event, sql, args, query.limit, lambda e: (sortable(e.starts_at), e.id))
