"""Who is written to, about what, for each message of the mail topic; and each letter sent once
(docs/mail.md).

Two steps, both on the bus. A cause (a ticket confirmed, an event cancelled, ...) is turned into
one `mail.letter_due` message per letter, emitted in the transaction that records the cause as
handled: a cancellation for 5,000 attendees is 5,000 small messages, each retried on its own
with the bus's backoff, instead of one that a flaky mail server could never get through. Then
each letter is sent: the inbox is asked whether it went; the mail server takes it (or raises,
and the bus tries again later, dead letter after the limit); it is recorded as sent. A crash
between the server taking it and the record sends that letter again with the same Message-ID
(mail clients fold the two into one); nothing is lost.
"""

from __future__ import annotations

from app.domain import messages as m
from app.domain.letters import Letter, LetterKind
from app.domain.message_data import (
    AboutEvent,
    EventCancelled,
    EventUpdated,
    LetterDue,
    MessageData,
    PaymentPaid,
    PaymentRefunded,
    RegistrationChanged,
    RegistrationPromoted,
)
from app.domain.models import CONFIRMED, PENDING_PAYMENT, Message, RegistrationStatus
from app.domain.ports import Mailer, Store, Transaction

# An event's time or place moving is worth a mail to everyone coming; its title or text is not.
MAILED_CHANGES = frozenset({"starts_at", "ends_at", "timezone", "location"})
# What the ticket must still be for its letter to be true when it is sent
# (a receipt or a refund stays true whatever became of the ticket since)
_STANDING: dict[LetterKind, tuple[RegistrationStatus, ...]] = {
    LetterKind.TICKET: (CONFIRMED,),
    LetterKind.SEAT_HELD: (PENDING_PAYMENT,),
}


# Letters that say what was paid, refunded or is to be paid: nothing to say without a payment
_ABOUT_MONEY = frozenset({LetterKind.RECEIPT, LetterKind.REFUND, LetterKind.SEAT_HELD})


def fan_out(tx: Transaction, message: Message, data: MessageData) -> None:
    """Emit one `mail.letter_due` per letter the cause calls for (a store handler: applied once)."""
    for due in _letters_due(tx, message, data):
        tx.emit(m.new_message(m.LETTER_DUE, None, message.occurred_at, **due.model_dump(mode="json")))


def _letters_due(tx: Transaction, message: Message, data: MessageData) -> list[LetterDue]:
    if not isinstance(data, AboutEvent):  # every cause of a letter is about an event
        return []
    event_id = data.event_id

    def due(kind: LetterKind, user_id: str, registration_id: str | None = None,
            changed: tuple[str, ...] = ()) -> LetterDue:
        return LetterDue(kind=kind, cause_id=message.id, user_id=user_id, event_id=event_id,
                         registration_id=registration_id, changed=list(changed))

    if isinstance(data, RegistrationChanged) and message.type == m.REGISTRATION_CONFIRMED:
        return [due(LetterKind.TICKET, data.user_id, data.registration_id)]
    if isinstance(data, RegistrationPromoted):
        kind = LetterKind.TICKET if data.status == CONFIRMED else LetterKind.SEAT_HELD
        return [due(kind, data.user_id, data.registration_id)]
    if isinstance(data, PaymentPaid):  # one mail per cause and person: the ticket, with the receipt
        return [due(LetterKind.TICKET, data.user_id, data.registration_id)]
    if isinstance(data, PaymentRefunded):
        return [due(LetterKind.REFUND, data.user_id, data.registration_id)]
    if isinstance(data, EventUpdated):
        changed = tuple(sorted(MAILED_CHANGES & set(data.fields)))
        if not changed:
            return []
        return [due(LetterKind.EVENT_CHANGED, r.user_id, r.id, changed)
                for r in tx.registrations.active(data.event_id)]
    if isinstance(data, EventCancelled):
        return [due(LetterKind.EVENT_CANCELLED, user_id) for user_id in data.attendee_ids]
    return []


def letter_of(tx: Transaction, due: LetterDue) -> Letter | None:
    """The letter as the records stand now; None when it is no longer true (a ticket cancelled
    before its mail went) or has nobody to go to (an account deleted)."""
    person, event = tx.users.get(due.user_id), tx.events.get(due.event_id)
    if person is None or event is None:
        return None
    registration = tx.registrations.get(due.registration_id) if due.registration_id else None
    payment = tx.payments.get(due.registration_id) if due.registration_id else None  # a ticket's
    kind = due.kind
    if due.registration_id is not None:
        standing = _STANDING.get(kind)
        if registration is None or (standing and registration.status not in standing):
            if not (kind == LetterKind.TICKET and payment is not None and payment.paid_at is not None):
                return None
            kind = LetterKind.RECEIPT  # the money was paid all the same: its receipt goes
    if payment is None and kind in _ABOUT_MONEY:
        return None
    return Letter(kind, due.cause_id, person, event, registration, payment, tuple(due.changed))


def send(store: Store, mailer: Mailer, due: LetterDue) -> bool:
    """Send one letter unless it is no longer true; whether it was sent. Raises when the mail
    server did not take it (the bus delivers the message again)."""
    letter = store.read(lambda tx: letter_of(tx, due))
    if letter is None:
        return False
    mailer.send(letter)
    return True

