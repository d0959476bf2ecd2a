"""The team that runs an event with its organizer (docs/team.md): places offered by mail, taken
through the mailed link by whoever signs in with it, changed and ended by the organizer. What a
role may do is app/domain/roles.py."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from app.domain import links, quotas
from app.domain import messages as m
from app.domain.errors import BadLink, Conflict, EventCancelled, Forbidden, Invalid, NotFound, TeamFull
from app.domain.events import event_for, load_event
from app.domain.ids import new_id
from app.domain.models import SCHEDULED, Event, Page
from app.domain.ports import Store, Transaction
from app.domain.roles import TEAM_ROLES, Invitation, Member, Role, Task, role_of

# members and open invitations together: a crew at the door and a few managers, not a mailing list
MAX_TEAM = 50
INVITATIONS_PER_DAY = quotas.Quota("team-invitations", 100, timedelta(days=1),
                                   "at most {limit} team invitations in a day; try again later")


@dataclass(frozen=True)
class Roster:
    event: Event
    members: list[Member]
    invitations: list[Invitation]


def roster(store: Store, actor_id: str, event_id: str) -> Roster:
    def read(tx: Transaction) -> Roster:
        event = event_for(tx, actor_id, event_id, Task.OWN)
        return Roster(event, tx.team.members(event_id), tx.team.invitations(event_id))

    return store.read(read)


def _a_team_role(role: str) -> Role:
    """A role an organizer gives: not `owner` (an event has one, who created it)."""
    if role not in TEAM_ROLES:
        raise Invalid("role", "must be one of {roles}", roles=", ".join(TEAM_ROLES))
    return Role(role)


def invite(store: Store, actor_id: str, event_id: str, email: str, role: str, now: datetime) -> Invitation:
    """Offer a place on the team to an address; the link goes by mail (a new invitation of the
    same address replaces the one before, whose link then no longer works)."""
    chosen = _a_team_role(role)

    def apply(tx: Transaction) -> Invitation:
        event = event_for(tx, actor_id, event_id, Task.OWN)
        if event.status != SCHEDULED:
            raise EventCancelled()
        open_ones = tx.team.invitations(event_id)
        replaced = [i for i in open_ones if i.email.lower() == email.lower()]
        if len(tx.team.members(event_id)) + len(open_ones) - len(replaced) >= MAX_TEAM:
            raise TeamFull(n=MAX_TEAM)
        quotas.take(tx, INVITATIONS_PER_DAY, actor_id, now)
        for old in replaced:
            tx.team.delete_invitation(old.id)
        invitation = Invitation(id=new_id(), event_id=event_id, email=email, role=chosen, invited_by=actor_id,
                                created_at=now, expires_at=now + links.INVITATION_LIFETIME)
        tx.team.put_invitation(invitation)
        tx.emit(m.new_message(m.TEAM_INVITED, actor_id, now, **m.about_event(event),
                              invitation_id=invitation.id, role=chosen))
        return invitation

    return store.run(apply)


def withdraw(store: Store, actor_id: str, event_id: str, invitation_id: str) -> None:
    def apply(tx: Transaction) -> None:
        event_for(tx, actor_id, event_id, Task.OWN)
        invitation = tx.team.invitation(invitation_id)
        if invitation is None or invitation.event_id != event_id:
            raise NotFound("no such invitation")
        tx.team.delete_invitation(invitation_id)

    store.run(apply)


def join(store: Store, secret: str, user_id: str, token: str, now: datetime) -> tuple[Event, Member]:
    """Take the place the mailed link offers, as the signed-in person (the link is the proof that
    its reader was invited; it works once)."""
    claims = links.unseal(secret, links.Purpose.TEAM_INVITATION, token, now)

    def apply(tx: Transaction) -> tuple[Event, Member]:
        invitation = tx.team.invitation(str(claims.get("i", "")))
        if invitation is None or now >= invitation.expires_at:
            raise BadLink("this invitation was withdrawn, used already or ran out: ask for a new one")
        event = load_event(tx, invitation.event_id)
        if event.status != SCHEDULED:
            raise EventCancelled()
        if event.organizer_id == user_id:
            raise Conflict("you organize this event already")
        member = Member(event_id=event.id, user_id=user_id, role=invitation.role,
                        added_by=invitation.invited_by, added_at=now)
        tx.team.put_member(member)  # joining again (with a new link) takes the new role
        tx.team.delete_invitation(invitation.id)
        tx.emit(m.new_message(m.TEAM_JOINED, user_id, now, **m.about_event(event), user_id=user_id,
                              role=member.role))
        return event, member

    return store.run(apply)


def change_role(store: Store, actor_id: str, event_id: str, user_id: str, role: str) -> Member:
    chosen = _a_team_role(role)

    def apply(tx: Transaction) -> Member:
        event_for(tx, actor_id, event_id, Task.OWN)
        member = tx.team.member(event_id, user_id)
        if member is None:
            raise NotFound("this person is not on the event's team")
        member = replace(member, role=chosen)
        tx.team.put_member(member)
        return member

    return store.run(apply)


def remove(store: Store, actor_id: str, event_id: str, user_id: str, now: datetime) -> None:
    """The organizer takes someone off the team, or a member leaves it. It takes effect at once:
    their next request is refused, and their open pages are told through their live stream."""
    def apply(tx: Transaction) -> None:
        leaving = actor_id == user_id
        event = load_event(tx, event_id) if leaving else event_for(tx, actor_id, event_id, Task.OWN)
        if tx.team.member(event_id, user_id) is None:
            raise NotFound("this person is not on the event's team")
        tx.team.remove_member(event_id, user_id)
        tx.emit(m.new_message(m.TEAM_LEFT, actor_id, now, **m.about_event(event), user_id=user_id))

    store.run(apply)


def my_role(store: Store, user_id: str, event_id: str) -> Role:
    """The caller's role on the event; Forbidden when they have none."""
    def read(tx: Transaction) -> Role:
        role = role_of(tx, load_event(tx, event_id), user_id)
        if role is None:
            raise Forbidden("you are not on this event's team")
        return role

    return store.read(read)


def my_teams(store: Store, user_id: str, limit: int, cursor: str | None) -> Page[tuple[Member, Event]]:
    """The events the person helps run, with their role, the newest place first."""
    def read(tx: Transaction) -> Page[tuple[Member, Event]]:
        page = tx.team.memberships(user_id, limit, cursor)
        events = tx.events.brief([mb.event_id for mb in page.items])
        pairs = [(mb, events[mb.event_id]) for mb in page.items if mb.event_id in events]
        return Page(pairs, page.next_cursor)

    return store.read(read)
