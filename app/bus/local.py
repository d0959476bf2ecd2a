"""The embedded bus: Pub/Sub push semantics on one machine.

`publish` records one delivery per push subscription of the topic in the bus's own SQLite file
(so it works whichever store is plugged in). `pump` claims due deliveries, POSTs them as push
envelopes, deletes them on 2xx, retries anything else with exponential backoff, and moves a
delivery to the dead letters after `max_attempts`. Claims are leases: several gunicorn workers
pump the same file without sending one delivery twice at once, and a claim whose worker died is
taken over when its lease ends.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from app.bus.base import Bus, PushTransport
from app.bus.envelope import encode, wire_message_id
from app.bus.topology import Topology
from app.domain.models import Message
from app.infra.backoff import Backoff
from app.infra.sqlite import SqliteDatabase, migrations_in
from app.timeutil import Clock, sortable

log = logging.getLogger(__name__)

MIGRATIONS = migrations_in(Path(__file__).with_name("local_schema"))


@dataclass(frozen=True)
class DeadLetter:
    subscription: str
    message_id: str
    message: dict[str, Any]
    attempts: int
    last_error: str | None


class LocalBus(Bus):
    def __init__(self, path: Path | str, topology: Topology, *, clock: Clock, project: str = "local",
                 max_attempts: int = 5, backoff_seconds: float = 1.0, max_backoff_seconds: float = 60.0,
                 lease_seconds: float = 60.0, parallel: int = 8) -> None:
        self.db = SqliteDatabase(path, MIGRATIONS)
        self.topology = topology
        self.project = project
        self.max_attempts = max_attempts
        self.backoff = Backoff(base=backoff_seconds, cap=max_backoff_seconds)
        self.lease = lease_seconds
        self.clock = clock
        self.parallel = parallel

    def publish(self, topic: str, message: Message) -> None:
        self.publish_batch([(topic, message)])

    def publish_batch(self, items: list[tuple[str, Message]]) -> None:
        """One transaction for the whole batch: one disk sync instead of one per delivery."""
        now = self.clock()
        rows = []
        for topic, message in items:
            subscription = self.topology.subscription_of_topic(topic)
            if subscription is None:
                continue  # a topic nobody subscribes to: Pub/Sub drops these too
            wire_id = wire_message_id(topic, message)
            payload = encode(message, subscription_path="", message_id=wire_id, publish_time=now,
                             attempt=None)["message"]
            rows.append((subscription, wire_id, json.dumps(payload), sortable(now)))
        # OR IGNORE: the relay may publish a message again after a crash; it is delivered once.
        self.db.write(lambda conn: conn.executemany(
            "INSERT OR IGNORE INTO deliveries (subscription, message_id, message, created_at) "
            "VALUES (?, ?, ?, ?)", rows))

    def pump(self, transport: PushTransport, limit: int = 100) -> int:
        """Deliver what is due, several pushes at a time (handlers do not depend on order);
        return how many deliveries were acknowledged."""
        claimed = self._claim(self.clock(), limit)
        if not claimed:
            return 0
        with ThreadPoolExecutor(min(self.parallel, len(claimed))) as pool:
            return sum(pool.map(lambda delivery: self._deliver(transport, *delivery), claimed))

    def _deliver(self, transport: PushTransport, subscription: str, wire_id: str,
                 payload: dict[str, Any], attempts: int) -> int:
        envelope = {"message": payload,
                    "subscription": f"projects/{self.project}/subscriptions/{subscription}",
                    "deliveryAttempt": attempts}
        try:
            status = transport.push(subscription, envelope)
            error = None if 200 <= status < 300 else f"HTTP {status}"
        except Exception as exc:  # connection refused, time-out: the endpoint is down
            error = f"{type(exc).__name__}: {exc}"
        if error is not None:
            self._failed(subscription, wire_id, attempts, error)
            return 0
        self.db.write(lambda conn: conn.execute(
            "DELETE FROM deliveries WHERE subscription = ? AND message_id = ?", (subscription, wire_id)))
        return 1

    def _claim(self, now: datetime, limit: int) -> list[tuple[str, str, dict[str, Any], int]]:
        def claim(conn: sqlite3.Connection) -> list[tuple[str, str, dict[str, Any], int]]:
            rows = conn.execute(
                "SELECT subscription, message_id, message, attempts FROM deliveries "
                "WHERE available_at IS NULL OR available_at <= ? ORDER BY created_at LIMIT ?",
                (sortable(now), limit)).fetchall()
            lease = sortable(now + timedelta(seconds=self.lease))
            conn.executemany(
                "UPDATE deliveries SET available_at = ?, attempts = attempts + 1 "
                "WHERE subscription = ? AND message_id = ?",
                [(lease, r["subscription"], r["message_id"]) for r in rows])
            return [(r["subscription"], r["message_id"], json.loads(r["message"]), r["attempts"] + 1)
                    for r in rows]

        return self.db.write(claim)

    def _failed(self, subscription: str, wire_id: str, attempts: int, error: str) -> None:
        now = self.clock()
        if attempts >= self.max_attempts:
            log.error("dead letter after %d attempts: %s %s (%s)", attempts, subscription, wire_id, error)

            def bury(conn: sqlite3.Connection) -> None:
                conn.execute(
                    "INSERT OR REPLACE INTO dead_letters "
                    "(subscription, message_id, message, attempts, last_error, dead_at) "
                    "SELECT subscription, message_id, message, attempts, ?, ? FROM deliveries "
                    "WHERE subscription = ? AND message_id = ?",
                    (error, sortable(now), subscription, wire_id))
                conn.execute("DELETE FROM deliveries WHERE subscription = ? AND message_id = ?",
                             (subscription, wire_id))

            self.db.write(bury)
            return
        delay = self.backoff.delay(attempts)
        log.warning("push to %s failed (%s), attempt %d; retry in %.2fs",
                    subscription, error, attempts, delay)
        self.db.write(lambda conn: conn.execute(
            "UPDATE deliveries SET available_at = ?, last_error = ? "
            "WHERE subscription = ? AND message_id = ?",
            (sortable(now + timedelta(seconds=delay)), error, subscription, wire_id)))

    def pending(self) -> int:
        return self.db.read(lambda conn: conn.execute("SELECT count(*) FROM deliveries").fetchone()[0])

    def dead_letters(self) -> list[DeadLetter]:
        rows = self.db.read(lambda conn: conn.execute(
            "SELECT subscription, message_id, message, attempts, last_error FROM dead_letters "
            "ORDER BY dead_at").fetchall())
        return [DeadLetter(r["subscription"], r["message_id"], json.loads(r["message"]), r["attempts"],
                           r["last_error"]) for r in rows]


class HttpPushTransport:
    """POSTs to the app's own push route, as a Pub/Sub push subscription would."""

    def __init__(self, endpoint: str, token: str, timeout: float = 30.0) -> None:
        import requests

        self._endpoint = endpoint.rstrip("/")
        self._token = token
        self._timeout = timeout
        self._session = requests.Session()

    def push(self, subscription: str, envelope: dict[str, Any]) -> int:
        response = self._session.post(f"{self._endpoint}/pubsub/{subscription}",
                                      params={"token": self._token}, json=envelope,
                                      timeout=self._timeout)
        return response.status_code
