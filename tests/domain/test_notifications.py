"""Who is told what (app/domain/notifications.py): each action's notifications, through the
embedded bus and the real push route."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain import messages as m
from app.domain import notifications
from app.domain.errors import TooManyStreams
from app.domain.ids import new_id
from app.domain.message_data import parse
from app.domain.models import Notification
from tests.conftest import sign_up
from tests.stack import kinds, notifications_of


def test_the_right_people_are_told(local, clock):
    olga, gus, wendy = (sign_up(local.client, n) for n in ("olga", "gus", "wendy"))
    event = olga.create_event(clock, capacity=1)
    ticket = gus.post("/registrations", json={"event_id": event["id"]}).get_json()
    wendy.post("/registrations", json={"event_id": event["id"], "waitlist": True})
    gus.delete(f"/registrations/{ticket['id']}")  # wendy is promoted
    olga.patch(f"/events/{event['id']}", json={"location": "Hall B"})
    clock.advance(days=8)
    wendy.post("/reviews", json={"event_id": event["id"], "rating": 5})
    local.drain()
    assert kinds(olga) == sorted(["welcome", "attendee_registered", "attendee_waitlisted",
                                  "attendee_cancelled", "review_received", "sold_out"])
    assert kinds(gus) == sorted(["welcome", "ticket_confirmed"])  # told of their own ticket
    assert kinds(wendy) == sorted(["welcome", "promoted", "event_updated"])
    review_note = next(n for n in notifications_of(olga) if n["kind"] == "review_received")
    assert review_note["message"] == "wendy reviewed Tech meetup (5/5)"
    assert review_note["event_id"] == event["id"]
    shown = olga.get(f"/events/{event['id']}").get_json()
    assert shown["sold_out_at"] == "2026-11-24T12:00:00Z"
    # every action reached the audit function, once
    audited = [line["type"] for line in local.audit.lines]
    assert sorted(audited) == sorted(["user.registered"] * 3 + [
        "event.created", "registration.confirmed", "registration.waitlisted",
        "registration.promoted", "registration.cancelled", "event.updated", "review.created"])
    assert len({line["id"] for line in local.audit.lines}) == len(audited)
    assert local.bus.dead_letters() == []
    # and by mail: wendy's ticket once promoted, then the new place; gus had cancelled before
    # the bus got to his ticket's mail, which is then no longer true and never goes; and each
    # of the three the link to confirm their address
    assert sorted((str(mail["To"]), str(mail["Subject"])) for mail in local.mails()) == sorted([
        *((f"{name.title()} Tester <{name}@example.com>", "Confirm your address for Events")
          for name in ("olga", "gus", "wendy")),
        ("Wendy Tester <wendy@example.com>", "Changed: Tech meetup"),
        ("Wendy Tester <wendy@example.com>", "Your ticket: Tech meetup")])


def test_an_attendee_is_told_of_their_ticket_and_its_check_in(local, clock):
    olga, gus = (sign_up(local.client) for _ in range(2))
    event = olga.create_event(clock, capacity=3)
    ticket = gus.post("/registrations", json={"event_id": event["id"]}).get_json()
    local.drain()
    assert olga.post(f"/events/{event['id']}/check-in",
                     json={"ticket_code": ticket["ticket_code"]}).status_code == 200
    local.drain()
    told = {n["kind"]: n for n in notifications_of(gus)}
    assert told["ticket_confirmed"]["message"] == "Your ticket to Tech meetup is confirmed"
    assert told["checked_in"]["message"].startswith("Your ticket to Tech meetup was checked in")
    assert told["checked_in"]["event_id"] == event["id"]
    assert "checked_in" not in kinds(olga)  # the organizer did it: nothing to tell them


def test_cancelled_event_tells_every_attendee(local, clock):
    olga, gus, wendy = (sign_up(local.client) for _ in range(3))
    event = olga.create_event(clock, capacity=1)
    gus.post("/registrations", json={"event_id": event["id"]})
    wendy.post("/registrations", json={"event_id": event["id"], "waitlist": True})
    olga.delete(f"/events/{event['id']}")
    local.drain()
    for person in (gus, wendy):
        cancelled = [n for n in notifications_of(person) if n["kind"] == "event_cancelled"]
        assert len(cancelled) == 1 and cancelled[0]["message"] == "Tech meetup was cancelled"


def _registered(event, user_id, at):
    return m.new_message(m.REGISTRATION_CONFIRMED, user_id, at, event_id=event.id, user_id=user_id,
                         registration_id=f"r-{user_id}",
                         organizer_id=event.organizer_id, title=event.title, sold_out=False)


def _notes(store, user_id):
    return store.read(lambda tx: tx.notifications.page(user_id, False, 10, None)).items


def test_one_message_is_one_notification_however_often_it_is_applied(store, clock, make_event):
    event = make_event()
    message = _registered(event, "gus", clock.now)
    for _ in range(3):
        store.run(lambda tx: notifications.notify_people(tx, message, parse(message)))
    (note,) = _notes(store, "olga")
    assert (note.kind, note.message) == ("attendee_registered", "Someone registered for Tech meetup")
    assert note.created_at == clock.now  # dated when it happened, not when it was delivered


def test_an_organizer_is_not_told_of_their_own_registration_only_of_their_ticket(store, clock,
                                                                                  make_event):
    event = make_event()
    message = _registered(event, "olga", clock.now)
    store.run(lambda tx: notifications.notify_people(tx, message, parse(message)))
    assert [n.kind for n in _notes(store, "olga")] == ["ticket_confirmed"]


def test_a_person_may_hold_only_so_many_streams_across_workers(store, clock):
    now = clock()
    until = now + timedelta(seconds=55)
    for i in range(3):
        notifications.open_stream(store, "ada", f"s{i}", now, until, per_person=3)
    with pytest.raises(TooManyStreams) as refused:
        notifications.open_stream(store, "ada", "s3", now, until, per_person=3)
    assert refused.value.retry_after == 55 and refused.value.code == "too_many_streams"
    notifications.open_stream(store, "bob", "b0", now, until, per_person=3)  # others are not capped
    notifications.close_stream(store, "s0")
    notifications.open_stream(store, "ada", "s3", now, until, per_person=3)  # a closed one frees
    # a worker that died never closed its streams: each ends by itself at its `until`
    notifications.open_stream(store, "ada", "s4", until, until + timedelta(seconds=55), per_person=3)


def test_the_feed_of_everyone_tells_who_was_notified_since(store, clock):
    start = notifications.feed_position(store)
    assert notifications.recipients_after(store, start) == (start, set(), False)
    for user in ("ada", "bob", "ada"):
        store.run(lambda tx, u=user: tx.notifications.add(Notification(
            id=new_id(), user_id=u, kind="welcome", message="hi", event_id=None, created_at=clock())))
    position, people, more = notifications.recipients_after(store, start)
    assert people == {"ada", "bob"} and more is False
    assert notifications.recipients_after(store, position) == (position, set(), False)


def _store_notes(store, clock, user_id: str, n: int, chunk: int = 200) -> None:
    notes = [Notification(id=new_id(), user_id=user_id, kind="welcome", message=str(i), event_id=None,
                          created_at=clock.now) for i in range(n)]
    for start in range(0, n, chunk):
        store.run(lambda tx, part=notes[start:start + chunk]: [tx.notifications.add(x) for x in part])


def test_mark_all_read_marks_every_one_past_a_transactions_limit(any_store, clock):
    total = notifications.MARK_BATCH * 2 + 7  # three transactions; Firestore takes 500 writes in one
    _store_notes(any_store, clock, "u1", total)
    _store_notes(any_store, clock, "u2", 3)
    assert notifications.mark_all_read(any_store, "u1", clock.now) == total
    unread = any_store.read(lambda tx: tx.notifications.page("u1", True, 10, None))
    assert unread.items == []
    others = any_store.read(lambda tx: tx.notifications.page("u2", True, 10, None))
    assert len(others.items) == 3  # nobody else's


def test_a_stream_misses_nothing_stored_while_it_reads(any_store, clock):
    """Positions are gap-free: a reader that follows them while writers store sees every one."""
    import threading

    written, seen, done = 120, [], threading.Event()

    def write(part: int) -> None:
        for i in range(written // 3):
            note = Notification(id=f"w{part}-{i}", user_id="u1", kind="welcome", message="x",
                                event_id=None, created_at=clock.now)
            any_store.run(lambda tx, note=note: tx.notifications.add(note))

    def follow() -> None:
        position = "0"
        while True:
            finished = done.is_set()  # read once more after the writers finished
            batch = notifications.stored_after(any_store, "u1", position)
            seen.extend((int(at), note.id) for at, note in batch)
            position = batch[-1][0] if batch else position
            if finished:
                return

    reader = threading.Thread(target=follow)
    reader.start()
    writers = [threading.Thread(target=write, args=(k,)) for k in range(3)]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    done.set()
    reader.join()
    positions = [p for p, _ in seen]
    assert positions == sorted(positions) and len(set(positions)) == written
    assert len({note_id for _, note_id in seen}) == written
