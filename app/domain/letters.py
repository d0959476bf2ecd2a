"""What the platform writes to people by mail: one `Letter` per person and cause, decided by the
rules (app/domain/mailing.py) and written and sent by the mail port's adapters (app/mail/)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.domain.models import Event, Payment, Registration, User


class LetterKind(StrEnum):
    TICKET = "ticket"  # a confirmed ticket: free, paid (with its receipt), or promoted
    RECEIPT = "receipt"  # a receipt alone: the ticket paid for was cancelled before its mail went
    REFUND = "refund"  # a payment given back
    SEAT_HELD = "seat_held"  # a seat from the waitlist, held until paid
    EVENT_CHANGED = "event_changed"  # its time or place moved
    EVENT_CANCELLED = "event_cancelled"
    REMINDER = "reminder"  # the day before: the ticket again
    ANNOUNCEMENT = "announcement"  # what the organizer wrote to everyone coming
    VERIFY_EMAIL = "verify_email"  # confirm the address: a link
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a kind of mail. Set a new password: a one-time link
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 - a kind of mail. A notice: if it was not you, reset it
    ACCOUNT_DELETED = "account_deleted"  # a notice, to the address the account had
    EMAIL_CHANGE = "email_change"  # to the new address: a link that makes it the account's
    EMAIL_CHANGED = "email_changed"  # to the old address: a notice
    TEAM_INVITATION = "team_invitation"  # a place on an event's team: a link


# Mail a person may turn off (each carries List-Unsubscribe, RFC 8058), by the preference that
# says whether they want it; every other kind is about their tickets, money or account and
# always goes.
LIST_MAIL: dict[LetterKind, str] = {
    LetterKind.REMINDER: "mail_reminders",
    LetterKind.ANNOUNCEMENT: "mail_announcements",
}


@dataclass(frozen=True)
class Letter:
    kind: LetterKind
    cause_id: str  # the message it answers: with the person and the kind, it is sent once
    to: User  # ACCOUNT_DELETED: the person as they were (the account is gone)
    event: Event | None = None  # None for the account's own mail
    registration: Registration | None = None
    payment: Payment | None = None
    changed: tuple[str, ...] = ()  # EVENT_CHANGED: which of the event's fields
    link: str | None = None  # the account link it carries: a path and query on PUBLIC_URL
    unsubscribe: str | None = None  # LIST_MAIL: the token of its one-click unsubscribe
    subject: str = ""  # ANNOUNCEMENT: as the organizer wrote them (plain text)
    message: str = ""
    role: str = ""  # TEAM_INVITATION: the role offered, and who offers it
    invited_by: str = ""

    @property
    def key(self) -> str:
        """Once per cause, person and kind: what is recorded as sent, and the Message-ID."""
        return f"{self.cause_id}.{self.kind}.{self.to.id}"
