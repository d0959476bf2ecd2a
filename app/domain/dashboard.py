"""An event's dashboard for its organizer: tickets sold and money taken day by day (in the event's
zone), each ticket type's figures, each code's uses, and the door's progress (issue "Run a real
event", section 6)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from app.domain import ticket_types
from app.domain.events import event_for
from app.domain.models import CONFIRMED, PAID, PENDING_PAYMENT, REFUND_PENDING, REFUNDED, Event
from app.domain.offers import PromoCode
from app.domain.payment_rules import payments_of, share
from app.domain.ports import Store, Transaction
from app.domain.registrations import every_ticket
from app.domain.roles import Task


@dataclass(frozen=True)
class SalesDay:
    day: date  # in the event's own zone
    tickets: int  # taken that day and still held
    cumulative: int
    revenue: int  # minor units paid that day for the tickets still held


@dataclass(frozen=True)
class TypeFigures:
    type_id: str
    name: str
    confirmed: int
    held: int  # seats held for a payment now
    left: int  # what the event's seats and the type's cap both leave
    revenue: int  # minor units paid for its confirmed tickets


@dataclass(frozen=True)
class Dashboard:
    event: Event
    days: list[SalesDay]
    confirmed: int
    checked_in: int
    types: list[TypeFigures]
    codes: list[PromoCode] = field(default_factory=list)  # each with its uses now


def dashboard(store: Store, actor_id: str, event_id: str) -> Dashboard:
    def read(tx: Transaction) -> Dashboard:
        event = event_for(tx, actor_id, event_id, Task.MANAGE)
        zone = ZoneInfo(event.timezone)
        tickets = every_ticket(tx, event_id)
        held = [t for t in tickets if t.status == CONFIRMED]
        taken = Counter(t.created_at.astimezone(zone).date() for t in held)
        paid: Counter[date] = Counter()
        by_type: Counter[str] = Counter()
        payments = payments_of(tx, held)
        for ticket in held:
            payment = payments.get(ticket.payment_id)
            if payment and payment.paid_at and payment.status in (PAID, REFUND_PENDING, REFUNDED):
                paid[payment.paid_at.astimezone(zone).date()] += share(ticket, payment)
                by_type[ticket.type_id] += share(ticket, payment)
        days, running = [], 0
        for day in sorted(taken.keys() | paid.keys()):
            running += taken[day]
            days.append(SalesDay(day, taken[day], running, paid[day]))
        counts = Counter((t.type_id, t.status) for t in tickets)
        types = [TypeFigures(kind.id, kind.name, counts[kind.id, CONFIRMED], counts[kind.id, PENDING_PAYMENT],
                             kind.left_in(event), by_type[kind.id])
                 for kind in ticket_types.of_event(tx, event)]
        return Dashboard(event, days, len(held), sum(t.checked_in_at is not None for t in held), types,
                         tx.promo_codes.of_event(event_id))

    return store.read(read)
