"""The messages side: the outbox (written in the transaction, claimed by the relay) and the
record of messages a subscription has applied."""

from __future__ import annotations

import json
from datetime import datetime

from app.domain.messages import message_from_body
from app.domain.ports import Outbox, OutboxItem
from app.domain.repositories import Inbox
from app.infra.leased_queue import Claimed, LeasedQueue
from app.infra.sqlite import SqliteDatabase
from app.store.sqlite.rows import Repository
from app.timeutil import sortable


class SqliteInbox(Repository, Inbox):
    def mark_processed(self, subscription: str, message_id: str, when: datetime,
                       occurred_at: datetime | None = None) -> bool:
        return self._conn.execute(
            "INSERT OR IGNORE INTO processed_messages "
            "(subscription, message_id, processed_at, occurred_at) VALUES (?, ?, ?, ?)",
            (subscription, message_id, sortable(when), sortable(occurred_at) if occurred_at else None),
        ).rowcount == 1

    def was_processed(self, subscription: str, message_id: str) -> bool:
        return self._conn.execute(
            "SELECT 1 FROM processed_messages WHERE subscription = ? AND message_id = ?",
            (subscription, message_id)).fetchone() is not None


class SqliteOutbox(Outbox):
    def __init__(self, db: SqliteDatabase) -> None:
        self._queue = LeasedQueue(db, "outbox", key=("id",), payload="body")

    def claim(self, now: datetime, lease_seconds: float, limit: int) -> list[OutboxItem]:
        return [_outbox_item(item) for item in self._queue.claim(now, lease_seconds, limit)]

    def claim_ids(self, message_ids: list[str], now: datetime, lease_seconds: float) -> list[OutboxItem]:
        return [_outbox_item(item)
                for item in self._queue.claim_keys([(i,) for i in message_ids], now, lease_seconds)]

    def complete(self, message_ids: list[str]) -> None:
        self._queue.complete([(message_id,) for message_id in message_ids])

    def release(self, message_id: str, retry_at: datetime, error: str) -> None:
        self._queue.release((message_id,), retry_at, error)


def _outbox_item(claimed: Claimed) -> OutboxItem:
    return OutboxItem(message_from_body(json.loads(claimed.payload)), claimed.attempts)
