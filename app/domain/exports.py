"""What an organizer takes away: the attendee list of one event, every ticket with its holder and
its money, read in one snapshot (issue "Run a real event", section 6; formats: app/api/exports.py)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from app.domain import ticket_types
from app.domain.account_data import holders_of, name_of
from app.domain.events import event_for
from app.domain.models import (
    PAID,
    REFUND_PENDING,
    REFUNDED,
    Event,
    Payment,
    Registration,
    RegistrationStatus,
    User,
)
from app.domain.payment_rules import payments_of, share
from app.domain.ports import Store, Transaction
from app.domain.registrations import every_ticket
from app.domain.roles import Task


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
    answers: tuple[str, ...] = ()  # one per question, in `AttendeeList.questions`' order


@dataclass(frozen=True)
class AttendeeList:
    event: Event
    questions: list[str]  # their labels: a column each
    rows: list[AttendeeRow]


def answer_text(value: object) -> str:
    """An answer as a cell says it: choices joined, a tick as yes or no."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


def attendee_rows(store: Store, actor_id: str, event_id: str) -> AttendeeList:
    """Every ticket of the event, oldest first, with the answers for it (its own, and its
    order's), for its organizer."""
    def read(tx: Transaction) -> AttendeeList:
        event = event_for(tx, actor_id, event_id, Task.MANAGE)
        names = {kind.id: kind.name for kind in ticket_types.of_event(tx, event)}
        asked = tx.questions.of_event(event_id)
        tickets = every_ticket(tx, event_id)
        payments = payments_of(tx, tickets)
        holders = holders_of(tx, tickets)
        orders = {o: tx.orders.get(o) for o in dict.fromkeys(t.order_id for t in tickets if t.order_id)}
        rows = []
        for t in tickets:
            order = orders.get(t.order_id or "")
            given = {**(order.answers if order else {}), **t.answers}
            row = _row(t, holders[t.user_id], names.get(t.type_id, ""), payments.get(t.payment_id))
            rows.append(replace(row, answers=tuple(answer_text(given.get(q.id)) for q in asked)))
        return AttendeeList(event, [q.label for q in asked], rows)

    return store.read(read)


def _row(ticket: Registration, holder: User | None, type_name: str, payment: Payment | None) -> AttendeeRow:
    paid = refunded = 0
    if payment is not None and payment.status in (PAID, REFUND_PENDING, REFUNDED):
        refunded = share(ticket, payment) if payment.status == REFUNDED or ticket.refunded_at else 0
        paid = share(ticket, payment) - refunded
    buyer = name_of(holder)
    return AttendeeRow(ticket.id, ticket.attendee_name or buyer,
                       ticket.attendee_email or (holder.email if holder else ""), ticket.status, type_name,
                       ticket.created_at, ticket.checked_in_at, paid, refunded, ticket.order_id or "", buyer)
