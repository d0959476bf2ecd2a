"""What an organizer takes away: the attendee list of one event, every ticket with its holder and
its money, read in one snapshot (issue "Run a real event", section 6; formats: app/api/exports.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.domain import ticket_types
from app.domain.account_data import FORMER_MEMBER
from app.domain.events import owned_event
from app.domain.models import PAID, REFUND_PENDING, REFUNDED, Event, Registration, RegistrationStatus
from app.domain.ports import Store, Transaction
from app.domain.registrations import every_ticket


@dataclass(frozen=True)
class AttendeeRow:
    ticket_id: str
    name: str
    email: str  # "" once the holder deleted their account
    status: RegistrationStatus
    ticket_type: str  # the name of its type
    registered_at: datetime
    checked_in_at: datetime | None
    paid: int  # minor units of the event's currency: what was paid and not given back
    refunded: int


def attendee_rows(store: Store, actor_id: str, event_id: str) -> tuple[Event, list[AttendeeRow]]:
    """Every ticket of the event, oldest first (organizer only)."""
    def read(tx: Transaction) -> tuple[Event, list[AttendeeRow]]:
        event = owned_event(tx, actor_id, event_id)
        names = {kind.id: kind.name for kind in ticket_types.of_event(tx, event)}
        return event, [_row(tx, t, names.get(t.type_id, "")) for t in every_ticket(tx, event_id)]

    return store.read(read)


def _row(tx: Transaction, ticket: Registration, type_name: str) -> AttendeeRow:
    holder = tx.users.get(ticket.user_id)
    payment = tx.payments.get(ticket.id)
    paid = refunded = 0
    if payment is not None and payment.status in (PAID, REFUND_PENDING, REFUNDED):
        refunded = payment.amount if payment.status == REFUNDED else 0
        paid = payment.amount - refunded
    name = f"{holder.first_name} {holder.last_name}".strip() if holder else FORMER_MEMBER
    return AttendeeRow(ticket.id, name, holder.email if holder else "", ticket.status, type_name,
                       ticket.created_at, ticket.checked_in_at, paid, refunded)
