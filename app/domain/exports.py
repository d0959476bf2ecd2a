"""What an organizer takes away: the attendee list of one event, every ticket with its holder and
its money, read in one snapshot (issue "Run a real event", section 6; formats: app/api/exports.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.domain import ticket_types
from app.domain.account_data import FORMER_MEMBER
from app.domain.events import owned_event
from app.domain.models import PAID, REFUND_PENDING, REFUNDED, Event, Payment, Registration, RegistrationStatus
from app.domain.payment_rules import payments_of, share
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
    order_id: str  # "" for a ticket bought alone
    buyer: str  # who bought it (`name` is whom it is for)


def attendee_rows(store: Store, actor_id: str, event_id: str) -> tuple[Event, list[AttendeeRow]]:
    """Every ticket of the event, oldest first (organizer only)."""
    def read(tx: Transaction) -> tuple[Event, list[AttendeeRow]]:
        event = owned_event(tx, actor_id, event_id)
        names = {kind.id: kind.name for kind in ticket_types.of_event(tx, event)}
        tickets = every_ticket(tx, event_id)
        payments = payments_of(tx, tickets)
        return event, [_row(tx, t, names.get(t.type_id, ""), payments.get(t.payment_id)) for t in tickets]

    return store.read(read)


def _row(tx: Transaction, ticket: Registration, type_name: str, payment: Payment | None) -> AttendeeRow:
    holder = tx.users.get(ticket.user_id)
    paid = refunded = 0
    if payment is not None and payment.status in (PAID, REFUND_PENDING, REFUNDED):
        refunded = share(ticket, payment) if payment.status == REFUNDED else 0
        paid = share(ticket, payment) - refunded
    buyer = f"{holder.first_name} {holder.last_name}".strip() if holder else FORMER_MEMBER
    return AttendeeRow(ticket.id, ticket.attendee_name or buyer,
                       ticket.attendee_email or (holder.email if holder else ""), ticket.status, type_name,
                       ticket.created_at, ticket.checked_in_at, paid, refunded, ticket.order_id or "", buyer)
