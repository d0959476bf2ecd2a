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


@dataclass(frozen=True)
class Letter:
    kind: LetterKind
    cause_id: str  # the message it answers: with the person and the kind, it is sent once
    to: User
    event: Event
    registration: Registration | None = None
    payment: Payment | None = None
    changed: tuple[str, ...] = ()  # EVENT_CHANGED: which of the event's fields

    @property
    def key(self) -> str:
        """Once per cause, person and kind: what is recorded as sent, and the Message-ID."""
        return f"{self.cause_id}.{self.kind}.{self.to.id}"
