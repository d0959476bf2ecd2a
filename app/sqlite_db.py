"""A SQLite database file shared by threads and processes: one connection per thread, WAL, and
transactions that turn lock time-outs, read-only files and full disks into `Unavailable`."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from app.domain.errors import Unavailable

T = TypeVar("T")


class SqliteDatabase:
    def __init__(self, path: Path | str, schema: str, version: int, timeout: float = 15.0) -> None:
        """`schema` is idempotent DDL, statements split on `;` (so no `;` inside comments)."""
        self.path = str(path)
        self._timeout = timeout
        self._local = threading.local()
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)

        def migrate(conn: sqlite3.Connection) -> None:
            if conn.execute("PRAGMA user_version").fetchone()[0] < version:
                for statement in schema.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {int(version)}")

        self.write(migrate)

    def connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(self.path, timeout=self._timeout, isolation_level=None)
                conn.row_factory = sqlite3.Row
                self._enable_wal(conn)
                # FULL: what was answered as written survives a power cut, not just a crash.
                conn.execute("PRAGMA synchronous = FULL")
                conn.execute("PRAGMA foreign_keys = ON")
            except sqlite3.OperationalError as exc:
                raise Unavailable(f"the database cannot be opened ({exc})") from exc
            self._local.conn = conn
        return conn

    def _enable_wal(self, conn: sqlite3.Connection) -> None:
        """Switching a new file to WAL needs an exclusive lock, and SQLite answers "locked" at
        once instead of waiting for it: when gunicorn starts its workers together on a fresh
        database, all but one would fail to boot. Wait as a writer would."""
        deadline = time.monotonic() + self._timeout
        while True:
            try:
                if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _transact(self, fn: Callable[[sqlite3.Connection], T], begin: str) -> T:
        conn = self.connection()
        try:
            conn.execute(begin)
            result = fn(conn)
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self._rollback(conn)
            raise Unavailable(f"the database cannot take this change now ({exc})") from exc
        except BaseException:
            self._rollback(conn)
            raise
        return result

    @staticmethod
    def _rollback(conn: sqlite3.Connection) -> None:
        if conn.in_transaction:  # SQLite may already have rolled back (full disk, I/O error)
            conn.execute("ROLLBACK")

    def write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """BEGIN IMMEDIATE: takes the write lock up front, so writers queue instead of failing
        half-way, across threads and processes."""
        return self._transact(fn, "BEGIN IMMEDIATE")

    def read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        return self._transact(fn, "BEGIN")

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
