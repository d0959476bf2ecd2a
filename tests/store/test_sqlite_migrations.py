"""Schema upgrades between releases: a file written by the previous release opens, upgraded in
place, with nothing lost."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from app.bus.local import MIGRATIONS as BUS_MIGRATIONS
from app.infra.sqlite import SqliteDatabase, migrations_in, statements
from app.store.sqlite import MIGRATIONS, SqliteStore
from app.timeutil import sortable
from tests.conftest import Clock


def first_release_file(path, clock: Clock) -> None:
    """A database as the first release left it: schema 1, and an outbox row it wrote with
    available_at NULL (its "due now")."""
    db = SqliteDatabase(path, MIGRATIONS[:1])
    stamp = sortable(clock.now)
    db.write(lambda conn: conn.execute(
        "INSERT INTO outbox (id, type, body, created_at) VALUES (?, ?, ?, ?)",
        ("m1", "event.created", '{"id": "m1", "type": "event.created", "occurred_at": '
         f'"{clock.now.isoformat()}", "actor_id": "u1", "data": {{}}}}', stamp)))
    db.write(lambda conn: conn.execute(
        "INSERT INTO users VALUES ('u1', 'ada@example.com', 'ada', 'Ada', 'L', ?, ?)", (stamp, stamp)))
    assert db.version == 1
    db.close()


def test_a_first_release_database_is_upgraded_in_place(tmp_path, clock):
    path = tmp_path / "events.db"
    first_release_file(path, clock)
    store = SqliteStore(path)
    assert store.db.version == len(MIGRATIONS) >= 2
    assert store.read(lambda tx: tx.users.get("u1")).email == "ada@example.com"
    # the message the old release left "due now" is still relayed, once
    (item,) = store.outbox.claim(clock.now + timedelta(seconds=1), 30, 10)
    assert item.message.id == "m1" and item.attempts == 1
    # and what the new schema added works on the upgraded file
    assert store.db.read(lambda conn: conn.execute("SELECT count(*) FROM login_attempts").fetchone()[0]) == 0
    store.close()


def test_opening_an_upgraded_file_again_changes_nothing(tmp_path, clock):
    path = tmp_path / "events.db"
    first_release_file(path, clock)
    SqliteStore(path).close()
    again = SqliteStore(path)
    assert again.db.version == len(MIGRATIONS)
    assert len(again.outbox.claim(clock.now + timedelta(seconds=1), 30, 10)) == 1
    again.close()


def test_every_migration_folder_is_numbered_and_parses(tmp_path):
    assert len(BUS_MIGRATIONS) >= 1
    (tmp_path / "0001_a.sql").write_text("CREATE TABLE a (x TEXT);")
    (tmp_path / "0003_c.sql").write_text("CREATE TABLE c (x TEXT);")
    with pytest.raises(RuntimeError, match="numbered"):
        migrations_in(tmp_path)


def test_statements_split_like_sqlite_does():
    script = ("-- a comment; with a semicolon\nCREATE TABLE t (x TEXT DEFAULT 'a;b');\n"
              "INSERT INTO t VALUES ('c');\n")
    parts = list(statements(script))
    assert len(parts) == 2
    conn = sqlite3.connect(":memory:")
    for part in parts:
        conn.execute(part)
    assert conn.execute("SELECT x FROM t").fetchall() == [("c",)]
