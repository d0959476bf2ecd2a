"""Notifications (their stream position is the row's `seq`) and open live streams."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.domain.models import Notification, Page
from app.domain.repositories import LiveStreams, Notifications
from app.store.cursor import stream_seq
from app.store.sqlite.rows import Repository, from_row, insert_sql, to_row
from app.timeutil import sortable

_NOTIFICATIONS = "SELECT id, user_id, kind, message, event_id, created_at, read_at FROM notifications"


def _whose(user_id: str | None) -> tuple[str, list[str]]:
    """The notifications of one person, or (None) of everyone: a fixed clause and its value."""
    return ("user_id = ?", [user_id]) if user_id is not None else ("1", [])


class SqliteNotifications(Repository, Notifications):
    def add(self, notification: Notification) -> bool:
        row = to_row(notification)
        return self._conn.execute(insert_sql("notifications", row, "INSERT OR IGNORE"), row).rowcount == 1

    def get(self, notification_id: str) -> Notification | None:
        return self._one(Notification, _NOTIFICATIONS + " WHERE id = ?", notification_id)

    def update(self, notification: Notification) -> None:
        self._write("notifications", notification, update=True)

    def mark_all_read(self, user_id: str, when: datetime, limit: int) -> int:
        return self._conn.execute(
            "UPDATE notifications SET read_at = ? WHERE id IN (SELECT id FROM notifications "
            "WHERE user_id = ? AND read_at IS NULL LIMIT ?)", (sortable(when), user_id, limit)).rowcount

    def page(self, user_id: str, unread_only: bool, limit: int,
             cursor: str | None) -> Page[Notification]:
        args: list[Any] = [user_id]
        sql = _NOTIFICATIONS + " WHERE user_id = ?"
        if unread_only:
            sql += " AND read_at IS NULL"
        sql += self._after(cursor, "created_at, id", args, descending=True)
        sql += " ORDER BY created_at DESC, id DESC"
        return self._page(Notification, sql, args, limit, lambda n: (sortable(n.created_at), n.id))

    def after(self, user_id: str | None, position: str | None,
              limit: int) -> list[tuple[str, Notification]]:
        start = stream_seq(position) or 0
        whose, args = _whose(user_id)
        rows = [dict(r) for r in self._conn.execute(
            "SELECT seq, id, user_id, kind, message, event_id, created_at, read_at FROM notifications "  # noqa: S608 - a fixed clause
            f"WHERE {whose} AND seq > ? ORDER BY seq LIMIT ?", (*args, start, limit))]
        return [(str(r.pop("seq")), from_row(Notification, r)) for r in rows]

    def stream_position(self, user_id: str | None, resume_from: str | None) -> str:
        whose, args = _whose(user_id)
        row = self._conn.execute(f"SELECT max(seq) FROM notifications WHERE {whose}",  # noqa: S608
                                 args).fetchone()
        newest = int(row[0] or 0)
        resumed = stream_seq(resume_from)
        return str(resumed if resumed is not None and resumed <= newest else newest)


class SqliteLiveStreams(Repository, LiveStreams):
    def count_open(self, user_id: str, now: datetime) -> int:
        self._conn.execute("DELETE FROM live_streams WHERE user_id = ? AND until <= ?",
                           (user_id, sortable(now)))
        return int(self._conn.execute("SELECT count(*) FROM live_streams WHERE user_id = ?",
                                      (user_id,)).fetchone()[0])

    def open(self, stream_id: str, user_id: str, until: datetime) -> None:
        self._conn.execute("INSERT INTO live_streams (id, user_id, until) VALUES (?, ?, ?)",
                           (stream_id, user_id, sortable(until)))

    def close(self, stream_id: str) -> None:
        self._conn.execute("DELETE FROM live_streams WHERE id = ?", (stream_id,))
