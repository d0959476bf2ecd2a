"""Check-in at the door: the organizer turns a valid ticket into an attendance, once."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from app.domain import messages as m
from app.domain.errors import AlreadyCheckedIn, EventCancelled, NotFound, TicketNotValid
from app.domain.events import owned_event
from app.domain.models import CONFIRMED, SCHEDULED, Registration, RegistrationStatus
from app.domain.ports import Store, Transaction
from app.domain.sentences import N_

# why a registration that is not a confirmed ticket does not get in, said at the door
_NOT_A_TICKET = {
    RegistrationStatus.CANCELLED: N_("this ticket was cancelled"),
    RegistrationStatus.WAITLISTED: N_("this is a place on the waitlist, not a ticket"),
    RegistrationStatus.PENDING_PAYMENT: N_("this seat is not paid for yet"),
}


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
            raise TicketNotValid(_NOT_A_TICKET.get(registration.status))
        if registration.checked_in_at is not None:
            raise AlreadyCheckedIn()
        used = replace(registration, checked_in_at=now, updated_at=now)
        tx.registrations.update(used)
        tx.emit(m.new_message(m.TICKET_CHECKED_IN, actor_id, now, event_id=event_id,
                              registration_id=used.id, user_id=used.user_id,
                              organizer_id=event.organizer_id, title=event.title))
        return used

    return store.run(apply)
