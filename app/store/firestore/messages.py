"""The messages side: the outbox (written in the transaction, claimed by the relay) and the
record of messages a subscription has applied."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any, cast

from google.cloud.firestore_v1.base_query import FieldFilter

from app.domain.ids import digest
from app.domain.messages import message_body, message_from_body
from app.domain.models import Message
from app.domain.ports import Outbox, OutboxItem
from app.domain.repositories import Inbox
from app.store.firestore.documents import Repository, Session, plain


class FirestoreInbox(Repository, Inbox):
    def mark_processed(self, subscription: str, message_id: str, when: datetime,
                       occurred_at: datetime | None = None) -> bool:
        doc_id = digest(subscription, message_id)
        if self._s.get_doc("processed_messages", doc_id).exists:
            return False
        self._s.set("processed_messages", doc_id, {"subscription": subscription, "message_id": message_id,
                                                   "processed_at": when, "occurred_at": occurred_at},
                    create=True)
        return True

    def was_processed(self, subscription: str, message_id: str) -> bool:
        return bool(self._s.get_doc("processed_messages", digest(subscription, message_id)).exists)


def write_to_outbox(session: Session, message: Message) -> None:
    # Due from the moment of the change, on the app's clock (the relay claims on it too).
    session.set("outbox", message.id, {
        "type": message.type, "body": json.dumps(message_body(message)),
        "created_at": message.occurred_at, "available_at": message.occurred_at,
        "attempts": 0}, create=True)


class FirestoreOutbox(Outbox):
    def __init__(self, db: Any, in_session: Callable[..., Any]) -> None:
        """`in_session(fn, read_only)` runs fn in one transaction (FirestoreStore.in_session)."""
        self._db = db
        self._in_session = in_session
        self._outbox = db.collection("outbox")

    def claim(self, now: datetime, lease_seconds: float, limit: int) -> list[OutboxItem]:
        def claim(s: Session) -> list[OutboxItem]:
            docs = s.query(self._outbox.where(filter=FieldFilter("available_at", "<=", now))
                           .order_by("available_at").limit(limit))
            return sorted(_lease(s, docs, now, lease_seconds), key=lambda i: i.message.occurred_at)

        return cast(list[OutboxItem], self._in_session(claim, False))

    def claim_ids(self, message_ids: list[str], now: datetime, lease_seconds: float) -> list[OutboxItem]:
        # By id, not by query: a request claims only its own messages and contends with no one.
        def claim(s: Session) -> list[OutboxItem]:
            docs = s.get_all([self._outbox.document(message_id) for message_id in message_ids])
            due = [doc for doc in docs if doc.exists and plain(doc.get("available_at")) <= now]
            return _lease(s, due, now, lease_seconds)

        return cast(list[OutboxItem], self._in_session(claim, False))

    def complete(self, message_ids: list[str]) -> None:
        for chunk in _chunks(message_ids, 400):
            batch = self._db.batch()
            for message_id in chunk:
                batch.delete(self._outbox.document(message_id))
            batch.commit()

    def release(self, message_id: str, retry_at: datetime, error: str) -> None:
        self._outbox.document(message_id).update({"available_at": retry_at, "last_error": error})


def _lease(s: Session, docs: list[Any], now: datetime, lease_seconds: float) -> list[OutboxItem]:
    """Claim these outbox documents until the lease ends, counting the attempt."""
    lease = now + timedelta(seconds=lease_seconds)
    items = []
    for doc in docs:
        attempts = doc.get("attempts") + 1
        s.update_doc(doc.reference, {"available_at": lease, "attempts": attempts})
        items.append(OutboxItem(message_from_body(json.loads(doc.get("body"))), attempts))
    return items


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
