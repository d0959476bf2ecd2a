"""Every state change hands a domain event to the bus, through the outbox, on the right topics."""

from __future__ import annotations

from app.domain.message_data import parse
from app.domain.messages import topics_for


def test_each_action_publishes_its_event(people, clock, bus, store, drain):
    alice, bob, carol = people(3)
    event = alice.create_event(clock, capacity=1)
    alice.patch(f"/events/{event['id']}", json={"title": "Renamed"})
    alice.patch("/profile", json={"first_name": "Al"})
    ticket = bob.post("/registrations", json={"event_id": event["id"]}).get_json()
    carol.post("/registrations", json={"event_id": event["id"], "waitlist": True})
    bob.delete(f"/registrations/{ticket['id']}")
    carol_ticket = carol.get("/registrations").get_json()["items"][0]["ticket_code"]
    alice.post(f"/events/{event['id']}/check-in", json={"ticket_code": carol_ticket})
    clock.advance(days=8)
    carol.post("/reviews", json={"event_id": event["id"], "rating": 4})
    assert bus.messages() == []  # nothing leaves before the relay runs
    drain()
    audit = [m.type for m in bus.messages("notification-topic")]
    assert audit == ["user.registered"] * 3 + [
        "event.created", "event.updated", "profile.updated", "registration.confirmed",
        "registration.waitlisted", "registration.promoted", "registration.cancelled",
        "registration.checked_in", "review.created"]
    assert all(parse(message) for message in bus.messages("notification-topic"))  # each fits its type
    # nothing is left behind in the outbox once relayed
    assert store.outbox.claim(clock.now, 30, 100) == []
    promoted = next(m for m in bus.messages("user-notifications-topic") if m.type == "registration.promoted")
    assert promoted.data["user_id"] == carol.uid and promoted.actor_id == bob.uid
    cancelled = next(m for m in bus.messages("change-event-capacity-topic")
                     if m.type == "registration.cancelled")
    assert cancelled.data == {"registration_id": ticket["id"], "user_id": bob.uid, "was": "confirmed",
                              "sold_out": True, "event_id": event["id"], "organizer_id": alice.uid,
                              "title": "Renamed"}


def test_failed_requests_publish_nothing(people, clock, bus, drain):
    alice, bob = people(2)
    event = alice.create_event(clock, capacity=1)
    drain()
    before = len(bus.messages())
    bob.post("/registrations", json={"event_id": event["id"], "user_id": "x"})  # 422
    bob.patch(f"/events/{event['id']}", json={"title": "x"})  # 403
    drain()
    assert len(bus.messages()) == before


def test_routing_follows_the_design_topics():
    assert topics_for("user.registered") == ["users-registration", "notification"]
    # the attendee is told; the recommender learns they went
    assert topics_for("registration.checked_in") == ["notification", "user-notifications", "recommendations"]
    assert "change-event-capacity" in topics_for("registration.confirmed")
    assert "mail" in topics_for("registration.confirmed")  # a ticket is mailed
    assert topics_for("mail.letter_due") == ["mail"]  # plumbing: never audited as an action
