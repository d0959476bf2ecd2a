"""Online backup (app/infra/backup.py): a consistent copy while writers go on."""

from __future__ import annotations

import sqlite3
import threading

from app.domain.ids import new_id
from app.domain.models import User
from app.infra.backup import backup
from app.store.sqlite import SqliteStore


def test_backup_while_writing_is_consistent_and_complete(tmp_path, clock):
    store = SqliteStore(tmp_path / "events.db")

    def add_user() -> None:
        uid = new_id()
        store.run(lambda tx: tx.insert_user(User(id=uid, email=f"{uid}@example.com", username=uid,
                                                 first_name="A", last_name="B", created_at=clock.now,
                                                 updated_at=clock.now)))

    for _ in range(200):
        add_user()
    writing = threading.Event()
    writing.set()

    def writer() -> None:
        while writing.is_set():
            add_user()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        copy = backup(tmp_path / "events.db", tmp_path / "backups" / "events.db")
    finally:
        writing.clear()
        thread.join()
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM users").fetchone()[0] >= 200  # all committed before
    assert conn.execute("PRAGMA user_version").fetchone()[0] == store.db.version
    assert copy.stat().st_mode & 0o777 == 0o600
    conn.close()
    # the copy is a working database: the app opens it as it is
    restored = SqliteStore(copy)
    assert restored.read(lambda tx: tx.get_user("missing")) is None
    restored.close()
    store.close()
