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

from dataclasses import replace
from datetime import datetime

from app.domain import links
from app.domain import messages as m
from app.domain.letters import LIST_MAIL, Letter, LetterKind
from app.domain.message_data import (
    AboutEvent,
    EventAnnounced,
    EventCancelled,
    EventUpdated,
    LetterDue,
    MessageData,
    PaymentPaid,
    PaymentRefunded,
    RegistrationChanged,
    RegistrationPromoted,
    ReminderDue,
    TeamInvited,
)
from app.domain.models import (
    CONFIRMED,
    PENDING_PAYMENT,
    REFUNDED,
    EventStatus,
    Message,
    Payment,
    Registration,
    RegistrationStatus,
    User,
)
from app.domain.payment_rules import HOLDER_CANCELLED, share
from app.domain.ports import Mailer, Store, Transaction

# An event's time or place moving is worth a mail to everyone coming; its title or text is not.
MAILED_CHANGES = frozenset({"starts_at", "ends_at", "timezone", "location"})
# What the ticket must still be for its letter to be true when it is sent
# (a receipt or a refund stays true whatever became of the ticket since)
_STANDING: dict[LetterKind, tuple[RegistrationStatus, ...]] = {
    LetterKind.TICKET: (CONFIRMED,),
    LetterKind.SEAT_HELD: (PENDING_PAYMENT,),
    LetterKind.REMINDER: (CONFIRMED,),
    LetterKind.ANNOUNCEMENT: (CONFIRMED,),
}


# Letters that say what was paid, refunded or is to be paid: nothing to say without a payment
_ABOUT_MONEY = frozenset({LetterKind.RECEIPT, LetterKind.REFUND, LetterKind.SEAT_HELD})


# A ticket is mailed (to whom it is for) when it is confirmed, and when it is passed on
_TICKET_MAILED = frozenset({m.REGISTRATION_CONFIRMED, m.TICKET_PASSED_ON})


def fan_out(tx: Transaction, message: Message, data: MessageData) -> None:
    """Emit one `mail.letter_due` per letter the cause calls for (a store handler: applied once)."""
    for due in _letters_due(tx, message, data):
        post(tx, due, message.occurred_at)


def post(tx: Transaction, due: LetterDue, now: datetime) -> None:
    """One letter, to be sent once its transaction commits (the account's rules post their own:
    each is one letter to one person)."""
    tx.emit(m.new_message(m.LETTER_DUE, None, now, **due.model_dump(mode="json")))


def _letters_due(tx: Transaction, message: Message, data: MessageData) -> list[LetterDue]:
    if not isinstance(data, AboutEvent):  # every cause of a letter is about an event
        return []
    event_id = data.event_id

    def due(kind: LetterKind, user_id: str, registration_id: str | None = None,
            changed: tuple[str, ...] = ()) -> LetterDue:
        return LetterDue(kind=kind, cause_id=message.id, user_id=user_id, event_id=event_id,
                         registration_id=registration_id, changed=list(changed))

    if isinstance(data, RegistrationChanged) and message.type in _TICKET_MAILED:
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
    if isinstance(data, TeamInvited):  # to an address, not an account: the invitation holds it
        return [due(LetterKind.TEAM_INVITATION, data.organizer_id).model_copy(
            update={"invitation_id": data.invitation_id})]
    if isinstance(data, EventAnnounced | ReminderDue):
        kind = LetterKind.ANNOUNCEMENT if isinstance(data, EventAnnounced) else LetterKind.REMINDER
        text = {"subject": data.subject, "message": data.message} if isinstance(data, EventAnnounced) else {}
        return [due(kind, r.user_id, r.id).model_copy(update=text)
                for r in tx.registrations.active(data.event_id) if r.status == CONFIRMED]
    return []


