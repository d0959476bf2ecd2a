"""The embedded bus: Pub/Sub push semantics on one machine.

`publish_batch` records one delivery per push subscription of the topic in the bus's own SQLite file
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
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from werkzeug.test import EnvironBuilder, run_wsgi_app

from app.bus.envelope import pubsub_message, push_envelope, wire_message_id
from app.bus.topology import Topology
from app.domain.models import Message
from app.domain.ports import Bus, Clock, PushTransport
from app.infra.backoff import RETRY_BACKOFF, Backoff
from app.infra.leased_queue import Claimed, LeasedQueue
from app.infra.sqlite import SqliteDatabase, migrations_in
from app.timeutil import sortable

log = logging.getLogger(__name__)

MIGRATIONS = migrations_in(Path(__file__).with_name("local_schema"))


@dataclass(frozen=True)
class DeadLetter:
    subscription: str
    message_id: str
    message: dict[str, Any]
    attempts: int
    last_error: str | None


# In-process pushes run back to back on the dispatcher, TURN at a time (a few ms): the bus's
# backlog is work already promised, so it gets a large share of a busy worker, but requests are
# not held up for a whole batch.
TURN = 14


class LocalBus(Bus):
    def __init__(self, path: Path | str, topology: Topology, *, clock: Clock, project: str = "local",
                 max_attempts: int = 5, backoff: Backoff = RETRY_BACKOFF,
                 lease_seconds: float = 60.0) -> None:
        self.db = SqliteDatabase(path, MIGRATIONS)
        self._queue = LeasedQueue(self.db, "deliveries", key=("subscription", "message_id"),
                                  payload="message")
        self.topology = topology
        self.project = project
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.lease = lease_seconds
        self.clock = clock

    def publish_batch(self, items: list[tuple[str, Message]], timeout: float | None = None) -> None:
        """One transaction for the whole batch: one disk sync instead of one per delivery."""
        now = self.clock()
        rows = []
        for topic, message in items:
            subscription = self.topology.subscription_of_topic(topic)
            if subscription is None:
                continue  # a topic nobody subscribes to: Pub/Sub drops these too
            wire_id = wire_message_id(topic, message)
            payload = pubsub_message(message, message_id=wire_id, publish_time=now)
            rows.append((subscription, wire_id, json.dumps(payload), sortable(now), sortable(now)))
        # OR IGNORE: the relay may publish a message again after a crash; it is delivered once.
        self.db.write(lambda conn: conn.executemany(
            "INSERT OR IGNORE INTO deliveries (subscription, message_id, message, created_at, "
            "available_at) VALUES (?, ?, ?, ?, ?)", rows))

    def pump(self, transport: PushTransport, limit: int = 100) -> int:
        """Deliver what is due, several pushes at a time (handlers do not depend on order);
        return how many deliveries were acknowledged."""
        claimed = self._queue.claim(self.clock(), self.lease, limit)
        if not claimed:
            return 0
        if transport.parallel > 1:
            with ThreadPoolExecutor(min(transport.parallel, len(claimed))) as pool:
                results = list(pool.map(lambda delivery: self._deliver(transport, delivery), claimed))
        else:
            results = []
            for n, delivery in enumerate(claimed, start=1):
                results.append(self._deliver(transport, delivery))
                if n % TURN == 0:
                    time.sleep(0)  # under gevent: let the worker's requests have their turn

        acked = [delivery.key for delivery, ok in zip(claimed, results, strict=True) if ok]
        # one write for the batch: a crash before it means these are pushed again, and the
        # handlers are idempotent (each subscription records what it processed)
        self._queue.complete(acked)
        return len(acked)

    def _deliver(self, transport: PushTransport, delivery: Claimed) -> bool:
        subscription = delivery.key[0]
        envelope = push_envelope(json.loads(delivery.payload),
                                 subscription_path=f"projects/{self.project}/subscriptions/{subscription}",
                                 attempt=delivery.attempts)
        try:
            status = transport.push(subscription, envelope)
            error = None if 200 <= status < 300 else f"HTTP {status}"
        except Exception as exc:  # connection refused, time-out: the endpoint is down
            error = f"{type(exc).__name__}: {exc}"
        if error is None:
            return True
        if delivery.attempts >= self.max_attempts:
            self._bury(delivery, error)
        else:
            delay = self.backoff.delay(delivery.attempts)
            log.warning("push to %s failed (%s), attempt %d; retry in %.2fs",
                        subscription, error, delivery.attempts, delay)
            self._queue.release(delivery.key, self.clock() + timedelta(seconds=delay), error)
        return False

    def _bury(self, delivery: Claimed, error: str) -> None:
        log.error("dead letter after %d attempts: %s %s (%s)", delivery.attempts, *delivery.key, error)
        now = sortable(self.clock())

        def bury(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT OR REPLACE INTO dead_letters "
                "(subscription, message_id, message, attempts, last_error, dead_at) "
                "SELECT subscription, message_id, message, attempts, ?, ? FROM deliveries "
                "WHERE subscription = ? AND message_id = ?", (error, now, *delivery.key))
            conn.execute("DELETE FROM deliveries WHERE subscription = ? AND message_id = ?",
                         delivery.key)

        self.db.write(bury)

    def pending(self) -> int:
        return self._queue.count()

    def dead_letters(self) -> list[DeadLetter]:
        rows = self.db.read(lambda conn: conn.execute(
            "SELECT subscription, message_id, message, attempts, last_error FROM dead_letters "
            "ORDER BY dead_at").fetchall())
        return [DeadLetter(r["subscription"], r["message_id"], json.loads(r["message"]), r["attempts"],
                           r["last_error"]) for r in rows]


class WsgiPushTransport:
    """Delivers to this very app's push route in-process: the same POST (envelope, token, every
    middleware and the request log), without a loopback connection that would wait in line
    behind client traffic, or a second HTTP client's parsing in the same worker. The default
    when PUSH_ENDPOINT names no other endpoint."""

    parallel = 1  # the work is this process's CPU: one at a time, no switching between them

    def __init__(self, app: Callable[..., Any], token: str) -> None:
        self._app = app
        self._token = token

    def push(self, subscription: str, envelope: dict[str, Any]) -> int:
        environ = EnvironBuilder(method="POST", path=f"/pubsub/{subscription}",
                                 query_string={"token": self._token}, json=envelope).get_environ()
        _, status, _ = run_wsgi_app(self._app, environ, buffered=True)
        return int(status.split(" ", 1)[0])


class HttpPushTransport:
    """POSTs to a push endpoint (PUSH_ENDPOINT), as a Pub/Sub push subscription would."""

    parallel = 8  # mostly waiting on the network: several in flight

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
