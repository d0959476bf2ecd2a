"""Tickets: seats, waitlist, promotion, cancellation, one's own list."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import iso


def _register(person, event_id, **extra):
    return person.post("/registrations", json={"event_id": event_id, **extra})


def test_seats_then_event_full_then_waitlist(people, clock):
    alice, bob, carol, dave = people(4)
    event = alice.create_event(clock, capacity=2)
    first = _register(bob, event["id"])
    assert first.status_code == 201
    ticket = first.get_json()
    assert ticket["status"] == "confirmed" and ticket["user_id"] == bob.uid
    assert len(ticket["ticket_code"]) >= 22  # 128 bits, URL-safe base64
    assert _register(carol, event["id"]).status_code == 201
    full = _register(dave, event["id"])
    assert full.status_code == 409 and full.get_json()["code"] == "event_full"
    waiting = _register(dave, event["id"], waitlist=True)
    assert waiting.status_code == 201 and waiting.get_json()["status"] == "waitlisted"
    shown = alice.get(f"/events/{event['id']}").get_json()
    assert (shown["registered_count"], shown["seats_left"], shown["waitlist_count"]) == (2, 0, 1)


def test_waitlist_flag_with_free_seats_confirms(people, clock):
    alice, bob = people(2)
    event = alice.create_event(clock)
    assert _register(bob, event["id"], waitlist=True).get_json()["status"] == "confirmed"


def test_one_active_registration_per_person(people, clock):
    alice, bob = people(2)
    event = alice.create_event(clock, capacity=1)
    assert _register(bob, event["id"]).status_code == 201
    again = _register(bob, event["id"], waitlist=True)
    assert again.status_code == 409 and again.get_json()["code"] == "already_registered"


def test_user_id_in_body_is_refused_not_trusted(people, clock):
    alice, bob = people(2)
    event = alice.create_event(clock)
    response = _register(bob, event["id"], user_id=alice.uid)
    assert response.status_code == 422
    assert alice.get(f"/events/{event['id']}").get_json()["registered_count"] == 0


def test_cancel_frees_the_seat_and_promotes_the_first_waiting_once(people, clock, bus, drain):
    alice, bob, carol, dave = people(4)
    event = alice.create_event(clock, capacity=1)
    held = _register(bob, event["id"]).get_json()
    clock.advance(seconds=1)
    carol_reg = _register(carol, event["id"], waitlist=True).get_json()
    clock.advance(seconds=1)
    _register(dave, event["id"], waitlist=True)
    assert carol.delete(f"/registrations/{held['id']}").status_code == 403  # not the holder
    cancelled = bob.delete(f"/registrations/{held['id']}")
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    again = bob.delete(f"/registrations/{held['id']}")
    assert again.status_code == 409 and again.get_json()["code"] == "already_cancelled"
    statuses = {r["user_id"]: r["status"] for r in
                alice.get(f"/events/{event['id']}/registrations").get_json()["items"]}
    assert statuses == {bob.uid: "cancelled", carol.uid: "confirmed", dave.uid: "waitlisted"}
    drain()
    promoted = [m for m in bus.messages("user-notifications-topic") if m.type == "registration.promoted"]
    assert [m.data["registration_id"] for m in promoted] == [carol_reg["id"]]
    shown = alice.get(f"/events/{event['id']}").get_json()
    assert (shown["registered_count"], shown["seats_left"], shown["waitlist_count"]) == (1, 0, 1)


def test_cancelling_a_waitlist_place_promotes_nobody(people, clock):
    alice, bob, carol = people(3)
    event = alice.create_event(clock, capacity=1)
    _register(bob, event["id"])
    waiting = _register(carol, event["id"], waitlist=True).get_json()
    assert carol.delete(f"/registrations/{waiting['id']}").status_code == 200
    shown = alice.get(f"/events/{event['id']}").get_json()
    assert (shown["registered_count"], shown["waitlist_count"]) == (1, 0)


def test_register_again_after_cancelling(people, clock):
    alice, bob = people(2)
    event = alice.create_event(clock)
    first = _register(bob, event["id"]).get_json()
    bob.delete(f"/registrations/{first['id']}")
    second = _register(bob, event["id"])
    assert second.status_code == 201 and second.get_json()["ticket_code"] != first["ticket_code"]


def test_no_registration_for_started_missing_or_cancelled_events(people, clock):
    alice, bob = people(2)
    soon = alice.create_event(clock, starts_at=iso(clock.now + timedelta(minutes=30)))
    clock.advance(hours=1)
    late = _register(bob, soon["id"])
    assert late.status_code == 409 and late.get_json()["code"] == "registration_closed"
    assert _register(bob, "doesnotexist").status_code == 404
    assert _register(bob, "bad/id").status_code == 422


def test_own_list_newest_first_with_event_summary(people, clock):
    alice, bob = people(2)
    events = [alice.create_event(clock, title=f"E{i}") for i in range(3)]
    for event in events:
        _register(bob, event["id"])
        clock.advance(minutes=1)
    page = bob.get("/registrations?limit=2").get_json()
    rest = bob.get("/registrations", query_string={"cursor": page["next_cursor"]}).get_json()
    items = page["items"] + rest["items"]
    assert [r["event"]["title"] for r in items] == ["E2", "E1", "E0"]
    assert rest["next_cursor"] is None
    assert alice.get("/registrations").get_json() == {"items": [], "next_cursor": None}


def test_cancel_missing_registration_is_404(people):
    (bob,) = people(1)
    assert bob.delete("/registrations/nope").status_code == 404
