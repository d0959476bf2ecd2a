"""Records to rows and back, and the statements every SQLite repository shares. Table and column
names come from our own dataclasses, never from input; values are always bound."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from app.domain.errors import AlreadyRegistered, AlreadyReviewed, Conflict, EmailTaken, UsernameTaken
from app.domain.models import Page
from app.store.cursor import decode_cursor, encode_cursor
from app.timeutil import parse_sortable, sortable

T = TypeVar("T")

_TIME_FIELDS: dict[type, frozenset[str]] = {}
_FLAG_FIELDS: dict[type, frozenset[str]] = {}
_LIST_FIELDS: dict[type, frozenset[str]] = {}


def _time_fields(cls: type) -> frozenset[str]:
    """The fields of a record that hold times (stored as sortable text), read off its dataclass
    once."""
    names = _TIME_FIELDS.get(cls)
    if names is None:
        names = _TIME_FIELDS[cls] = frozenset(
            f.name for f in dataclasses.fields(cls) if "datetime" in str(f.type))
    return names


def _flag_fields(cls: type) -> frozenset[str]:
    """The fields of a record that hold booleans (SQLite stores them as 0 and 1)."""
    names = _FLAG_FIELDS.get(cls)
    if names is None:
        names = _FLAG_FIELDS[cls] = frozenset(
            f.name for f in dataclasses.fields(cls) if str(f.type) == "bool")
    return names


def _list_fields(cls: type) -> frozenset[str]:
    """The fields of a record that hold lists or mappings (SQLite stores them as JSON)."""
    names = _LIST_FIELDS.get(cls)
    if names is None:
        names = _LIST_FIELDS[cls] = frozenset(
            f.name for f in dataclasses.fields(cls) if str(f.type).startswith(("list[", "dict[")))
    return names


def to_row(obj: Any) -> dict[str, Any]:
    """A dataclass as column values (times in their sortable text form, lists as JSON)."""
    row = dataclasses.asdict(obj)
    for name in _time_fields(type(obj)) & row.keys():
        if row[name] is not None:
            row[name] = sortable(row[name])
    for name in _list_fields(type(obj)) & row.keys():
        row[name] = json.dumps(row[name])
    return row


def from_row(cls: type[T], row: sqlite3.Row | dict[str, Any]) -> T:
    values = dict(row)
    for name in _time_fields(cls) & values.keys():
        if values[name] is not None:
            values[name] = parse_sortable(values[name])
    for name in _flag_fields(cls) & values.keys():
        values[name] = bool(values[name])
    for name in _list_fields(cls) & values.keys():
        values[name] = json.loads(values[name])
    return cls(**values)


def insert_sql(table: str, row: dict[str, Any], verb: str = "INSERT") -> str:
    return f"{verb} INTO {table} ({', '.join(row)}) VALUES ({', '.join(':' + k for k in row)})"


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


def like(text: str) -> str:
    """`text` anywhere, as a LIKE pattern with its wildcards escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class Repository:
    """One connection's statements, shared by the repositories of one transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def _one(self, cls: type[T], sql: str, *args: Any) -> T | None:
        row = self._conn.execute(sql, args).fetchone()
        return None if row is None else from_row(cls, row)

    def _all(self, cls: type[T], sql: str, *args: Any) -> list[T]:
        return [from_row(cls, r) for r in self._conn.execute(sql, args).fetchall()]

    def _write(self, table: str, record: Any, *, update: bool = False) -> None:
        row = to_row(record)
        try:
            self._conn.execute((_update_sql if update else insert_sql)(table, row), row)
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
