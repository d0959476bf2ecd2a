"""Registrations; the partial unique index on (event, person) backs up "one active each"."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.domain.models import ACTIVE_REGISTRATION, PENDING_PAYMENT, WAITLISTED, Page, Registration
from app.domain.repositories import Registrations
from app.store.sqlite.rows import Repository
from app.timeutil import sortable


class SqliteRegistrations(Repository, Registrations):
    def get(self, registration_id: str) -> Registration | None:
        return self._one(Registration, "SELECT * FROM registrations WHERE id = ?", registration_id)

    def active_of(self, event_id: str, user_id: str) -> Registration | None:
        return self._one(
            Registration,
            "SELECT * FROM registrations WHERE event_id = ? AND user_id = ? AND status IN (?, ?, ?) "
            "AND (order_id IS NULL OR order_id = id)",
            event_id, user_id, *ACTIVE_REGISTRATION,
        )

    def by_ticket(self, event_id: str, ticket_code: str) -> Registration | None:
        return self._one(
            Registration, "SELECT * FROM registrations WHERE event_id = ? AND ticket_code = ?",
            event_id, ticket_code,
        )

    def first_waitlisted(self, event_id: str, count: int) -> list[Registration]:
        return self._all(
            Registration,
            "SELECT * FROM registrations WHERE event_id = ? AND status = ? "
            "ORDER BY created_at, id LIMIT ?",
            event_id, WAITLISTED, count,
        )

    def active(self, event_id: str) -> list[Registration]:
        return self._all(
            Registration,
            "SELECT * FROM registrations WHERE event_id = ? AND status IN (?, ?, ?) "
            "ORDER BY created_at, id",
            event_id, *ACTIVE_REGISTRATION,
        )

    def add(self, registration: Registration) -> None:
        self._write("registrations", registration)

    def update(self, registration: Registration) -> None:
        self._write("registrations", registration, update=True)

    def of_event(self, event_id: str, limit: int, cursor: str | None) -> Page[Registration]:
        args: list[Any] = [event_id]
        sql = "SELECT * FROM registrations WHERE event_id = ?"
        sql += self._after(cursor, "created_at, id", args) + " ORDER BY created_at, id"
        return self._page(Registration, sql, args, limit, lambda r: (sortable(r.created_at), r.id))

    def of_user(self, user_id: str, limit: int, cursor: str | None) -> Page[Registration]:
        args: list[Any] = [user_id]
        sql = "SELECT * FROM registrations WHERE user_id = ?"
        sql += self._after(cursor, "created_at, id", args, descending=True)
        sql += " ORDER BY created_at DESC, id DESC"
        return self._page(Registration, sql, args, limit, lambda r: (sortable(r.created_at), r.id))

    def of_order(self, order_id: str) -> list[Registration]:
        return self._all(Registration, "SELECT * FROM registrations WHERE order_id = ? ORDER BY id", order_id)

    def expired_holds(self, now: datetime, limit: int) -> list[Registration]:
        return self._all(
            Registration,
            "SELECT * FROM registrations WHERE status = ? AND hold_expires_at <= ? "
            "ORDER BY hold_expires_at, id LIMIT ?",
            PENDING_PAYMENT, sortable(now), limit,
        )
