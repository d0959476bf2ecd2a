"""Reviews (app/domain/reviews.py), called directly: confirmed attendees, after the start, once."""

from __future__ import annotations

import pytest

from app.domain import errors, events, registrations, reviews
from tests.conftest import HOLD, fast_auth, new_account


def test_an_attendee_reviews_once_after_the_start_and_the_figures_follow(store, clock, make_event):
    ada = new_account(store, fast_auth(store), "ada@example.com", "correct horse")
    event = make_event()
    registrations.register(store, ada, event.id, False, clock.now, hold_for=HOLD)
    with pytest.raises(errors.EventNotStarted):
        reviews.create_review(store, ada, event.id, 4, "", clock.now)
    clock.advance(days=8)
    review = reviews.create_review(store, ada, event.id, 4, "Good talks", clock.now)
    assert review.username.startswith("ada")
    with pytest.raises(errors.AlreadyReviewed):
        reviews.create_review(store, ada, event.id, 5, "", clock.now)
    shown = events.get_event(store, event.id)
    assert (shown.review_count, shown.rating_avg) == (1, 4.0)
    assert [r.id for r in reviews.list_reviews(store, event.id, 10, None).items] == [review.id]


def test_no_review_without_a_confirmed_ticket(store, clock, make_event):
    event = make_event(capacity=1)
    registrations.register(store, "a", event.id, False, clock.now, hold_for=HOLD)
    registrations.register(store, "b", event.id, True, clock.now, hold_for=HOLD)
    clock.advance(days=8)
    for who in ("b", "nobody"):  # waitlisted, never registered
        with pytest.raises(errors.NotAnAttendee):
            reviews.create_review(store, who, event.id, 5, "", clock.now)
    with pytest.raises(errors.NotFound):
        reviews.list_reviews(store, "missing", 10, None)
