"""The recommender's rebuild as its own process (app/infra/background.py, app/jobs.py): the worker
starts it and goes on; the child rebuilds the model in the store as of the app's clock."""

from __future__ import annotations

import time
from datetime import timedelta

from app.domain.models import Event
from app.infra.background import BackgroundJob
from app.store.sqlite import SqliteStore
from tests.support.records import T0, event, put


def test_the_rebuild_runs_in_a_child_process_as_of_the_time_it_is_given(tmp_path, monkeypatch):
    database = tmp_path / "events.db"
    store = SqliteStore(database)
    jazz: Event = event("olga", days=3, title="Jazz night", category="music")
    put(store, jazz)
    monkeypatch.setenv("DATABASE_PATH", str(database))
    monkeypatch.setenv("SECRET_KEY", "background-test-secret-key-long-enough-for-hs256")
    job = BackgroundJob("refresh-recommendations")
    assert not job.running()
    job.start("--at", T0.isoformat())  # the test clock: the event is still to come then
    deadline = time.monotonic() + 120
    while job.running() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not job.running()  # finished, and reaped
    assert store.read(lambda tx: tx.tastes.popular())["all"] == [jazz.id]
    due = store.read(lambda tx: tx.counters.get("recommender:rebuilt"))
    assert T0 + timedelta(minutes=1) <= due.expires_at <= T0 + timedelta(hours=1)
    store.close()
