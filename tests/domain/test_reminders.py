"""The reminder the day before (app/domain/reminders.py): once per event and start, on the app's
clock, to confirmed attendees who want it; through the real bus into the Maildir."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from app.domain import reminders
from tests.conftest import iso, sign_up
from tests.stack import LocalStack


@pytest.fixture
def stack(tmp_path, store, clock):
    return LocalStack(tmp_path, store, clock)


def reminded(stack: LocalStack) -> list[str]:
    stack.drain()
    return sorted(str(m["To"]).split("<")[1].rstrip(">") for m in stack.mails()
                  if str(m["Subject"]).startswith("Tomorrow: "))


def test_confirmed_attendees_are_reminded_once_the_day_before(stack, clock):
    olga, ada, bob, cyd, dee = (sign_up(stack.client, n) for n in ("olga", "ada", "bob", "cyd", "dee"))
    event = olga.create_event(clock, capacity=2, title="Jazz")  # in 7 days
    for person in (ada, bob):
        person.post("/registrations", json={"event_id": event["id"]})
    cyd.post("/registrations", json={"event_id": event["id"], "waitlist": True})  # no ticket
    bob.patch("/profile", json={"mail_reminders": False})
    dee_ticket = dee.post("/registrations", json={"event_id": event["id"], "waitlist": True}).get_json()
    dee.delete(f"/registrations/{dee_ticket['id']}")
    assert reminders.send_due(stack.store, clock.now) == 0  # a week ahead: not yet
    clock.advance(days=6, minutes=1)  # 23 h 59 min before the start
    assert reminders.send_due(stack.store, clock.now) == 1
    assert reminders.send_due(stack.store, clock.now) == 0  # once
    assert reminded(stack) == ["ada@example.com"]
    (mail,) = [m for m in stack.mails() if str(m["Subject"]) == "Tomorrow: Jazz"]
    assert mail["List-Unsubscribe"] and "cid:" in mail.get_body(("html",)).get_content()  # type: ignore[union-attr]


def test_an_event_moved_to_another_day_is_reminded_again_before_its_new_start(stack, clock):
    olga, ada = sign_up(stack.client, "olga"), sign_up(stack.client, "ada")
    event = olga.create_event(clock, capacity=2, title="Jazz")
    ada.post("/registrations", json={"event_id": event["id"]})
    clock.advance(days=6, hours=1)
    assert reminders.send_due(stack.store, clock.now) == 1
    olga.patch(f"/events/{event['id']}", json={"starts_at": iso(clock.now + timedelta(days=3))})
    assert reminders.send_due(stack.store, clock.now) == 0
    clock.advance(days=2, hours=1)
    assert reminders.send_due(stack.store, clock.now) == 1
    assert reminded(stack) == ["ada@example.com", "ada@example.com"]


def test_a_cancelled_or_last_minute_event_is_not_reminded(stack, clock):
    olga, ada = sign_up(stack.client, "olga"), sign_up(stack.client, "ada")
    cancelled = olga.create_event(clock, capacity=2, title="Off")
    soon = olga.create_event(clock, capacity=2, title="Soon", starts_at=iso(clock.now + timedelta(hours=5)))
    for event in (cancelled, soon):
        ada.post("/registrations", json={"event_id": event["id"]})
    olga.delete(f"/events/{cancelled['id']}")
    clock.advance(days=6, hours=1)
    assert reminders.send_due(stack.store, clock.now) == 0
    assert reminded(stack) == []


def test_sweeps_running_at_once_remind_once(stack, clock):
    olga, ada = sign_up(stack.client, "olga"), sign_up(stack.client, "ada")
    events = [olga.create_event(clock, capacity=2, title=f"Jazz {i}") for i in range(5)]
    for event in events:
        ada.post("/registrations", json={"event_id": event["id"]})
    clock.advance(days=6, hours=1)
    with ThreadPoolExecutor(4) as pool:
        counts = list(pool.map(lambda _: reminders.send_due(stack.store, clock.now), range(8)))
    assert sum(counts) == 5
    assert reminded(stack) == ["ada@example.com"] * 5


def test_a_sweep_reminds_at_most_its_limit_and_the_next_takes_the_rest(stack, clock):
    olga, ada = sign_up(stack.client, "olga"), sign_up(stack.client, "ada")
    for i in range(3):
        event = olga.create_event(clock, capacity=2, title=f"Jazz {i}")
        ada.post("/registrations", json={"event_id": event["id"]})
    clock.advance(days=6, hours=1)
    assert reminders.send_due(stack.store, clock.now, limit=2) == 2
    assert reminders.send_due(stack.store, clock.now, limit=2) == 1
