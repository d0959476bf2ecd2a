"""`make bench` sections for mail (docs/mail.md): an announcement to 5,000 attendees and the
day-before reminders of 100 events x 500 attendees, each sent through gunicorn's bus to a local
SMTP server (aiosmtpd, counting what it takes), with the API's tail latency measured beside it."""

from __future__ import annotations

import shutil
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import requests
from aiosmtpd.controller import Controller

from app.domain import reminders
from app.domain.ids import new_id, new_ticket_code
from app.domain.models import CONFIRMED, Registration
from app.store.sqlite import SqliteStore
from bench.run import ORDINARY, SECRET, WORKERS, Row, event, rate, wrk
from tools.processes import free_port
from tools.servers import Gunicorn, people_with_tokens

ANNOUNCED_TO = 5_000
REMINDED_EVENTS, REMINDED_EACH = 100, 500
MAIL_WAIT = 900.0  # seconds a section waits for its mails before it reports what arrived


class Sink:
    """An SMTP server that takes every mail and keeps only when it took it."""

    def __init__(self) -> None:
        self.taken: list[float] = []
        self._lock = threading.Lock()
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._lock:
            self.taken.append(time.monotonic())
        return "250 OK"

    def __enter__(self) -> Sink:
        self._controller.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._controller.stop()

    def last_of(self, count: int, since: float) -> float:
        """Seconds from `since` to the `count`th mail (to the last one taken, when fewer come
        within MAIL_WAIT)."""
        while len(self.taken) < count and time.monotonic() - since < MAIL_WAIT:
            time.sleep(0.2)
        return (self.taken[-1] - since) if self.taken else float("nan")


def attend(store: SqliteStore, event_ids: list[str], people: list[str]) -> None:
    """Everyone in `people` holds a confirmed ticket to every event (written in bulk: the send is
    what is measured, not how the tickets were bought)."""
    now = datetime.now(UTC)
    regs = [Registration(id=new_id(), event_id=e, user_id=p, status=CONFIRMED, ticket_code=new_ticket_code(),
                         created_at=now, updated_at=now) for e in event_ids for p in people]
    for start in range(0, len(regs), 5000):
        store.run(lambda tx, chunk=regs[start:start + 5000]: [tx.registrations.add(r) for r in chunk])


def serve_with(instance: Path, sink: Sink) -> Gunicorn:
    return Gunicorn(instance, workers=WORKERS, SECRET_KEY=SECRET, RATE_LIMITS="off", LOG_LEVEL="WARNING",
                    SMTP_URL=f"smtp://127.0.0.1:{sink.port}").start()


def announcement(rows: list[Row], tmp: Path) -> None:
    instance = tmp / "announce"
    people = [f"fan-{i}" for i in range(ANNOUNCED_TO)]
    tokens = people_with_tokens(instance / "events.db", SECRET, ["organizer", "reader", *people])
    store = SqliteStore(instance / "events.db")
    jazz = event("organizer", 3, ANNOUNCED_TO, "Jazz")
    store.run(lambda tx: tx.events.add(jazz))
    attend(store, [jazz.id], people)
    store.close()
    with Sink() as sink:
        server = serve_with(instance, sink)
        try:
            env = {"BENCH_TOKEN": tokens["reader"]}
            before, _ = wrk(server.url + "/events?limit=20", "get.lua", ORDINARY, "10s", env)
            posted = requests.post(f"{server.url}/events/{jazz.id}/announcements", timeout=10,
                                   headers={"Authorization": f"Bearer {tokens['organizer']}"},
                                   json={"subject": "Doors", "message": "Doors open at 18:30."})
            started = time.monotonic()
            during, _ = wrk(server.url + "/events?limit=20", "get.lua", ORDINARY, "10s", env)
            took = sink.last_of(ANNOUNCED_TO, started)
        finally:
            server.stop()
    rows.append(Row(f"mail: an announcement to {ANNOUNCED_TO:,} attendees",
                    f"answered {posted.status_code} in {posted.elapsed.total_seconds() * 1000:.0f} ms; "
                    f"{len(sink.taken):,} mails at the SMTP server, the last {took:.1f} s after the request "
                    f"({len(sink.taken) / took:.0f} mails/s); GET /events at {ORDINARY} connections: "
                    f"p99 {before['p99_us'] / 1000:.1f} ms, {rate(before):.0f} req/s before, "
                    f"p99 {during['p99_us'] / 1000:.1f} ms, {rate(during):.0f} req/s while it is sent",
                    "all within 60 s; the API's p99 not much worse"))


def reminder_sweep(rows: list[Row], tmp: Path) -> None:
    instance = tmp / "remind"
    people = [f"fan-{i}" for i in range(REMINDED_EACH * 10)]
    people_with_tokens(instance / "events.db", SECRET, people)
    store = SqliteStore(instance / "events.db")
    soon = []
    for i in range(REMINDED_EVENTS):  # announced a week ago, starting within the day
        made = event("organizer", 0.5 + i / 1000, REMINDED_EACH, f"Show {i}")
        made.created_at -= timedelta(days=7)
        soon.append(made)
    store.run(lambda tx: [tx.events.add(e) for e in soon])
    for i, show in enumerate(soon):
        attend(store, [show.id], people[(i % 10) * REMINDED_EACH:(i % 10 + 1) * REMINDED_EACH])
    store.close()
    trial = tmp / "remind-trial.db"  # the sweep alone, timed on a copy (the server sweeps the original)
    shutil.copy(instance / "events.db", trial)
    copy = SqliteStore(trial)
    swept_at = time.perf_counter()
    marked = reminders.send_due(copy, datetime.now(UTC))
    sweep = time.perf_counter() - swept_at
    copy.close()
    wanted = REMINDED_EVENTS * REMINDED_EACH
    with Sink() as sink:
        started = time.monotonic()
        server = serve_with(instance, sink)  # its dispatcher sweeps at once, then every 10 s
        took = sink.last_of(wanted, started)
        server.stop()
    rows.append(Row(f"mail: reminders for {REMINDED_EVENTS} events x {REMINDED_EACH} attendees",
                    f"the sweep marked {marked} events in {sweep * 1000:.0f} ms; {len(sink.taken):,} of "
                    f"{wanted:,} mails at the SMTP server, the last {took:.0f} s after the server started "
                    f"({len(sink.taken) / took:.0f} mails/s)",
                    "the sweep well within its 1-minute schedule; mails within the hour"))
