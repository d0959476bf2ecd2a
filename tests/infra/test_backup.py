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
        store.run(lambda tx: tx.users.add(User(id=uid, email=f"{uid}@example.com", username=uid,
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
    assert restored.read(lambda tx: tx.users.get("missing")) is None
    restored.close()
    store.close()


def test_make_backup_names_the_secrets_it_does_not_copy(tmp_path, monkeypatch, capsys):
    from app.infra import backup

    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "events.db"))
    for name in ("SECRET_KEY", "PUSH_TOKEN", "PAYMENTS_SECRET"):
        monkeypatch.delenv(name, raising=False)
    SqliteStore(tmp_path / "events.db").close()
    assert backup.main([str(tmp_path / "out")]) == 0
    said = capsys.readouterr().out
    assert str(tmp_path / "secret_key") in said and str(tmp_path / "payments_secret") in said
    assert not list((tmp_path / "out").glob("secret*"))  # named, not copied
