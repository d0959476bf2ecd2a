"""Check-in at the door: the organizer turns a valid ticket into an attendance, once."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from app.domain import messages as m
from app.domain.errors import AlreadyCheckedIn, EventCancelled, NotFound, TicketNotValid
from app.domain.events import owned_event
from app.domain.models import CONFIRMED, SCHEDULED, Registration
from app.domain.ports import Store, Transaction


def check_in(store: Store, actor_id: str, event_id: str, ticket_code: str,
             now: datetime) -> Registration:
    def apply(tx: Transaction) -> Registration:
        event = owned_event(tx, actor_id, event_id)
        registration = tx.registrations.by_ticket(event_id, ticket_code)
        if registration is None:
            raise NotFound("no ticket with this code for this event")
        if event.status != SCHEDULED:
            raise EventCancelled()
        if registration.status != CONFIRMED:
            raise TicketNotValid(f"this ticket is {registration.status}")
        if registration.checked_in_at is not None:
            raise AlreadyCheckedIn()
        used = replace(registration, checked_in_at=now, updated_at=now)
        tx.registrations.update(used)
        tx.emit(m.new_message(m.TICKET_CHECKED_IN, actor_id, now, event_id=event_id,
                              registration_id=used.id, user_id=used.user_id,
                              organizer_id=event.organizer_id, title=event.title))
        return used

    return store.run(apply)
