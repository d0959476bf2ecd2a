"""A SQLite database file shared by threads and processes: one connection per thread, WAL,
numbered schema migrations, and transactions that turn lock time-outs, read-only files and full
disks into `Unavailable`."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from app.domain.errors import Unavailable
from app.infra.backoff import Backoff
from app.infra.green import os_thread_local, patched

T = TypeVar("T")


def migrations_in(folder: Path) -> list[str]:
    """The SQL scripts `0001_*.sql`, `0002_*.sql`, ... of a folder, in order. Script N takes a
    database from `PRAGMA user_version` N-1 to N."""
    files = sorted(folder.glob("[0-9][0-9][0-9][0-9]_*.sql"))
    numbers = [int(f.name[:4]) for f in files]
    if numbers != list(range(1, len(files) + 1)):
        raise RuntimeError(f"migrations in {folder} are not numbered 1..N: {numbers}")
    return [f.read_text() for f in files]


def statements(script: str) -> Iterator[str]:
    """The statements of a script, as SQLite itself splits them (comments and strings may
    contain ';'). executescript() would commit on its own, outside our transaction."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer
            buffer = ""
    if buffer.strip() and not all(ln.strip().startswith("--") or not ln.strip()
                                  for ln in buffer.splitlines()):
        raise ValueError(f"incomplete SQL statement at the end of a migration: {buffer[:80]!r}")


PRIVATE = 0o600  # the store holds emails and password hashes: its owner reads it, nobody else


def private_file(path: Path) -> None:
    """Create the file owner-only before SQLite does (SQLite gives its -wal and -shm files the
    database's mode), and take back what older releases left readable to others."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE))
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if name.exists() and name.stat().st_mode & 0o077:
            name.chmod(PRIVATE)


# Under gevent, waiting for another process's lock inside SQLite's busy handler would stop every
# request of the worker: the wait (for BEGIN IMMEDIATE, for the switch to WAL) happens in
# `_while_locked` instead, where a sleep lets the worker's other requests run. Same shape as the
# Firestore contention backoff.
LOCK_BACKOFF = Backoff(base=0.001, cap=0.05, jitter=0.5)
GREEN_BUSY_TIMEOUT = 0.005  # what SQLite itself may still wait, for the rare busy read


class SqliteDatabase:
    def __init__(self, path: Path | str, migrations: Sequence[str], timeout: float = 15.0) -> None:
        self.path = str(path)
        self._timeout = timeout
        # one connection per OS thread, lent to one request at a time: under gevent every request
        # of a worker shares its thread, and a connection is not to be shared mid-transaction
        self._local = os_thread_local()
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            private_file(Path(self.path))
        self.migrate(migrations)

    @property
    def version(self) -> int:
        return int(self.read(lambda conn: conn.execute("PRAGMA user_version").fetchone()[0]))

    def migrate(self, migrations: Sequence[str]) -> None:
        """Bring the file up to the newest schema. Each step commits with its version number, so
        a crash leaves a file at a known version; workers starting together apply each step once
        (the version is read under the write lock)."""
        for number, script in enumerate(migrations, start=1):
            def step(conn: sqlite3.Connection, number: int = number, script: str = script) -> None:
                if conn.execute("PRAGMA user_version").fetchone()[0] >= number:
                    return
                for statement in statements(script):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")

            self.write(step)

    def connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                busy = GREEN_BUSY_TIMEOUT if patched() else self._timeout
                conn = sqlite3.connect(self.path, timeout=busy, isolation_level=None)
                conn.row_factory = sqlite3.Row
                self._enable_wal(conn)
                # FULL: what was answered as written survives a power cut, not just a crash.
                conn.execute("PRAGMA synchronous = FULL")
                conn.execute("PRAGMA foreign_keys = ON")
            except sqlite3.OperationalError as exc:
                raise Unavailable(f"the database cannot be opened ({exc})") from exc
            self._local.conn = conn
            self._local.lock = threading.Lock()
        return conn

    def _enable_wal(self, conn: sqlite3.Connection) -> None:
        """Switching a new file to WAL needs an exclusive lock, and SQLite answers "locked" at
        once instead of waiting for it: when gunicorn starts its workers together on a fresh
        database, all but one would fail to boot. Wait as a writer would."""
        def switch() -> None:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")

        self._while_locked(switch)

    def _while_locked(self, action: Callable[[], object]) -> None:
        """Run `action`, again after a short sleep for as long as another connection holds the
        lock it needs (up to the time-out). The sleep lets other requests of the worker run."""
        deadline, attempt = time.monotonic() + self._timeout, 0
        while True:
            try:
                action()
                return
            except sqlite3.OperationalError as exc:
                attempt += 1
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(LOCK_BACKOFF.delay(attempt))

    def _transact(self, fn: Callable[[sqlite3.Connection], T], begin: str) -> T:
        conn = self.connection()
        with self._local.lock:
            return self._run(conn, fn, begin)

    def _run(self, conn: sqlite3.Connection, fn: Callable[[sqlite3.Connection], T], begin: str) -> T:
        try:
            self._while_locked(lambda: conn.execute(begin))
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
