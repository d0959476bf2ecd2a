"""What each push subscription does with a message, applied at most once in effect
(docs/invariants.md, 7): a duplicated or reordered delivery changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from app.domain import checkout, figures, mailing, notifications, recommendations
from app.domain import messages as m
from app.domain.message_data import LetterDue, MessageData, parse
from app.domain.messages import message_body
from app.domain.models import Message
from app.domain.ports import AuditSink, Mailer, PaymentProvider, Store, Transaction

Apply = Callable[[Transaction, Message, MessageData], None]

# logical subscription -> an effect on the store, applied in one transaction with its record
STORE_HANDLERS: dict[str, Apply] = {
    m.USER_REGISTRATION: notifications.welcome,
    m.USER_NOTIFICATIONS: notifications.notify_people,
    m.EVENT_CAPACITY: figures.record_sell_out,
    m.MAIL: mailing.fan_out,  # a cause becomes one message per letter
    m.RECOMMENDATIONS: recommendations.learn,
}


@dataclass(frozen=True)
class Outside:
    """The ports whose effects leave the store: the audit line, the payment provider, mail."""

    audit: AuditSink
    payments: PaymentProvider
    mailer: Mailer
    secret: str  # what the account links a mail carries are sealed with (app/domain/links.py)


def handle(store: Store, outside: Outside, logical: str, subscription: str, message: Message,
           now: datetime) -> bool:
    """Apply the message; False when this subscription had already applied it. Its data is
    parsed first, once: `UnusableMessage` (nothing applied, nothing recorded) when it does not
    fit its type."""
    data = parse(message)
    if logical == m.AUDIT:
        return _outside(store, subscription, message, now, lambda: outside.audit.send(message_body(message)))
    if logical == m.PAYMENTS:
        return _outside(store, subscription, message, now,
                        lambda: checkout.carry_out(store, outside.payments, data, now))
    if logical == m.MAIL and isinstance(data, LetterDue):  # one letter: sent, then recorded
        written = message.occurred_at
        return _outside(store, subscription, message, now,
                        lambda: mailing.send(store, outside.mailer, data, outside.secret, written))
    apply = STORE_HANDLERS[logical]

    def once(tx: Transaction) -> bool:
        if not tx.inbox.mark_processed(subscription, message.id, now, message.occurred_at):
            return False
        apply(tx, message, data)
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

