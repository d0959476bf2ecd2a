"""What each push subscription does with a message, applied at most once in effect
(docs/invariants.md, 5): a duplicated or reordered delivery changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from app.domain import figures, notifications
from app.domain import messages as m
from app.domain.messages import message_body
from app.domain.models import Message
from app.domain.ports import AuditSink, Store, Transaction

Apply = Callable[[Transaction, Message], None]

# logical subscription -> an effect on the store, applied in one transaction with its record
STORE_HANDLERS: dict[str, Apply] = {
    m.USER_REGISTRATION: notifications.welcome,
    m.USER_NOTIFICATIONS: notifications.notify_people,
    m.EVENT_CAPACITY: figures.record_sell_out,
}


def handle(store: Store, audit: AuditSink, logical: str, subscription: str, message: Message,
           now: datetime) -> bool:
    """Apply the message; False when this subscription had already applied it."""
    if logical == m.AUDIT:
        return _forward(store, audit, subscription, message, now)
    apply = STORE_HANDLERS[logical]

    def once(tx: Transaction) -> bool:
        if not tx.mark_processed(subscription, message.id, now, message.occurred_at):
            return False
        apply(tx, message)
        return True

    return store.run(once)


def _forward(store: Store, audit: AuditSink, subscription: str, message: Message,
             now: datetime) -> bool:
    """The audit line leaves the system, so it cannot share a transaction with its record:
    send, then record. A crash in between sends it again (at least once), never zero times."""
    if store.read(lambda tx: tx.was_processed(subscription, message.id)):
        return False
    audit.send(message_body(message))
    store.run(lambda tx: tx.mark_processed(subscription, message.id, now, message.occurred_at))
    return True
