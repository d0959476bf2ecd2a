"""Who may do what to an event: its organizer and the team they invite (docs/team.md). One table,
`MAY`, says what each role may do; every route that acts on an event asks `may` through
`events.event_for` with the task it needs, and nothing else decides it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from app.domain.models import Event, Registration

if TYPE_CHECKING:  # the store's port names these records: imported for the hints only
    from app.domain.ports import Transaction


class Role(StrEnum):
    OWNER = "owner"  # the organizer: everything
    MANAGER = "manager"  # everything but cancelling the event and choosing its team
    DOOR = "door"  # check-in, and the attendee list by name only


class Task(StrEnum):
    """What a route asks to do with an event."""

    OWN = "own"  # cancel the event; invite, change and remove its team
    MANAGE = "manage"  # change it, sell (types, codes, questions), its figures, exports, attendees' emails
    DOOR = "door"  # find and check in tickets; the attendee list by name


MAY: dict[Role, frozenset[Task]] = {
    Role.OWNER: frozenset(Task),
    Role.MANAGER: frozenset({Task.MANAGE, Task.DOOR}),
    Role.DOOR: frozenset({Task.DOOR}),
}
# the roles an organizer gives (there is one owner: whoever created the event)
TEAM_ROLES = (Role.MANAGER, Role.DOOR)


@dataclass
class Member:
    """Someone who helps run an event, with their role."""

    event_id: str
    user_id: str
    role: Role
    added_by: str
    added_at: datetime

    def __post_init__(self) -> None:
        self.role = Role(self.role)  # a store reads it back as text


@dataclass
class Invitation:
    """A place on an event's team offered to an email address; the mailed link takes it once."""

    id: str
    event_id: str
    email: str
    role: Role
    invited_by: str
    created_at: datetime
    expires_at: datetime

    def __post_init__(self) -> None:
        self.role = Role(self.role)


def role_of(tx: Transaction, event: Event, user_id: str) -> Role | None:
    if event.organizer_id == user_id:
        return Role.OWNER
    member = tx.team.member(event.id, user_id)
    return member.role if member is not None else None


def may(role: Role | None, task: Task) -> bool:
    return role is not None and task in MAY[role]


def as_seen_by(role: Role, ticket: Registration) -> Registration:
    """A ticket as a role sees it: the door has names, not attendees' emails, answers or money
    (its price, discount and code read as none)."""
    if may(role, Task.MANAGE):
        return ticket
    return replace(ticket, attendee_email="", answers={}, price=0, discount=0, promo_code=None)
