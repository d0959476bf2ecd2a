"""The recommender's records, each row one JSON document, and the rebuild's bulk reads."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from array import array
from collections.abc import Iterator
from datetime import datetime

from app.domain.models import Event, Review, User
from app.domain.repositories import Attendance, Tastes
from app.domain.taste import ItemTaste, Norms, PersonTaste
from app.store.recent import TasteCache
from app.store.sqlite.rows import Repository, from_row
from app.timeutil import parse_sortable, sortable

_NORMS = "norms"  # the row of taste_popular that holds the turnout norms, not a list
_BATCH = 900  # ids per IN (...): under SQLite's default limit of bound parameters


def _dump(record: PersonTaste) -> str:
    return json.dumps(dataclasses.asdict(record), separators=(",", ":"),
                      default=lambda t: sortable(t) if isinstance(t, datetime) else t)


_APART = ("vector", "co", "similar")


def _dump_item(item: ItemTaste) -> tuple[str, str, bytes, str, str, str]:
    data = {k: v for k, v in dataclasses.asdict(item).items() if k not in _APART}
    return (item.event_id, sortable(item.starts_at), array("f", item.vector).tobytes(), json.dumps(item.co),
            json.dumps(item.similar), json.dumps(data, separators=(",", ":"), default=sortable))


def _load_item(vector: bytes, co: str | None, similar: str | None, text: str) -> ItemTaste:
    data = json.loads(text)
    return ItemTaste(**{**data, "starts_at": parse_sortable(data["starts_at"]),
                        "vector": array("f", vector).tolist(), "co": json.loads(co) if co else {},
                        "similar": json.loads(similar) if similar else []})


def _load_person(text: str) -> PersonTaste:
    data = json.loads(text)
    built = data.get("built_at")
    return PersonTaste(**{**data, "built_at": parse_sortable(built) if built else None})


class SqliteTastes(Repository, Tastes):
    def __init__(self, conn: sqlite3.Connection, cache: TasteCache) -> None:
        super().__init__(conn)
        self._cache = cache

    def items(self, event_ids: list[str], whole: bool = True) -> dict[str, ItemTaste]:
        ids = list(dict.fromkeys(event_ids))
        if whole:
            return self._read_items(ids, whole)
        found, missing = self._cache.items.get(ids)
        read = self._read_items(missing, whole)
        self._cache.items.put(read)
        return {**found, **read}

    def _read_items(self, ids: list[str], whole: bool) -> dict[str, ItemTaste]:
        found: dict[str, ItemTaste] = {}
        lists = "co, similar" if whole else "NULL, NULL"
        for start in range(0, len(ids), _BATCH):
            chunk = ids[start:start + _BATCH]
            marks = ", ".join("?" * len(chunk))
            for row in self._conn.execute(
                    f"SELECT vector, {lists}, data FROM taste_items WHERE event_id IN ({marks})", chunk):  # noqa: S608
                item = _load_item(*row)
                found[item.event_id] = item
        return found

    def put_items(self, items: list[ItemTaste]) -> None:
        self._cache.items.drop(i.event_id for i in items)
        self._conn.executemany(
            "INSERT OR REPLACE INTO taste_items (event_id, starts_at, vector, co, similar, data) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [_dump_item(i) for i in items])

    def drop_items(self, starts_before: datetime) -> int:
        return self._conn.execute(
            "DELETE FROM taste_items WHERE event_id IN (SELECT event_id FROM taste_items "
            "WHERE starts_at < ? LIMIT 500)", (sortable(starts_before),)).rowcount

    def nearest(self, item: ItemTaste, limit: int) -> list[str]:
        return item.similar[:limit]  # no vector index here: the rebuild's list

    def person(self, user_id: str) -> PersonTaste | None:
        row = self._conn.execute("SELECT data FROM taste_people WHERE user_id = ?", (user_id,)).fetchone()
        return None if row is None else _load_person(row[0])

    def put_person(self, person: PersonTaste) -> None:
        self._conn.execute("INSERT OR REPLACE INTO taste_people (user_id, data) VALUES (?, ?)",
                           (person.user_id, _dump(person)))

    def forget_person(self, user_id: str) -> None:
        self._conn.execute("DELETE FROM taste_people WHERE user_id = ?", (user_id,))

    def every_person(self) -> Iterator[PersonTaste]:
        for row in self._conn.execute("SELECT data FROM taste_people"):
            yield _load_person(row[0])

    def popular(self) -> dict[str, list[str]]:
        found, _ = self._cache.popular.get(["lists"])
        if "lists" in found:
            return found["lists"]
        rows = self._conn.execute("SELECT key, event_ids FROM taste_popular WHERE key != ?", (_NORMS,))
        lists = {key: json.loads(ids) for key, ids in rows}
        self._cache.popular.put({"lists": lists})
        return lists

    def put_popular(self, lists: dict[str, list[str]]) -> None:
        self._cache.popular.drop(["lists"])
        self._conn.execute("DELETE FROM taste_popular WHERE key != ?", (_NORMS,))
        self._conn.executemany("INSERT INTO taste_popular (key, event_ids) VALUES (?, ?)",
                               [(k, json.dumps(v)) for k, v in lists.items()])

    def norms(self) -> Norms | None:
        row = self._conn.execute("SELECT event_ids FROM taste_popular WHERE key = ?", (_NORMS,)).fetchone()
        return None if row is None else Norms(**json.loads(row[0]))

    def put_norms(self, norms: Norms) -> None:
        self._conn.execute("INSERT OR REPLACE INTO taste_popular (key, event_ids) VALUES (?, ?)",
                           (_NORMS, json.dumps(dataclasses.asdict(norms))))

    def events_since(self, since: datetime) -> Iterator[Event]:
        for row in self._conn.execute("SELECT * FROM events WHERE starts_at >= ?", (sortable(since),)):
            yield from_row(Event, row)

    def attendance_since(self, since: datetime) -> Iterator[Attendance]:
        rows = self._conn.execute(
            "SELECT r.user_id, r.event_id, r.status, r.checked_in_at, r.created_at FROM registrations r "
            "JOIN events e ON e.id = r.event_id WHERE e.starts_at >= ?", (sortable(since),))
        for user_id, event_id, status, checked_in_at, created_at in rows:
            yield Attendance(user_id, event_id, status, checked_in_at is not None, parse_sortable(created_at))

    def ratings_since(self, since: datetime) -> Iterator[Review]:
        for row in self._conn.execute("SELECT * FROM reviews WHERE created_at >= ?", (sortable(since),)):
            yield from_row(Review, row)

    def people(self) -> Iterator[User]:
        for row in self._conn.execute("SELECT * FROM users"):
            yield from_row(User, row)
