"""Events (app/domain/events.py), called directly: times, the capacity rule, cancellation and
search."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain import errors, events, registrations
from app.domain.models import CONFIRMED
from tests.conftest import HOLD

CANCELLED = "cancelled"  # a state of an event, a registration and a payment alike


def test_an_event_starts_in_the_future_and_ends_after_it_starts(store, clock, make_event):
    with pytest.raises(errors.Invalid) as past:
        make_event(starts_at=clock.now)
    assert past.value.field == "starts_at"
    with pytest.raises(errors.Invalid) as backwards:
        make_event(ends_at=clock.now + timedelta(days=6))
    assert backwards.value.field == "ends_at"


def test_only_the_organizer_changes_or_cancels(store, clock, make_event):
    event = make_event()
    with pytest.raises(errors.Forbidden):
        events.update_event(store, "gus", event.id, {"title": "Mine now"}, clock.now, hold_for=HOLD)
    with pytest.raises(errors.Forbidden):
        events.cancel_event(store, "gus", event.id, clock.now)


def test_capacity_cannot_go_below_confirmed_and_raising_it_promotes(store, clock, make_event):
    event = make_event(capacity=1)
    registrations.register(store, "a", event.id, False, clock.now, hold_for=HOLD)
    waiting = []
    for who in "bc":
        clock.advance(seconds=1)  # first come, first served
        waiting.append(registrations.register(store, who, event.id, True, clock.now, hold_for=HOLD))
    with pytest.raises(errors.CapacityBelowConfirmed):
        events.update_event(store, "olga", event.id, {"capacity": 0}, clock.now, hold_for=HOLD)
    raised = events.update_event(store, "olga", event.id, {"capacity": 2}, clock.now, hold_for=HOLD)
    assert (raised.confirmed_count, raised.waitlist_count) == (2, 1)
    first, _ = registrations.list_own(store, "b", 10, None)
    assert first.items[0].id == waiting[0].id and first.items[0].status == CONFIRMED


def test_cancelling_cancels_every_registration_once(store, clock, make_event):
    event = make_event(capacity=1)
    registrations.register(store, "a", event.id, False, clock.now, hold_for=HOLD)
    registrations.register(store, "b", event.id, True, clock.now, hold_for=HOLD)
    cancelled = events.cancel_event(store, "olga", event.id, clock.now)
    assert (cancelled.status, cancelled.confirmed_count, cancelled.waitlist_count) == (CANCELLED, 0, 0)
    assert {r.status for r in events.list_attendees(store, "olga", event.id, 10, None).items} == {CANCELLED}
    with pytest.raises(errors.EventCancelled):
        events.cancel_event(store, "olga", event.id, clock.now)
    with pytest.raises(errors.EventCancelled):
        events.update_event(store, "olga", event.id, {"title": "Back on"}, clock.now, hold_for=HOLD)


def test_search_resolves_me_and_starts_from_now(store, clock, make_event):
    soon = make_event("olga", starts_at=clock.now + timedelta(days=1))
    later = make_event("gus", starts_at=clock.now + timedelta(days=2))
    everything = events.search_events(store, "olga", events.EventSearch(), clock.now)
    assert [e.id for e in everything.items] == [soon.id, later.id]
    mine = events.search_events(store, "olga", events.EventSearch(organizer="me"), clock.now)
    assert [e.id for e in mine.items] == [soon.id]
    others = events.search_events(store, "olga", events.EventSearch(exclude_mine=True), clock.now)
    assert [e.id for e in others.items] == [later.id]
    clock.advance(days=1, seconds=1)
    assert [e.id for e in events.search_events(store, "olga", events.EventSearch(), clock.now).items] \
        == [later.id]


def test_a_started_event_cannot_be_moved_so_its_sales_stay_closed(store, clock, make_event):
    event = make_event()
    clock.advance(days=7, minutes=1)  # it started a minute ago
    with pytest.raises(errors.EventStarted):
        events.update_event(store, "olga", event.id, {"starts_at": clock.now + timedelta(days=30)},
                            clock.now, hold_for=HOLD)
    with pytest.raises(errors.RegistrationClosed):
        registrations.register(store, "a", event.id, False, clock.now, hold_for=HOLD)
    later = events.update_event(store, "olga", event.id, {"ends_at": clock.now + timedelta(hours=2),
                                                          "location": "Hall B"}, clock.now, hold_for=HOLD)
    assert later.location == "Hall B"  # the rest may still change


@pytest.mark.parametrize(("fields", "field"), [({"capacity": 0}, "capacity"), ({"price": -1}, "price"),
                                               ({"currency": "USN"}, "currency"),
                                               ({"currency": "XTS"}, "currency")])
def test_the_domain_checks_an_events_terms_whoever_calls(make_event, fields, field):
    """Not only the API's schemas: any caller of the domain gets the same refusal."""
    from app.domain.errors import Invalid

    with pytest.raises(Invalid) as refused:
        make_event(**fields)
    assert refused.value.field == field
