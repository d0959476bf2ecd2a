"""What each push subscription does with a message, applied at most once in effect
(docs/invariants.md, 7): a duplicated or reordered delivery changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from app.domain import checkout, figures, notifications
from app.domain import messages as m
from app.domain.errors import UnusableMessage
from app.domain.messages import message_body
from app.domain.models import Message
from app.domain.ports import AuditSink, PaymentProvider, Store, Transaction

Apply = Callable[[Transaction, Message], None]

# logical subscription -> an effect on the store, applied in one transaction with its record
STORE_HANDLERS: dict[str, Apply] = {
    m.USER_REGISTRATION: notifications.welcome,
    m.USER_NOTIFICATIONS: notifications.notify_people,
    m.EVENT_CAPACITY: figures.record_sell_out,
}


def handle(store: Store, audit: AuditSink, payments: PaymentProvider, logical: str,
           subscription: str, message: Message, now: datetime) -> bool:
    """Apply the message; False when this subscription had already applied it."""
    if logical == m.AUDIT:
        return _outside(store, subscription, message, now, lambda: audit.send(message_body(message)))
    if logical == m.PAYMENTS:
        _check_ids(message)
        return _outside(store, subscription, message, now,
                        lambda: checkout.carry_out(store, payments, message, now))
    apply = STORE_HANDLERS[logical]
    _check_ids(message)

    def once(tx: Transaction) -> bool:
        if not tx.inbox.mark_processed(subscription, message.id, now, message.occurred_at):
            return False
        try:
            apply(tx, message)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            # A field missing or of the wrong type: the transaction rolls back, nothing is kept.
            raise UnusableMessage(f"{message.type} {message.id}: {type(exc).__name__}: {exc}") from exc
        return True

    return store.run(once)


def _outside(store: Store, subscription: str, message: Message, now: datetime,
             effect: Callable[[], object]) -> bool:
    """An effect outside the store (an audit line, a call to the payment provider) cannot share
    a transaction with its record: do it, then record. A crash in between does it again (at
    least once, never zero times); the payment provider's idempotency keys make that once."""
    if store.read(lambda tx: tx.inbox.was_processed(subscription, message.id)):
        return False
    effect()
    store.run(lambda tx: tx.inbox.mark_processed(subscription, message.id, now, message.occurred_at))
    return True


def _check_ids(message: Message) -> None:
    """Ids are text: a message that says otherwise was not written by us."""
    for name, value in message.data.items():
        single = name.endswith("_id") and not (value is None or isinstance(value, str))
        several = name.endswith("_ids") and not (isinstance(value, list)
                                                 and all(isinstance(v, str) for v in value))
        if single or several:
            raise UnusableMessage(f"{message.type} {message.id}: {name} is not text")
