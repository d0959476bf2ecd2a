"""What each push subscription does with a message, applied at most once in effect."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from app.bus.audit import AuditSink
from app.domain import messages as m
from app.domain import notifications
from app.domain.messages import message_body
from app.domain.models import Message
from app.store.base import Store, Transaction

Apply = Callable[[Transaction, Message, datetime], None]

# logical subscription -> an effect on the store, applied in one transaction with its record
STORE_HANDLERS: dict[str, Apply] = {
    m.USER_REGISTRATION: notifications.welcome,
    m.USER_NOTIFICATIONS: notifications.notify_people,
    m.EVENT_CAPACITY: notifications.project_capacity,
}


class MessageHandlers:
    def __init__(self, store: Store, audit: AuditSink) -> None:
        self._store = store
        self._audit = audit

    def handle(self, logical: str, subscription: str, message: Message, now: datetime) -> bool:
        """Apply the message; False when this subscription had already applied it."""
        if logical == m.AUDIT:
            return self._forward(subscription, message, now)
        apply = STORE_HANDLERS[logical]

        def once(tx: Transaction) -> bool:
            if not tx.mark_processed(subscription, message.id, now, message.occurred_at):
                return False
            apply(tx, message, now)
            return True

        return self._store.run(once)

    def _forward(self, subscription: str, message: Message, now: datetime) -> bool:
        """The audit line leaves the system, so it cannot share a transaction with its record:
        send, then record. A crash in between sends it again (at least once), never zero times."""
        if self._store.read(lambda tx: tx.was_processed(subscription, message.id)):
            return False
        self._audit.send(message_body(message))
        self._store.run(lambda tx: tx.mark_processed(subscription, message.id, now, message.occurred_at))
        return True
