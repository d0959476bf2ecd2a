"""People: profiles and local credentials, sign-in attempts, and the counters of limits."""

from __future__ import annotations

import sqlite3

from app.domain.errors import EmailTaken
from app.domain.models import Credentials, LoginAttempts, User, WindowCounter
from app.domain.repositories import Counters, SignInAttempts, Users
from app.store.sqlite.rows import Repository, to_row


class SqliteUsers(Repository, Users):
    def get(self, user_id: str) -> User | None:
        return self._one(User, "SELECT * FROM users WHERE id = ?", user_id)

    def by_username(self, username: str) -> User | None:
        return self._one(User, "SELECT * FROM users WHERE lower(username) = lower(?)", username)

    def by_email(self, email: str) -> User | None:
        return self._one(User, "SELECT * FROM users WHERE lower(email) = lower(?)", email)

    def add(self, user: User) -> None:
        self._write("users", user)

    def delete(self, user_id: str) -> None:
        self._conn.execute("DELETE FROM credentials WHERE user_id = ?", (user_id,))
        self._conn.execute("DELETE FROM users WHERE id = ?", (user_id,))

    def update(self, user: User) -> None:
        self._write("users", user, update=True)
        try:
            self._conn.execute("UPDATE credentials SET email = ? WHERE user_id = ? AND email != ?",
                               (user.email, user.id, user.email))
        except sqlite3.IntegrityError as exc:
            raise EmailTaken() from exc

    def add_credentials(self, credentials: Credentials) -> None:
        self._write("credentials", credentials)


class SqliteSignInAttempts(Repository, SignInAttempts):
    def get(self, key: str) -> LoginAttempts | None:
        return self._one(LoginAttempts, "SELECT * FROM login_attempts WHERE key = ?", key)

    def put(self, record: LoginAttempts) -> None:
        self._conn.execute(
            "INSERT OR REPLACE INTO login_attempts (key, attempts, window_start, last_attempt_at) "
            "VALUES (:key, :attempts, :window_start, :last_attempt_at)", to_row(record))

    def delete(self, key: str) -> None:
        self._conn.execute("DELETE FROM login_attempts WHERE key = ?", (key,))


class SqliteCounters(Repository, Counters):
    def get(self, key: str) -> WindowCounter | None:
        return self._one(WindowCounter, "SELECT key, count, expires_at FROM counters WHERE key = ?", key)

    def put(self, counter: WindowCounter) -> None:
        self._conn.execute("INSERT OR REPLACE INTO counters (key, count, expires_at) "
                           "VALUES (:key, :count, :expires_at)", to_row(counter))
