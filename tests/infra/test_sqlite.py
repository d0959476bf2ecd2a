"""The SQLite helper (app/infra/sqlite.py): files only their owner can read."""

from __future__ import annotations

import stat

from app.bus.local import MIGRATIONS as BUS_MIGRATIONS
from app.infra.sqlite import SqliteDatabase
from app.store.sqlite import SqliteStore


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_files_are_owner_only_even_under_a_lax_umask(tmp_path):
    import os

    old = os.umask(0o022)
    try:
        store = SqliteStore(tmp_path / "events.db")
        store.run(lambda tx: tx.users.get("nobody"))
        SqliteDatabase(tmp_path / "bus.db", BUS_MIGRATIONS)
    finally:
        os.umask(old)
    files = sorted(tmp_path.glob("*.db*"))
    assert {p.name for p in files} >= {"events.db", "events.db-wal", "events.db-shm", "bus.db"}
    assert {p.name: _mode(p) for p in files} == {p.name: 0o600 for p in files}


def test_a_file_an_older_release_left_readable_is_taken_back(tmp_path):
    path = tmp_path / "events.db"
    SqliteStore(path).close()
    path.chmod(0o644)
    SqliteStore(path).close()
    assert _mode(path) == 0o600