def letter_of(tx: Transaction, due: LetterDue, secret: str, written_at: datetime) -> Letter | None:
    """The letter as the records stand now; None when it is no longer true (a ticket cancelled
    before its mail went), no longer wanted (mail its person turned off), or has nobody to go to
    (an account deleted). Account links are sealed with `secret` as of `written_at`, when their
    cause happened (a mail delayed by a slow server does not get a longer-lived link)."""
    if due.kind == LetterKind.ACCOUNT_DELETED and due.address:
        gone = User(id=due.user_id, email=due.address, username="", first_name=due.name, last_name="",
                    created_at=written_at, updated_at=written_at)
        return Letter(due.kind, due.cause_id, gone)
    if due.kind == LetterKind.TEAM_INVITATION:
        return _invitation(tx, due, secret, written_at)
    person = tx.users.get(due.user_id)
    if person is None:
        return None
    if due.event_id is None:
        return _account_letter(person, due, secret, written_at)
    event = tx.events.get(due.event_id)
    wants = LIST_MAIL.get(due.kind)
    if event is None:
        return None
    if wants is not None and (not getattr(person, wants) or event.status == EventStatus.CANCELLED):
        return None  # turned off since, or nothing left to remind of
    registration = tx.registrations.get(due.registration_id) if due.registration_id else None
    payment = tx.payments.get(due.registration_id) if due.registration_id else None  # a ticket's, an order's
    kind = due.kind
    if kind == LetterKind.REFUND and payment is None and registration and registration.refunded_at:
        payment = _share_refunded(tx, registration)
    if due.registration_id is not None:
        standing = _STANDING.get(kind)
        if registration is None or (standing and registration.status not in standing):
            if not (kind == LetterKind.TICKET and payment is not None and payment.paid_at is not None):
                return None
            kind = LetterKind.RECEIPT  # the money was paid all the same: its receipt goes
    if payment is None and kind in _ABOUT_MONEY:
        return None
    if kind == LetterKind.TICKET and payment is None and registration and registration.attendee_email:
        # a ticket its buyer bought for someone else goes to them (the one with the receipt, to the buyer)
        person = replace(person, email=registration.attendee_email,
                         first_name=registration.attendee_name or person.first_name, last_name="")
    unsubscribe = (links.seal(secret, links.Purpose.UNSUBSCRIBE, {"u": person.id, "l": wants}, written_at)
                   if wants else None)
    return Letter(kind, due.cause_id, person, event, registration, payment, tuple(due.changed),
                  unsubscribe=unsubscribe, subject=due.subject, message=due.message)


def _share_refunded(tx: Transaction, ticket: Registration) -> Payment | None:
    """The refund of one ticket of an order, as its letter tells it: the order's payment with the
    ticket's share as what was given back, when."""
    payment = tx.payments.get(ticket.payment_id)
    if payment is None:
        return None
    return replace(payment, amount=share(ticket, payment), refunded_at=ticket.refunded_at, status=REFUNDED,
                   refund_reason=HOLDER_CANCELLED)  # a ticket alone is given back when its holder cancels it


def _link(secret: str, purpose: links.Purpose, claims: dict[str, str], written_at: datetime) -> str:
    return f"{links.PAGE[purpose]}?token={links.seal(secret, purpose, claims, written_at)}"


def _invitation(tx: Transaction, due: LetterDue, secret: str, written_at: datetime) -> Letter | None:
    """A place on an event's team, to the address invited (in the inviter's language: the invitee
    may have no account); None once it was withdrawn, taken, or the event cancelled."""
    invitation = tx.team.invitation(due.invitation_id or "")
    event = tx.events.get(due.event_id or "")
    inviter = tx.users.get(due.user_id)
    if invitation is None or event is None or event.status == EventStatus.CANCELLED or inviter is None:
        return None
    invitee = User(id=invitation.id, email=invitation.email, username="", first_name="", last_name="",
                   created_at=written_at, updated_at=written_at, language=inviter.language)
    link = _link(secret, links.Purpose.TEAM_INVITATION, {"i": invitation.id}, written_at)
    return Letter(due.kind, due.cause_id, invitee, event, link=link, role=invitation.role,
                  invited_by=inviter.full_name or inviter.username)


def _account_letter(person: User, due: LetterDue, secret: str, written_at: datetime) -> Letter | None:
    def link(purpose: links.Purpose, claims: dict[str, str]) -> str:
        return _link(secret, purpose, claims, written_at)

    if due.kind == LetterKind.VERIFY_EMAIL:
        if person.email_verified:
            return None  # confirmed since: the link has nothing left to do
        return Letter(due.kind, due.cause_id, person,
                      link=link(links.Purpose.VERIFY_EMAIL, {"u": person.id, "e": person.email}))
    if due.kind == LetterKind.PASSWORD_RESET and due.reset_id:
        claims = {"u": person.id, "r": due.reset_id, "e": person.email}
        return Letter(due.kind, due.cause_id, person, link=link(links.Purpose.RESET_PASSWORD, claims))
    if due.kind == LetterKind.PASSWORD_CHANGED:
        return Letter(due.kind, due.cause_id, person, link="/forgot-password")
    if due.kind == LetterKind.EMAIL_CHANGE and due.address:
        claims = {"u": person.id, "e": due.address, "from": person.email}
        return Letter(due.kind, due.cause_id, replace(person, email=due.address),
                      link=link(links.Purpose.CHANGE_EMAIL, claims))
    if due.kind == LetterKind.EMAIL_CHANGED and due.address:  # to the old address
        return Letter(due.kind, due.cause_id, replace(person, email=due.address))
    return None


def send(store: Store, mailer: Mailer, due: LetterDue, secret: str, written_at: datetime) -> bool:
    """Send one letter unless it is no longer true; whether it was sent. Raises when the mail
    server did not take it (the bus delivers the message again)."""
    letter = store.read(lambda tx: letter_of(tx, due, secret, written_at))
    if letter is None:
        return False
    mailer.send(letter)
    return True

