"""Check-in at the door: the organizer finds a ticket (by its code, or by name) and turns a valid
one into an attendance, once."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime

from app.domain import messages as m
from app.domain.account_data import holders_of, name_of
from app.domain.errors import AlreadyCheckedIn, EventCancelled, NotFound, TicketNotValid
from app.domain.events import acting, event_for
from app.domain.models import CONFIRMED, PENDING_PAYMENT, SCHEDULED, Registration, RegistrationStatus
from app.domain.ports import Store, Transaction
from app.domain.registrations import every_ticket
from app.domain.roles import Task, as_seen_by
from app.domain.sentences import N_

# why a registration that is not a confirmed ticket does not get in, said at the door
_NOT_A_TICKET = {
    RegistrationStatus.CANCELLED: N_("this ticket was cancelled"),
    RegistrationStatus.WAITLISTED: N_("this is a place on the waitlist, not a ticket"),
    RegistrationStatus.PENDING_PAYMENT: N_("this seat is not paid for yet"),
}


def check_in(store: Store, actor_id: str, event_id: str, now: datetime, *, ticket_code: str | None = None,
             ticket_id: str | None = None) -> Registration:
    """Let a ticket in, found by its code (scanned or typed) or by its id (tapped in the list the
    door found by name, `find`)."""
    def apply(tx: Transaction) -> Registration:
        event = event_for(tx, actor_id, event_id, Task.DOOR)
        registration = (tx.registrations.by_ticket(event_id, ticket_code) if ticket_code is not None
                        else tx.registrations.get(ticket_id or ""))
        if registration is None or registration.event_id != event_id:
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


@dataclass(frozen=True)
class Arrival:
    """A ticket as the door finds it by name: whom it is for."""

    ticket: Registration
    name: str


def _folded(text: str) -> str:
    """Text as a search compares it: any case, accents aside (Zoë is zoe)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def find(store: Store, actor_id: str, event_id: str, text: str, limit: int) -> list[Arrival]:
    """The event's tickets (confirmed or held) whose attendee, or holder, has `text` in their name
    or username, by name: the door checks one in with a tap. Reads every ticket and holder of the
    event (thousands, not tens of thousands)."""
    needle = _folded(text.strip())

    def read(tx: Transaction) -> list[Arrival]:
        _, role = acting(tx, actor_id, event_id, Task.DOOR)
        standing = [t for t in every_ticket(tx, event_id) if t.status in (CONFIRMED, PENDING_PAYMENT)]
        holders = holders_of(tx, standing)
        found = []
        for ticket in standing:
            holder = holders[ticket.user_id]
            name = ticket.attendee_name or name_of(holder)
            said = name if ticket.attendee_name else f"{name} {holder.username if holder else ''}"
            if needle in _folded(said):
                found.append(Arrival(as_seen_by(role, ticket), name))
        return sorted(found, key=lambda a: (_folded(a.name), a.ticket.id))[:limit]

    return store.read(read)
