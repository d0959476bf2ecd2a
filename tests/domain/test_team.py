"""An event's team (app/domain/team.py): invited by mail, joined with the link once, each role
held to its tasks, removed at once; on SQLite and the Firestore emulator."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from app.domain import checkin, dashboard, errors, events, exports, mailing, registrations, team
from app.domain.letters import LetterKind
from app.domain.message_data import LetterDue
from app.domain.models import User
from app.domain.roles import Role
from tests.conftest import HOLD, SECRET
from tests.support.races import race

pytestmark = pytest.mark.parametrize("any_store", ["sqlite", "firestore"], indirect=True)


def _person(store, user_id, now):
    store.run(lambda tx: tx.users.add(User(id=user_id, email=f"{user_id}@example.com", username=user_id,
                                           first_name=user_id.title(), last_name="Tester", created_at=now,
                                           updated_at=now)))


def _event(store, now, **fields):
    values = {"title": "Gala", "description": "", "starts_at": now + timedelta(days=7), "ends_at": None,
              "timezone": "UTC", "location": "Hall A", "capacity": 5, "price": 0, "currency": "KZT", **fields}
    return events.create_event(store, "olga", values, now)


def _link_token(store, invitation, now):
    """The token of the link the invitation's mail carries, as the mail handler writes it."""
    due = LetterDue(kind=LetterKind.TEAM_INVITATION, cause_id="cause", user_id=invitation.invited_by,
                    event_id=invitation.event_id, invitation_id=invitation.id)
    letter = store.read(lambda tx: mailing.letter_of(tx, due, SECRET, now))
    if letter is None:
        return None
    assert letter.to.email == invitation.email and letter.role == invitation.role
    return parse_qs(urlsplit(letter.link).query)["token"][0]


def test_a_door_member_checks_in_by_name_without_emails_and_nothing_more(any_store, clock):
    store, now = any_store, clock.now
    for who in ("olga", "dora", "gus"):
        _person(store, who, now)
    event = _event(store, now)
    invitation = team.invite(store, "olga", event.id, "dora@example.com", "door", now)
    member = team.join(store, SECRET, "dora", _link_token(store, invitation, now), now)[1]
    assert (member.role, team.my_role(store, "dora", event.id)) == (Role.DOOR, Role.DOOR)
    ticket = registrations.register(store, "gus", event.id, False, now, hold_for=HOLD)
    listed = events.list_attendees(store, "dora", event.id, 20, None).items
    assert [t.id for t in listed] == [ticket.id] and listed[0].attendee_email == ""
    assert [a.name for a in checkin.find(store, "dora", event.id, "gus", 20)] == ["Gus Tester"]
    assert checkin.check_in(store, "dora", event.id, now, ticket_code=ticket.ticket_code).checked_in_at == now
    for refused in (lambda: dashboard.dashboard(store, "dora", event.id),
                    lambda: exports.attendee_rows(store, "dora", event.id),
                    lambda: events.update_event(store, "dora", event.id, {"title": "Mine"}, now, HOLD),
                    lambda: team.invite(store, "dora", event.id, "x@example.com", "door", now)):
        with pytest.raises(errors.Forbidden):
            refused()
    assert team.my_teams(store, "dora", 20, None).items[0][1].id == event.id


def test_a_manager_runs_the_event_but_neither_cancels_it_nor_chooses_its_team(any_store, clock):
    store, now = any_store, clock.now
    _person(store, "olga", now)
    event = _event(store, now)
    invitation = team.invite(store, "olga", event.id, "max@example.com", "manager", now)
    team.join(store, SECRET, "max", _link_token(store, invitation, now), now)
    changed = events.update_event(store, "max", event.id, {"title": "Gala night"}, now, HOLD)
    assert changed.title == "Gala night"
    assert dashboard.dashboard(store, "max", event.id).event.id == event.id
    registrations.register(store, "gus", event.id, False, now, hold_for=HOLD)
    assert events.list_attendees(store, "max", event.id, 20, None).items[0].user_id == "gus"
    with pytest.raises(errors.Forbidden):
        events.cancel_event(store, "max", event.id, now)
    with pytest.raises(errors.Forbidden):
        team.roster(store, "max", event.id)
    with pytest.raises(errors.Forbidden):
        team.remove(store, "max", event.id, "olga", now)


