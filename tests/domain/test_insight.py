"""What the reviews say (app/domain/insight.py): tone by text in English and by rating otherwise,
the rating distribution, and the terms that set the praised apart from the criticised."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain import insight, registrations, reviews
from app.domain.errors import Forbidden
from app.domain.insight import Tone, themes, tone_of
from app.domain.models import Review, User
from tests.support.records import T0, put

HOLD = timedelta(minutes=30)


def review(rating: int, comment: str) -> Review:
    return Review(id="r", event_id="e", user_id="u", username="u", rating=rating, comment=comment,
                  created_at=T0)


def test_english_text_is_judged_by_its_words_and_other_text_by_its_rating():
    assert tone_of(review(5, "The sound was awful and the staff were rude.")) == (Tone.NEGATIVE, True)
    assert tone_of(review(2, "What a wonderful, friendly and fun evening!")) == (Tone.POSITIVE, True)
    assert tone_of(review(5, "Отличный концерт, всем советую прийти")) == (Tone.POSITIVE, False)
    assert tone_of(review(1, "Ужасный звук и очень долгая очередь")) == (Tone.NEGATIVE, False)
    assert tone_of(review(3, "ok")) == (Tone.NEUTRAL, False)  # too short to tell
    assert tone_of(review(4, "")) == (Tone.POSITIVE, False)


def test_themes_set_the_praised_apart_from_the_criticised_with_a_sentence_each():
    high = ["The band was brilliant. Great band, great night.", "Loved the band and the venue."]
    low = ["The queue was endless. We waited an hour.", "Terrible queue at the door, cold drinks."]
    praised, criticised = themes(high, low)
    assert praised[0].term == "band" and praised[0].example == "The band was brilliant."
    assert criticised[0].term == "queue" and criticised[0].example == "The queue was endless."
    assert {t.term for t in praised}.isdisjoint({t.term for t in criticised})
    assert themes([], []) == ([], []) and themes(["the a an"], []) == ([], [])  # only stop words


def test_an_events_insight_counts_ratings_and_tones_for_its_organizer_only(store, make_event, clock):
    event = make_event("olga", capacity=5, starts_at=clock.now + timedelta(hours=1))
    said = {"ada": (5, "Brilliant band and a lovely crowd."), "bob": (1, "Awful sound, endless queue."),
            "cyd": (4, "Прекрасный вечер, спасибо организаторам"), "dee": (3, "")}
    for person in said:
        put(store, User(id=person, email=f"{person}@example.com", username=person, first_name=person,
                        last_name="T", created_at=T0, updated_at=T0))
        registrations.register(store, person, event.id, False, clock.now, HOLD)
    clock.advance(hours=2)
    for person, (rating, comment) in said.items():
        reviews.create_review(store, person, event.id, rating, comment, clock.now)
    found = insight.event_insight(store, "olga", event.id)
    assert found.reviews == 4 and found.ratings == {1: 1, 2: 0, 3: 1, 4: 1, 5: 1}
    assert found.tones == {Tone.POSITIVE: 2, Tone.NEUTRAL: 1, Tone.NEGATIVE: 1}
    assert found.judged_by_text == 2  # the two English comments
    assert found.praised and found.criticised
    with pytest.raises(Forbidden):
        insight.event_insight(store, "ada", event.id)


def test_insight_across_an_organizers_events_reads_every_one_of_their_reviews(store, make_event, clock):
    first = make_event("olga", capacity=5, starts_at=clock.now + timedelta(hours=1))
    second = make_event("olga", capacity=5, starts_at=clock.now + timedelta(hours=2))
    other = make_event("oleg", capacity=5, starts_at=clock.now + timedelta(hours=1))
    for person in ("ada", "bob"):
        put(store, User(id=person, email=f"{person}@example.com", username=person, first_name=person,
                        last_name="T", created_at=T0, updated_at=T0))
        for e in (first, second, other):
            registrations.register(store, person, e.id, False, clock.now, HOLD)
    clock.advance(hours=3)
    for e, rating in ((first, 5), (second, 1), (other, 4)):
        for person in ("ada", "bob"):
            reviews.create_review(store, person, e.id, rating, "", clock.now)
    found = insight.organizer_insight(store, "olga", clock.now)
    assert found.reviews == 4 and found.ratings == {1: 2, 2: 0, 3: 0, 4: 0, 5: 2}  # not oleg's
    assert insight.organizer_insight(store, "ada", clock.now).reviews == 0
