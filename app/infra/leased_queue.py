"""A SQLite table used as a queue of leased items: the outbox (store file) and the local bus's
deliveries (bus file) are both one.

A worker claims due rows by pushing their `available_at` to the end of a lease and counting the
attempt, in one write transaction; it then either completes them (deletes them) or releases one
to be due again later, with the error that stopped it. A worker that dies mid-way needs nothing:
its claims fall due again when their lease ends. The table needs `attempts`, `available_at`,
`created_at` and `last_error` columns, a key, and a payload column.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.infra.sqlite import SqliteDatabase
from app.timeutil import sortable

Key = tuple[str, ...]


@dataclass(frozen=True)
class Claimed:
    key: Key
    payload: str
    attempts: int  # this one included


class LeasedQueue:
    # Table and column names are this module's callers' constants, never input; values are bound.
    def __init__(self, db: SqliteDatabase, table: str, key: Key, payload: str) -> None:
        self.db = db
        self._table = table
        self._key = key
        self._payload = payload
        self._where_key = " AND ".join(f"{column} = ?" for column in key)

    def claim(self, now: datetime, lease_seconds: float, limit: int) -> list[Claimed]:
        def claim(conn: sqlite3.Connection) -> list[Claimed]:
            rows = conn.execute(
                f"SELECT {', '.join(self._key)}, {self._payload}, attempts FROM {self._table} "  # noqa: S608
                "WHERE available_at <= ? ORDER BY available_at, created_at LIMIT ?",
                (sortable(now), limit)).fetchall()
            lease = sortable(now + timedelta(seconds=lease_seconds))
            keys = [tuple(row[column] for column in self._key) for row in rows]
            conn.executemany(
                f"UPDATE {self._table} SET available_at = ?, attempts = attempts + 1 "  # noqa: S608
                f"WHERE {self._where_key}", [(lease, *key) for key in keys])
            return [Claimed(key, row[self._payload], row["attempts"] + 1)
                    for key, row in zip(keys, rows, strict=True)]

        return self.db.write(claim)

    def claim_keys(self, keys: list[Key], now: datetime, lease_seconds: float) -> list[Claimed]:
        """Claim these rows, those of them still due (not claimed by another worker, not
        completed): the request that committed them publishes its own, without a scan."""
        def claim(conn: sqlite3.Connection) -> list[Claimed]:
            lease = sortable(now + timedelta(seconds=lease_seconds))
            claimed = []
            for key in keys:
                row = conn.execute(
                    f"UPDATE {self._table} SET available_at = ?, attempts = attempts + 1 "  # noqa: S608
                    f"WHERE {self._where_key} AND available_at <= ? RETURNING {self._payload}, attempts",
                    (lease, *key, sortable(now))).fetchone()
                if row is not None:
                    claimed.append(Claimed(key, row[self._payload], row["attempts"]))
            return claimed

        return self.db.write(claim)

    def complete(self, keys: list[Key]) -> None:
        self.db.write(lambda conn: conn.executemany(
            f"DELETE FROM {self._table} WHERE {self._where_key}", keys))  # noqa: S608

    def release(self, key: Key, retry_at: datetime, error: str) -> None:
        self.db.write(lambda conn: conn.execute(
            f"UPDATE {self._table} SET available_at = ?, last_error = ? "  # noqa: S608
            f"WHERE {self._where_key}", (sortable(retry_at), error, *key)))

    def count(self) -> int:
        return int(self.db.read(
            lambda conn: conn.execute(f"SELECT count(*) FROM {self._table}").fetchone()[0]))  # noqa: S608
