"""Payments (one per registration of a paid event, with its id) and reviews."""

from __future__ import annotations

from typing import Any

from app.domain.models import Page, Payment, PaymentStatus, Review
from app.domain.repositories import Payments, Reviews
from app.store.sqlite.rows import Repository, insert_sql, to_row
from app.timeutil import sortable


class SqlitePayments(Repository, Payments):
    def get(self, payment_id: str) -> Payment | None:
        return self._one(Payment, "SELECT * FROM payments WHERE id = ?", payment_id)

    def put(self, payment: Payment) -> None:
        row = to_row(payment)
        self._conn.execute(insert_sql("payments", row, "INSERT OR REPLACE"), row)

    def of_event(self, event_id: str, statuses: tuple[PaymentStatus, ...]) -> list[Payment]:
        marks = ", ".join("?" * len(statuses))
        return self._all(Payment, f"SELECT * FROM payments WHERE event_id = ? AND status IN ({marks}) "  # noqa: S608
                         "ORDER BY created_at, id", event_id, *statuses)


class SqliteReviews(Repository, Reviews):
    def get(self, event_id: str, user_id: str) -> Review | None:
        return self._one(Review, "SELECT * FROM reviews WHERE event_id = ? AND user_id = ?",
                         event_id, user_id)

    def add(self, review: Review) -> None:
        self._write("reviews", review)

    def sign_as(self, event_id: str, user_id: str, username: str) -> None:
        self._conn.execute("UPDATE reviews SET username = ? WHERE event_id = ? AND user_id = ?",
                           (username, event_id, user_id))

    def of_event(self, event_id: str, limit: int, cursor: str | None) -> Page[Review]:
        args: list[Any] = [event_id]
        sql = "SELECT * FROM reviews WHERE event_id = ?"
        sql += self._after(cursor, "created_at, id", args, descending=True)
        sql += " ORDER BY created_at DESC, id DESC"
        return self._page(Review, sql, args, limit, lambda r: (sortable(r.created_at), r.id))
