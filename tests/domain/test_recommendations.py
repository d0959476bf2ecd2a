"""For you, similar events and "not interested" (app/domain/recommendations.py) on a small
community in a real store: what the ranking must leave out, reasons that are true, the bus keeping
co-attendance, and personalisation turned off forgetting a person."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from app.domain import handling, recommendations, registrations
from app.domain import messages as m
from app.domain.errors import NotFound
from app.domain.message_data import parse
from app.domain.models import CONFIRMED, EventStatus, Registration, User, Visibility
from app.domain.recommender import ReasonKind
from app.domain.taste import PersonTaste
from tests.support.records import T0, event, put

HOLD = timedelta(minutes=30)


def person(name: str, **over) -> User:
    return User(id=name, email=f"{name}@example.com", username=name, first_name=name, last_name="T",
                created_at=T0, updated_at=T0, **over)


def went(store, who: str, event_id: str, checked_in: bool = True) -> None:
    put(store, Registration(id=f"{who}-{event_id}", event_id=event_id, user_id=who, status=CONFIRMED,
                            ticket_code=f"c-{who}-{event_id}", created_at=T0 - timedelta(days=40),
                            updated_at=T0, checked_in_at=T0 - timedelta(days=30) if checked_in else None))


@pytest.fixture
def town(store, clock):
    """Ada went to Jazz night in Almaty; Bob and Cyd went too and are going to Blues evening."""
    put(store, *(person(n) for n in ("ada", "bob", "cyd", "dee", "olga", "oleg", "ivan")),
        person("tess", interest_categories=["tech"]))
    jazz = event("olga", days=-30, title="Jazz night", description="live jazz quartet, saxophone and piano",
                 location="Abay Opera House, Almaty", category="music", tags=["jazz"])
    blues = event("oleg", days=10, title="Blues evening", description="blues band with guitar and harmonica",
                  location="Old Square, Almaty", category="music", tags=["blues"])
    talk = event("ivan", days=12, title="Data science talk", description="machine learning with python",
                 location="Astana Hub, Astana", category="tech", tags=["python"])
    chess = event("ivan", days=14, title="Chess club", description="rapid chess tournament",
                  location="Astana", category="games")
    put(store, jazz, blues, talk, chess)
    for who in ("ada", "bob", "cyd"):
        went(store, who, jazz.id)
    for who in ("bob", "cyd"):
        registrations.register(store, who, blues.id, False, clock.now - timedelta(days=1), HOLD)
    registrations.register(store, "dee", talk.id, False, clock.now - timedelta(days=2), HOLD)
    return {"jazz": jazz, "blues": blues, "talk": talk, "chess": chess}


def ranked(store, clock, who: str, limit: int = 10):
    return recommendations.recommended(store, who, limit, clock.now)


def test_for_you_ranks_what_people_who_went_where_you_went_are_going_to_first(store, clock, town):
    recommendations.rebuild(store, clock.now)
    picks = ranked(store, clock, "ada")
    assert picks[0].event.id == town["blues"].id
    assert picks[0].reason.kind == ReasonKind.WENT and picks[0].reason.about == "Jazz night"
    assert str(picks[0].reason.text) == "Because you went to Jazz night"
    assert town["jazz"].id not in [p.event.id for p in picks]  # past


def test_for_you_leaves_out_held_organised_hidden_unlisted_cancelled_and_started(store, clock, town):
    own = event("ada", days=3, title="Ada's jazz jam", category="music")
    unlisted = event("oleg", days=3, title="Secret jazz", category="music", visibility=Visibility.UNLISTED)
    gone = event("oleg", days=3, title="Cancelled jazz", category="music", status=EventStatus.CANCELLED)
    soon = event("oleg", days=0.5, title="Jazz brunch", category="music")
    put(store, own, unlisted, gone, soon)
    recommendations.rebuild(store, clock.now)
    registrations.register(store, "ada", town["talk"].id, False, clock.now, HOLD)  # the bus has not told
    recommendations.not_interested(store, "ada", town["chess"].id)
    recommendations.not_interested(store, "ada", town["chess"].id)  # again: nothing more
    clock.advance(hours=13)  # the brunch has started
    shown = {p.event.id for p in ranked(store, clock, "ada")}
    assert shown == {town["blues"].id}
    assert store.read(lambda tx: tx.tastes.person("ada")).hidden == [town["chess"].id]
    with pytest.raises(NotFound):
        recommendations.not_interested(store, "ada", "no-such-event")


def test_a_newcomer_gets_their_interests_then_what_is_popular(store, clock, town):
    recommendations.rebuild(store, clock.now)
    picks = ranked(store, clock, "tess")  # follows tech, has been nowhere
    assert picks[0].event.id == town["talk"].id
    assert picks[0].reason.kind == ReasonKind.INTEREST and str(picks[0].reason.text) == "You follow tech"
    assert {p.event.id for p in picks} == {town["blues"].id, town["talk"].id, town["chess"].id}
    reasons = {p.event.id: p.reason.kind for p in picks[1:]}
    assert reasons == {town["blues"].id: ReasonKind.POPULAR, town["chess"].id: ReasonKind.SOON}  # nobody yet


def test_popular_near_you_names_a_city_of_your_own_recent_events(store, clock, town):
    recommendations.rebuild(store, clock.now)
    reasons = {p.event.id: p.reason for p in ranked(store, clock, "ada")}
    ada = store.read(lambda tx: tx.tastes.person("ada"))
    assert ada.cities == ["almaty"]
    near = [r for r in reasons.values() if r.kind == ReasonKind.POPULAR_NEAR]
    assert all(r.about == "almaty" for r in near)
    assert reasons[town["chess"].id].kind != ReasonKind.POPULAR_NEAR  # Astana, and nobody is going


def test_one_organizers_events_take_at_most_two_places(store, clock, town):
    many = [event("ivan", days=5 + i, title=f"Jazz session {i}", category="music", tags=["jazz"])
            for i in range(5)]
    put(store, *many)
    recommendations.rebuild(store, clock.now)
    organizers = [p.event.organizer_id for p in ranked(store, clock, "ada")]
    assert organizers.count("ivan") == 2


def test_turning_personalisation_off_gives_the_popular_list_and_forgets_at_the_rebuild(store, clock, town):
    recommendations.rebuild(store, clock.now)
    store.run(lambda tx: tx.users.update(replace(tx.users.get("bob"), personalised=False)))
    assert {p.reason.kind for p in ranked(store, clock, "bob")} <= {ReasonKind.POPULAR, ReasonKind.SOON}
    recommendations.rebuild(store, clock.now)
    assert store.read(lambda tx: tx.tastes.person("bob")) is None
    jazz = store.read(lambda tx: tx.tastes.items([town["jazz"].id]))[town["jazz"].id]
    assert jazz.going == 2 and jazz.co == {town["blues"].id: 1}  # Cyd's alone now, not Bob's


def test_the_bus_counts_a_registration_once_and_a_cancellation_takes_it_back(store, clock, town, bus):
    recommendations.rebuild(store, clock.now)
    registration = registrations.register(store, "ada", town["blues"].id, False, clock.now, HOLD)
    confirmed = bus_message(store, m.REGISTRATION_CONFIRMED, registration)
    for _ in range(2):  # a redelivery under another id (at least once) changes nothing more
        store.run(lambda tx: recommendations.learn(tx, confirmed, parse(confirmed)))
    items = store.read(lambda tx: tx.tastes.items([town["jazz"].id, town["blues"].id]))
    assert items[town["jazz"].id].co[town["blues"].id] == 3 and items[town["blues"].id].going == 3
    assert list(store.read(lambda tx: tx.tastes.person("ada")).went)[-1] == town["blues"].id
    registrations.cancel(store, "ada", registration.id, clock.now, HOLD)
    store.run(lambda tx: recommendations.learn(tx, confirmed, parse(confirmed)))  # late: reads the truth
    items = store.read(lambda tx: tx.tastes.items([town["jazz"].id]))
    assert items[town["jazz"].id].co[town["blues"].id] == 2
    assert town["blues"].id not in store.read(lambda tx: tx.tastes.person("ada")).went


def bus_message(store, kind: str, registration: Registration):
    event_ = store.read(lambda tx: tx.events.get(registration.event_id))
    return m.new_message(kind, registration.user_id, T0, event_id=event_.id, organizer_id=event_.organizer_id,
                         title=event_.title, registration_id=registration.id, user_id=registration.user_id,
                         status=registration.status, sold_out=False)


def test_the_recommendations_subscription_applies_each_message_once(store, clock, town):
    registration = registrations.register(store, "ada", town["talk"].id, False, clock.now, HOLD)
    message = bus_message(store, m.REGISTRATION_CONFIRMED, registration)
    outside = handling.Outside(audit=None, payments=None, mailer=None, secret="s")  # type: ignore[arg-type]
    assert handling.handle(store, outside, m.RECOMMENDATIONS, "sub", message, clock.now)
    assert not handling.handle(store, outside, m.RECOMMENDATIONS, "sub", message, clock.now)
    talk = store.read(lambda tx: tx.tastes.items([town["talk"].id]))[town["talk"].id]
    assert talk.going == 1 and talk.vector == []  # known by the bus until a rebuild gives it content


def test_similar_events_are_near_in_content_or_shared_by_their_people(store, clock, town):
    recommendations.rebuild(store, clock.now)
    similar = [e.id for e in recommendations.similar(store, town["jazz"].id, 5, clock.now)]
    assert similar[0] == town["blues"].id and town["jazz"].id not in similar
    assert recommendations.similar(store, town["blues"].id, 5, clock.now)
    with pytest.raises(NotFound):
        recommendations.similar(store, "no-such-event", 5, clock.now)


def test_a_rebuild_is_due_again_after_ten_times_its_own_length_between_a_minute_and_an_hour(
        store, clock, town):
    assert recommendations.claim_rebuild(store, clock.now)  # never rebuilt: due, and now claimed
    assert not recommendations.claim_rebuild(store, clock.now)  # another worker: it is taken
    quick = iter([0.0, 0.05]).__next__  # a rebuild of 50 ms: again after a minute
    assert recommendations.rebuild(store, clock.now, quick).events == 4
    assert not recommendations.claim_rebuild(store, clock.now + timedelta(seconds=59))
    assert recommendations.claim_rebuild(store, clock.now + timedelta(seconds=61))
    slow = iter([0.0, 200.0]).__next__  # 200 s: again after 2,000 s
    recommendations.rebuild(store, clock.now, slow)
    assert not recommendations.claim_rebuild(store, clock.now + timedelta(seconds=1999))
    assert recommendations.claim_rebuild(store, clock.now + timedelta(seconds=2001))
    # a claim whose rebuild never finished (its process died) lapses after an hour
    assert not recommendations.claim_rebuild(store, clock.now + timedelta(seconds=2001 + 3599))
    assert recommendations.claim_rebuild(store, clock.now + timedelta(seconds=2001 + 3601))


def test_a_rebuild_keeps_what_a_person_hid_meanwhile(store, clock, town):
    store.run(lambda tx: tx.tastes.put_person(PersonTaste("ada", hidden=[town["chess"].id])))
    recommendations.rebuild(store, clock.now)
    assert store.read(lambda tx: tx.tastes.person("ada")).hidden == [town["chess"].id]