def test_removal_takes_effect_at_once_and_a_member_may_leave(any_store, clock):
    store, now = any_store, clock.now
    _person(store, "olga", now)
    event = _event(store, now)
    for who in ("dora", "ida"):
        invitation = team.invite(store, "olga", event.id, f"{who}@example.com", "door", now)
        team.join(store, SECRET, who, _link_token(store, invitation, now), now)
    team.remove(store, "olga", event.id, "dora", now)
    with pytest.raises(errors.Forbidden):
        events.list_attendees(store, "dora", event.id, 20, None)
    with pytest.raises(errors.Forbidden):
        team.remove(store, "ida", event.id, "olga", now)  # only themselves
    team.remove(store, "ida", event.id, "ida", now)
    assert team.roster(store, "olga", event.id).members == []
    with pytest.raises(errors.NotFound):
        team.remove(store, "olga", event.id, "ida", now)


def test_a_link_works_once_until_it_runs_out_is_withdrawn_or_replaced(any_store, clock):
    store, now = any_store, clock.now
    _person(store, "olga", now)
    event = _event(store, now)
    first = team.invite(store, "olga", event.id, "dora@example.com", "door", now)
    token = _link_token(store, first, now)
    again = team.invite(store, "olga", event.id, "DORA@example.com", "manager", now)  # replaces the first
    with pytest.raises(errors.BadLink):
        team.join(store, SECRET, "dora", token, now)
    assert _link_token(store, first, now) is None  # its mail, still on the bus, is not sent
    assert [i.id for i in team.roster(store, "olga", event.id).invitations] == [again.id]
    token = _link_token(store, again, now)
    assert team.join(store, SECRET, "dora", token, now)[1].role == Role.MANAGER
    with pytest.raises(errors.BadLink):
        team.join(store, SECRET, "eve", token, now)  # used: a forwarded copy takes nothing
    late = team.invite(store, "olga", event.id, "late@example.com", "door", now)
    late_token = _link_token(store, late, now)
    with pytest.raises(errors.BadLink):
        team.join(store, SECRET, "late", late_token, now + timedelta(days=7))
    gone = team.invite(store, "olga", event.id, "gone@example.com", "door", now)
    gone_token = _link_token(store, gone, now)
    team.withdraw(store, "olga", event.id, gone.id)
    with pytest.raises(errors.BadLink):
        team.join(store, SECRET, "gone", gone_token, now)
    with pytest.raises(errors.Conflict):
        team.join(store, SECRET, "olga", late_token, now)  # the organizer is on it already


def test_a_team_is_bounded_and_only_for_an_event_that_goes_ahead(any_store, clock):
    store, now = any_store, clock.now
    event = _event(store, now)
    for i in range(team.MAX_TEAM):
        team.invite(store, "olga", event.id, f"p{i}@example.com", "door", now)
    with pytest.raises(errors.TeamFull):
        team.invite(store, "olga", event.id, "one-more@example.com", "door", now)
    team.invite(store, "olga", event.id, "p0@example.com", "manager", now)  # a new link, not a new place
    with pytest.raises(errors.Invalid):
        team.invite(store, "olga", event.id, "x@example.com", "owner", now)
    events.cancel_event(store, "olga", event.id, now)
    with pytest.raises(errors.EventCancelled):
        team.invite(store, "olga", event.id, "x@example.com", "door", now)


def test_one_link_taken_by_many_at_once_seats_one_member(any_store, clock):
    store, now = any_store, clock.now
    _person(store, "olga", now)
    event = _event(store, now)
    token = _link_token(store, team.invite(store, "olga", event.id, "crew@example.com", "door", now), now)
    def take(i):
        try:
            return team.join(store, SECRET, f"p{i}", token, now)
        except errors.BadLink as exc:
            return exc.code

    results = race(12, take)
    assert sum(not isinstance(r, str) for r in results) == 1
    assert set(r for r in results if isinstance(r, str)) == {"bad_link"}
    assert len(team.roster(store, "olga", event.id).members) == 1


def test_an_organizer_sends_at_most_100_invitations_a_day(any_store, clock):
    store, now = any_store, clock.now
    events_ = [_event(store, now).id for _ in range(3)]  # a team holds 50: the quota spans events
    for i in range(team.INVITATIONS_PER_DAY.limit):
        team.invite(store, "olga", events_[i % 3], f"p{i}@example.com", "door", now)
    with pytest.raises(errors.TooManyAttempts):
        team.invite(store, "olga", events_[0], "one-more@example.com", "door", now + timedelta(hours=23))
    assert team.invite(store, "olga", events_[0], "next-day@example.com", "door",
                       now + timedelta(days=1, seconds=1)).email == "next-day@example.com"
