"""SQLite adapter: stdlib sqlite3, WAL, one connection per thread.

Write transactions start with BEGIN IMMEDIATE, so SQLite serialises writers across threads and
gunicorn processes: a seat is counted and claimed under that lock, which is what keeps an event
from being oversold. Partial unique indexes back up the one-active-registration and one-review
rules even if a rule in Python were ever wrong.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from app.domain.errors import (
    AlreadyRegistered,
    AlreadyReviewed,
    Conflict,
    EmailTaken,
    UsernameTaken,
)
from app.domain.messages import message_body, message_from_body
from app.domain.models import (
    ACTIVE_REGISTRATION,
    PENDING_PAYMENT,
    SCHEDULED,
    WAITLISTED,
    Credentials,
    Event,
    LoginAttempts,
    Message,
    Notification,
    Page,
    Payment,
    Registration,
    Review,
    User,
    WindowCounter,
)
from app.domain.ports import CredentialStore, EventQuery, Outbox, OutboxItem, Transaction
from app.infra.leased_queue import Claimed, LeasedQueue
from app.infra.sqlite import SqliteDatabase, migrations_in
from app.store.base import Storage
from app.store.cursor import decode_cursor, encode_cursor, stream_seq
from app.timeutil import parse_sortable, sortable

T = TypeVar("T")

MIGRATIONS = migrations_in(Path(__file__).with_name("sqlite_schema"))

_TIME_FIELDS: dict[type, frozenset[str]] = {}


def _time_fields(cls: type) -> frozenset[str]:
    """The fields of a record that hold times (stored as sortable text), read off its dataclass
    once."""
    names = _TIME_FIELDS.get(cls)
    if names is None:
        names = _TIME_FIELDS[cls] = frozenset(
            f.name for f in dataclasses.fields(cls) if "datetime" in str(f.type))
    return names


def _row(obj: Any) -> dict[str, Any]:
    """A dataclass as column values (times in their sortable text form)."""
    row = dataclasses.asdict(obj)
    for name in _time_fields(type(obj)) & row.keys():
        if row[name] is not None:
            row[name] = sortable(row[name])
    return row


def _whose(user_id: str | None) -> tuple[str, list[str]]:
    """The notifications of one person, or (None) of everyone: a fixed clause and its value."""
    return ("user_id = ?", [user_id]) if user_id is not None else ("1", [])


def _load(cls: type[T], row: sqlite3.Row | dict[str, Any]) -> T:
    values = dict(row)
    for name in _time_fields(cls) & values.keys():
        if values[name] is not None:
            values[name] = parse_sortable(values[name])
    return cls(**values)


# Table and column names come from our own dataclasses, never from input; values are bound.
def _insert_sql(table: str, row: dict[str, Any]) -> str:
    return f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join(':' + k for k in row)})"  # noqa: S608


def _update_sql(table: str, row: dict[str, Any]) -> str:
    assignments = ", ".join(f"{k} = :{k}" for k in row if k != "id")
    return f"UPDATE {table} SET {assignments} WHERE id = :id"  # noqa: S608


_CONFLICTS: tuple[tuple[str, type[Conflict]], ...] = (  # (what SQLite names in its message, kind)
    ("users_email", EmailTaken),
    ("credentials_email", EmailTaken),
    ("users_username", UsernameTaken),
    ("registrations.event_id, registrations.user_id", AlreadyRegistered),
    ("reviews.event_id, reviews.user_id", AlreadyReviewed),
)


def _conflict(exc: sqlite3.IntegrityError) -> Conflict:
    text = str(exc)
    return next((kind() for needle, kind in _CONFLICTS if needle in text), Conflict())


class SqliteTransaction(Transaction):
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.emitted: list[str] = []

    # helpers
    def _one(self, cls: type[T], sql: str, *args: Any) -> T | None:
        row = self._conn.execute(sql, args).fetchone()
        return None if row is None else _load(cls, row)

    def _all(self, cls: type[T], sql: str, *args: Any) -> list[T]:
        return [_load(cls, r) for r in self._conn.execute(sql, args).fetchall()]

    def _write(self, table: str, record: Any, *, update: bool = False) -> None:
        row = _row(record)
        try:
            self._conn.execute((_update_sql if update else _insert_sql)(table, row), row)
        except sqlite3.IntegrityError as exc:
            raise _conflict(exc) from exc

    def _page(self, cls: type[T], sql: str, args: list[Any], limit: int,
              key: Callable[[T], tuple[str, ...]]) -> Page[T]:
        rows = self._all(cls, sql + " LIMIT ?", *args, limit + 1)
        more = len(rows) > limit
        rows = rows[:limit]
        return Page(rows, encode_cursor(*key(rows[-1])) if more and rows else None)

    @staticmethod
    def _after(cursor: str | None, columns: str, args: list[Any], descending: bool = False) -> str:
        if not cursor:
            return ""
        args.extend(decode_cursor(cursor, columns.count(",") + 1))
        marks = ", ".join("?" for _ in range(columns.count(",") + 1))
        return f" AND ({columns}) {'<' if descending else '>'} ({marks})"

    # users
    def get_user(self, user_id: str) -> User | None:
        return self._one(User, "SELECT * FROM users WHERE id = ?", user_id)

    def insert_user(self, user: User) -> None:
        self._write("users", user)

    def update_user(self, user: User) -> None:
        self._write("users", user, update=True)

    def insert_credentials(self, credentials: Credentials) -> None:
        self._write("credentials", credentials)

    # events
    def get_event(self, event_id: str) -> Event | None:
        return self._one(Event, "SELECT * FROM events WHERE id = ?", event_id)

    def insert_event(self, event: Event) -> None:
        self._write("events", event)

    def update_event(self, event: Event) -> None:
        self._write("events", event, update=True)

    def list_events(self, query: EventQuery) -> Page[Event]:
        sql = "SELECT * FROM events WHERE status = ? AND starts_at >= ?"
        args: list[Any] = [SCHEDULED, sortable(query.starts_from)]
        if query.starts_to:
            sql += " AND starts_at < ?"
            args.append(sortable(query.starts_to))
        if query.organizer_id:
            sql += " AND organizer_id = ?"
            args.append(query.organizer_id)
        if query.exclude_organizer_id:
            sql += " AND organizer_id != ?"
            args.append(query.exclude_organizer_id)
        if query.text:
            sql += " AND (title LIKE ? ESCAPE '\\' OR description LIKE ? ESCAPE '\\')"
            args += [_like(query.text)] * 2
        if query.location:
            sql += " AND location LIKE ? ESCAPE '\\'"
            args.append(_like(query.location))
        sql += self._after(query.cursor, "starts_at, id", args) + " ORDER BY starts_at, id"
        return self._page(Event, sql, args, query.limit, lambda e: (sortable(e.starts_at), e.id))

    # registrations
    def get_registration(self, registration_id: str) -> Registration | None:
        return self._one(Registration, "SELECT * FROM registrations WHERE id = ?", registration_id)

    def get_active_registration(self, event_id: str, user_id: str) -> Registration | None:
        return self._one(
            Registration,
            "SELECT * FROM registrations WHERE event_id = ? AND user_id = ? AND status IN (?, ?, ?)",
            event_id, user_id, *ACTIVE_REGISTRATION,
        )

    def get_registration_by_ticket(self, event_id: str, ticket_code: str) -> Registration | None:
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

    def active_registrations(self, event_id: str) -> list[Registration]:
        return self._all(
            Registration,
            "SELECT * FROM registrations WHERE event_id = ? AND status IN (?, ?, ?) "
            "ORDER BY created_at, id",
            event_id, *ACTIVE_REGISTRATION,
        )

    def insert_registration(self, registration: Registration) -> None:
        self._write("registrations", registration)

    def update_registration(self, registration: Registration) -> None:
        self._write("registrations", registration, update=True)

    def list_event_registrations(self, event_id: str, limit: int, cursor: str | None) -> Page[Registration]:
        args: list[Any] = [event_id]
        sql = "SELECT * FROM registrations WHERE event_id = ?"
        sql += self._after(cursor, "created_at, id", args) + " ORDER BY created_at, id"
        return self._page(Registration, sql, args, limit, lambda r: (sortable(r.created_at), r.id))

    def list_user_registrations(self, user_id: str, limit: int, cursor: str | None) -> Page[Registration]:
        args: list[Any] = [user_id]
        sql = "SELECT * FROM registrations WHERE user_id = ?"
        sql += self._after(cursor, "created_at, id", args, descending=True)
        sql += " ORDER BY created_at DESC, id DESC"
        return self._page(Registration, sql, args, limit, lambda r: (sortable(r.created_at), r.id))

    def expired_holds(self, now: datetime, limit: int) -> list[Registration]:
        return self._all(
            Registration,
            "SELECT * FROM registrations WHERE status = ? AND hold_expires_at <= ? "
            "ORDER BY hold_expires_at, id LIMIT ?",
            PENDING_PAYMENT, sortable(now), limit,
        )

    # payments
    def get_payment(self, payment_id: str) -> Payment | None:
        return self._one(Payment, "SELECT * FROM payments WHERE id = ?", payment_id)

    def put_payment(self, payment: Payment) -> None:
        row = _row(payment)
        self._conn.execute(_insert_sql("payments", row).replace("INSERT", "INSERT OR REPLACE", 1), row)

    def event_payments(self, event_id: str, statuses: tuple[str, ...]) -> list[Payment]:
        marks = ", ".join("?" * len(statuses))
        return self._all(Payment, f"SELECT * FROM payments WHERE event_id = ? AND status IN ({marks}) "  # noqa: S608
                         "ORDER BY created_at, id", event_id, *statuses)

    # reviews
    def get_review(self, event_id: str, user_id: str) -> Review | None:
        return self._one(Review, "SELECT * FROM reviews WHERE event_id = ? AND user_id = ?",
                         event_id, user_id)

    def insert_review(self, review: Review) -> None:
        self._write("reviews", review)

    def list_reviews(self, event_id: str, limit: int, cursor: str | None) -> Page[Review]:
        args: list[Any] = [event_id]
        sql = "SELECT * FROM reviews WHERE event_id = ?"
        sql += self._after(cursor, "created_at, id", args, descending=True)
        sql += " ORDER BY created_at DESC, id DESC"
        return self._page(Review, sql, args, limit, lambda r: (sortable(r.created_at), r.id))

    # notifications
    def insert_notification(self, notification: Notification) -> bool:
        row = _row(notification)
        columns = ", ".join(row)
        cursor = self._conn.execute(
            f"INSERT OR IGNORE INTO notifications ({columns}) "  # noqa: S608 - our own field names
            f"VALUES ({', '.join(':' + k for k in row)})", row)
        return cursor.rowcount == 1

    def get_notification(self, notification_id: str) -> Notification | None:
        return self._one(Notification, _NOTIFICATIONS + " WHERE id = ?", notification_id)

    def update_notification(self, notification: Notification) -> None:
        self._write("notifications", notification, update=True)

    def mark_all_read(self, user_id: str, when: datetime, limit: int) -> int:
        return self._conn.execute(
            "UPDATE notifications SET read_at = ? WHERE id IN (SELECT id FROM notifications "
            "WHERE user_id = ? AND read_at IS NULL LIMIT ?)", (sortable(when), user_id, limit)).rowcount

    def list_notifications(self, user_id: str, unread_only: bool, limit: int,
                           cursor: str | None) -> Page[Notification]:
        args: list[Any] = [user_id]
        sql = _NOTIFICATIONS + " WHERE user_id = ?"
        if unread_only:
            sql += " AND read_at IS NULL"
        sql += self._after(cursor, "created_at, id", args, descending=True)
        sql += " ORDER BY created_at DESC, id DESC"
        return self._page(Notification, sql, args, limit, lambda n: (sortable(n.created_at), n.id))

    def notifications_after(self, user_id: str | None, position: str | None,
                            limit: int) -> list[tuple[str, Notification]]:
        start = stream_seq(position) or 0
        whose, args = _whose(user_id)
        rows = [dict(r) for r in self._conn.execute(
            "SELECT seq, id, user_id, kind, message, event_id, created_at, read_at FROM notifications "  # noqa: S608 - a fixed clause
            f"WHERE {whose} AND seq > ? ORDER BY seq LIMIT ?", (*args, start, limit))]
        return [(str(r.pop("seq")), _load(Notification, r)) for r in rows]

    def stream_position(self, user_id: str | None, resume_from: str | None) -> str:
        whose, args = _whose(user_id)
        row = self._conn.execute(f"SELECT max(seq) FROM notifications WHERE {whose}",  # noqa: S608
                                 args).fetchone()
        newest = int(row[0] or 0)
        resumed = stream_seq(resume_from)
        return str(resumed if resumed is not None and resumed <= newest else newest)

    def mark_processed(self, subscription: str, message_id: str, when: datetime,
                       occurred_at: datetime | None = None) -> bool:
        return self._conn.execute(
            "INSERT OR IGNORE INTO processed_messages "
            "(subscription, message_id, processed_at, occurred_at) VALUES (?, ?, ?, ?)",
            (subscription, message_id, sortable(when), sortable(occurred_at) if occurred_at else None),
        ).rowcount == 1

    def was_processed(self, subscription: str, message_id: str) -> bool:
        return self._conn.execute(
            "SELECT 1 FROM processed_messages WHERE subscription = ? AND message_id = ?",
            (subscription, message_id)).fetchone() is not None

    # live streams
    def live_streams(self, user_id: str, now: datetime) -> int:
        self._conn.execute("DELETE FROM live_streams WHERE user_id = ? AND until <= ?",
                           (user_id, sortable(now)))
        return int(self._conn.execute("SELECT count(*) FROM live_streams WHERE user_id = ?",
                                      (user_id,)).fetchone()[0])

    def open_live_stream(self, stream_id: str, user_id: str, until: datetime) -> None:
        self._conn.execute("INSERT INTO live_streams (id, user_id, until) VALUES (?, ?, ?)",
                           (stream_id, user_id, sortable(until)))

    def close_live_stream(self, stream_id: str) -> None:
        self._conn.execute("DELETE FROM live_streams WHERE id = ?", (stream_id,))

    # sign-in attempts
    def get_login_attempts(self, key: str) -> LoginAttempts | None:
        return self._one(LoginAttempts, "SELECT * FROM login_attempts WHERE key = ?", key)

    def put_login_attempts(self, record: LoginAttempts) -> None:
        self._conn.execute(
            "INSERT OR REPLACE INTO login_attempts (key, attempts, window_start, last_attempt_at) "
            "VALUES (:key, :attempts, :window_start, :last_attempt_at)", _row(record))

    def delete_login_attempts(self, key: str) -> None:
        self._conn.execute("DELETE FROM login_attempts WHERE key = ?", (key,))

    def get_counter(self, key: str) -> WindowCounter | None:
        return self._one(WindowCounter, "SELECT key, count, expires_at FROM counters WHERE key = ?", key)

    def put_counter(self, counter: WindowCounter) -> None:
        self._conn.execute("INSERT OR REPLACE INTO counters (key, count, expires_at) "
                           "VALUES (:key, :count, :expires_at)", _row(counter))

    # outbox
    def emit(self, message: Message) -> None:
        # Due from the moment of the change, on the app's clock (the relay claims on it too).
        self.emitted.append(message.id)
        when = sortable(message.occurred_at)
        self._conn.execute(
            "INSERT INTO outbox (id, type, body, created_at, available_at) VALUES (?, ?, ?, ?, ?)",
            (message.id, message.type, json.dumps(message_body(message)), when, when),
        )


_NOTIFICATIONS = "SELECT id, user_id, kind, message, event_id, created_at, read_at FROM notifications"


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class SqliteStore(Storage):
    def __init__(self, path: Path | str, timeout: float = 15.0) -> None:
        self.db = SqliteDatabase(path, MIGRATIONS, timeout)
        self.credentials = SqliteCredentials(self.db)
        self.outbox = SqliteOutbox(self.db)

    def run(self, fn: Callable[[Transaction], T]) -> T:
        emitted: list[str] = []

        def body(conn: sqlite3.Connection) -> T:
            tx = SqliteTransaction(conn)
            result = fn(tx)
            emitted[:] = tx.emitted  # the last attempt's, should the write be tried again
            return result

        result = self.db.write(body)
        self.committed(emitted)
        return result

    def read(self, fn: Callable[[Transaction], T]) -> T:
        return self.db.read(lambda conn: fn(SqliteTransaction(conn)))

    def ping(self) -> None:
        self.db.read(lambda conn: conn.execute("SELECT 1 FROM events LIMIT 1").fetchall())

    def close(self) -> None:
        self.db.close()


class SqliteCredentials(CredentialStore):
    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    def find(self, email: str) -> Credentials | None:
        row = self._db.read(lambda conn: conn.execute(
            "SELECT user_id, email, password_hash FROM credentials WHERE lower(email) = lower(?)",
            (email,)).fetchone())
        return Credentials(**dict(row)) if row else None

    def set_password_hash(self, user_id: str, password_hash: str) -> None:
        self._db.write(lambda conn: conn.execute(
            "UPDATE credentials SET password_hash = ? WHERE user_id = ?", (password_hash, user_id)))

    def delete(self, user_id: str) -> None:
        self._db.write(lambda conn: conn.execute("DELETE FROM credentials WHERE user_id = ?", (user_id,)))


class SqliteOutbox(Outbox):
    def __init__(self, db: SqliteDatabase) -> None:
        self._queue = LeasedQueue(db, "outbox", key=("id",), payload="body")

    def claim(self, now: datetime, lease_seconds: float, limit: int) -> list[OutboxItem]:
        return [_outbox_item(item) for item in self._queue.claim(now, lease_seconds, limit)]

    def claim_ids(self, message_ids: list[str], now: datetime, lease_seconds: float) -> list[OutboxItem]:
        return [_outbox_item(item)
                for item in self._queue.claim_keys([(i,) for i in message_ids], now, lease_seconds)]

    def complete(self, message_ids: list[str]) -> None:
        self._queue.complete([(message_id,) for message_id in message_ids])

    def release(self, message_id: str, retry_at: datetime, error: str) -> None:
        self._queue.release((message_id,), retry_at, error)


def _outbox_item(claimed: Claimed) -> OutboxItem:
    return OutboxItem(message_from_body(json.loads(claimed.payload)), claimed.attempts)
