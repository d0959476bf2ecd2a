"""Event figures kept from the bus: when an event first sold out (and telling its organizer).

Seat counts themselves are never changed here: they are exact in the registration transaction
(app/domain/seats.py). What is kept here is derived, and the same whatever order, and however
often, the messages arrive."""

from __future__ import annotations

from dataclasses import replace

from app.domain import messages as m
from app.domain.message_data import (
    MessageData,
    PaymentPaid,
    RegistrationChanged,
    RegistrationPromoted,
)
from app.domain.models import CONFIRMED, Message
from app.domain.notifications import notify
from app.domain.ports import Transaction


def record_sell_out(tx: Transaction, message: Message, data: MessageData) -> None:
    """change-event-capacity: record when an event first sold out and tell its organizer.
    `sold_out_at` is the earliest sell-out seen, so any delivery order gives the same result, and
    the notification's key is fixed per event, so it is stored once."""
    sale = _sale(message, data)
    if sale is None or not sale.sold_out:  # `sold_out` is exact when the change committed
        return
    event = tx.events.get(sale.event_id)
    if event is None:
        return
    if event.sold_out_at is None or message.occurred_at < event.sold_out_at:
        tx.events.update(replace(event, sold_out_at=message.occurred_at))
    notify(tx, message, event.organizer_id, "sold_out", f"{event.title} is sold out", event.id,
           key=f"sold-out:{event.id}")


Sale = PaymentPaid | RegistrationChanged | RegistrationPromoted


def _sale(message: Message, data: MessageData) -> Sale | None:
    """The message's data when it sold a seat (a confirmed one: a hold is not a sale yet)."""
    if isinstance(data, PaymentPaid):
        return data
    if isinstance(data, RegistrationChanged) and message.type == m.REGISTRATION_CONFIRMED:
        return data
    if isinstance(data, RegistrationPromoted) and data.status == CONFIRMED:
        return data
    return None
