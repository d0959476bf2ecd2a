"""Who may do what to an event (app/domain/roles.py): the one table every route asks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.domain.models import Registration
from app.domain.roles import MAY, Role, Task, as_seen_by, may


@pytest.mark.parametrize(("role", "allowed"), [
    (Role.OWNER, {Task.OWN, Task.MANAGE, Task.DOOR}),
    (Role.MANAGER, {Task.MANAGE, Task.DOOR}),
    (Role.DOOR, {Task.DOOR}),
    (None, set()),
])
def test_each_role_may_do_its_tasks_and_no_other(role, allowed):
    assert {task for task in Task if may(role, task)} == allowed


def test_every_role_is_in_the_table():
    assert set(MAY) == set(Role)


def test_the_door_sees_names_not_emails_answers_or_money():
    at = datetime(2026, 11, 24, tzinfo=UTC)
    ticket = Registration(id="r", event_id="e", user_id="u", status="confirmed", created_at=at, updated_at=at,
                          ticket_code="c", attendee_name="Noa", attendee_email="noa@example.com",
                          answers={"q": "vegetarian"}, price=5000, discount=500, promo_code="HALF")
    seen = as_seen_by(Role.DOOR, ticket)
    assert (seen.attendee_name, seen.attendee_email, seen.answers) == ("Noa", "", {})
    assert (seen.price, seen.discount, seen.promo_code) == (0, 0, None)
    assert as_seen_by(Role.MANAGER, ticket) == ticket and ticket.attendee_email == "noa@example.com"
