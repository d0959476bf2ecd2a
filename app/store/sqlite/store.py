"""The unit of work over one connection, and the store that runs rules in it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from app.domain.messages import message_body
from app.domain.models import Credentials, Message
from app.domain.ports import CredentialStore, Transaction
from app.infra.sqlite import SqliteDatabase, migrations_in
from app.store.base import StoreBackend
from app.store.recent import TasteCache
from app.store.sqlite.events import SqliteEvents
from app.store.sqlite.messages import SqliteInbox, SqliteOutbox
from app.store.sqlite.notifications import SqliteLiveStreams, SqliteNotifications
from app.store.sqlite.payments import SqliteOrders, SqlitePayments, SqliteReviews
from app.store.sqlite.people import SqliteCounters, SqliteSignInAttempts, SqliteUsers
from app.store.sqlite.promo_codes import SqlitePromoCodes
from app.store.sqlite.questions import SqliteQuestions
from app.store.sqlite.registrations import SqliteRegistrations
from app.store.sqlite.tastes import SqliteTastes
from app.store.sqlite.team import SqliteTeam
from app.store.sqlite.ticket_types import SqliteTicketTypes
from app.timeutil import sortable

T = TypeVar("T")

MIGRATIONS = migrations_in(Path(__file__).with_name("schema"))


class SqliteTransaction(Transaction):
    def __init__(self, conn: sqlite3.Connection, tastes: TasteCache) -> None:
        self._conn = conn
        self.emitted: list[str] = []
        self.users = SqliteUsers(conn)
        self.events = SqliteEvents(conn)
        self.registrations = SqliteRegistrations(conn)
        self.ticket_types = SqliteTicketTypes(conn)
        self.promo_codes = SqlitePromoCodes(conn)
        self.team = SqliteTeam(conn)
        self.questions = SqliteQuestions(conn)
        self.orders = SqliteOrders(conn)
        self.payments = SqlitePayments(conn)
        self.reviews = SqliteReviews(conn)
        self.notifications = SqliteNotifications(conn)
        self.live_streams = SqliteLiveStreams(conn)
        self.inbox = SqliteInbox(conn)
        self.sign_in_attempts = SqliteSignInAttempts(conn)
        self.counters = SqliteCounters(conn)
        self.tastes = SqliteTastes(conn, tastes)

    def emit(self, message: Message) -> None:
        # Due from the moment of the change, on the app's clock (the relay claims on it too).
        self.emitted.append(message.id)
        when = sortable(message.occurred_at)
        self._conn.execute(
            "INSERT INTO outbox (id, type, body, created_at, available_at) VALUES (?, ?, ?, ?, ?)",
            (message.id, message.type, json.dumps(message_body(message)), when, when),
        )


class SqliteStore(StoreBackend):
    def __init__(self, path: Path | str, timeout: float = 15.0) -> None:
        self.db = SqliteDatabase(path, MIGRATIONS, timeout)
        self.credentials = SqliteCredentials(self.db)
        self.outbox = SqliteOutbox(self.db)
        self._tastes = TasteCache()

    def _commit(self, fn: Callable[[Transaction], T]) -> tuple[T, list[str]]:
        def body(conn: sqlite3.Connection) -> tuple[T, list[str]]:
            tx = SqliteTransaction(conn, self._tastes)
            return fn(tx), tx.emitted  # the last attempt's, should the write be tried again

        return self.db.write(body)

    def read(self, fn: Callable[[Transaction], T]) -> T:
        return self.db.read(lambda conn: fn(SqliteTransaction(conn, self._tastes)))

    def catalog_version(self) -> str | None:
        # kept by triggers, in the writing transaction (schema/0014_catalog_version.sql)
        return str(self.db.read(lambda conn: conn.execute("SELECT n FROM catalog_version").fetchone()[0]))

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
