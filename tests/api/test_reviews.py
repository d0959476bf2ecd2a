"""Reviews: attendees only, once, after the event started; figures kept right."""

from __future__ import annotations

import pytest


@pytest.fixture
def attended(people, clock):
    alice, bob, carol, dave = people(4)
    event = alice.create_event(clock, capacity=2)
    for guest in (bob, carol):
        assert guest.post("/registrations", json={"event_id": event["id"]}).status_code == 201
    dave.post("/registrations", json={"event_id": event["id"], "waitlist": True})
    return event, alice, bob, carol, dave


def test_review_before_the_event_is_refused(attended):
    event, _, bob, *_ = attended
    response = bob.post("/reviews", json={"event_id": event["id"], "rating": 5})
    assert response.status_code == 409 and response.get_json()["code"] == "event_not_started"


def test_attendees_review_once_and_figures_follow(attended, clock):
    event, alice, bob, carol, dave = attended
    clock.advance(days=8)
    first = bob.post("/reviews", json={"event_id": event["id"], "rating": 5, "comment": " Great "})
    assert first.status_code == 201
    review = first.get_json()
    assert review["username"] == bob.username and review["comment"] == "Great"
    clock.advance(minutes=1)
    assert carol.post("/reviews", json={"event_id": event["id"], "rating": 2}).status_code == 201
    again = bob.post("/reviews", json={"event_id": event["id"], "rating": 1})
    assert again.status_code == 409 and again.get_json()["code"] == "already_reviewed"
    # waitlisted and the organizer did not attend
    for outsider, code in ((dave, "not_an_attendee"), (alice, "own_event")):
        refused = outsider.post("/reviews", json={"event_id": event["id"], "rating": 4})
        assert refused.status_code == 403 and refused.get_json()["code"] == code
    shown = alice.get(f"/events/{event['id']}").get_json()
    assert shown["review_count"] == 2 and shown["rating_avg"] == 3.5
    listed = dave.get(f"/events/{event['id']}/reviews").get_json()
    assert [r["rating"] for r in listed["items"]] == [2, 5]  # newest first


def test_cancelled_ticket_cannot_review(attended, clock):
    event, _, bob, *_ = attended
    mine = bob.get("/registrations").get_json()["items"][0]
    bob.delete(f"/registrations/{mine['id']}")
    clock.advance(days=8)
    assert bob.post("/reviews", json={"event_id": event["id"], "rating": 3}).status_code == 403


@pytest.mark.parametrize("body", [
    {"rating": 0}, {"rating": 6}, {"rating": "5"}, {"rating": 4.5}, {"comment": "x" * 2001},
    {"user_id": "someone"}, {"rating": None},
])
def test_review_validation(attended, clock, body):
    event, _, bob, *_ = attended
    clock.advance(days=8)
    response = bob.post("/reviews", json={"event_id": event["id"], "rating": 4, **body})
    assert response.status_code == 422, body


def test_review_of_missing_event_is_404(people):
    (bob,) = people(1)
    assert bob.post("/reviews", json={"event_id": "missing", "rating": 4}).status_code == 404
