"""Orders, payments (one per order or ticket bought alone, with its id) and reviews."""

from __future__ import annotations

from typing import Any

from app.domain.models import Order, Page, Payment, PaymentStatus, Review
from app.domain.repositories import Orders, Payments, Reviews
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


class SqliteOrders(Repository, Orders):
    def get(self, order_id: str) -> Order | None:
        return self._one(Order, "SELECT * FROM orders WHERE id = ?", order_id)

    def add(self, order: Order) -> None:
        self._write("orders", order)

    def of_user(self, user_id: str, limit: int, cursor: str | None) -> Page[Order]:
        args: list[Any] = [user_id]
        sql = "SELECT * FROM orders WHERE user_id = ?"
        sql += self._after(cursor, "created_at, id", args, descending=True)
        sql += " ORDER BY created_at DESC, id DESC"
        return self._page(Order, sql, args, limit, lambda o: (sortable(o.created_at), o.id))


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
