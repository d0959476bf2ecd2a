"""How the Firestore adapter spreads seats over counters (app/store/firestore/seat_counters.py),
on its own: no counter ever holds more than its capacity, and the counters add up."""

from __future__ import annotations

from dataclasses import replace

from app.store.firestore import seat_counters as sc
from tests.support.records import event


def test_small_events_keep_one_counter_and_large_ones_get_more():
    assert [sc.counters_for(c) for c in (0, 1, sc.SEATS_PER_COUNTER)] == [1, 1, 1]
    assert sc.counters_for(sc.SEATS_PER_COUNTER + 1) == 2
    assert sc.counters_for(sc.SEATS_PER_COUNTER * sc.MAX_COUNTERS * 10) == sc.MAX_COUNTERS


def test_seats_are_shared_as_evenly_as_whole_seats_go():
    assert sc.share(10, 3) == [4, 3, 3]
    assert sc.share(2, 3) == [1, 1, 0]
    assert sum(sc.share(1003, 20)) == 1003


def _check(after, whole):
    assert sum(c["capacity"] for c in after.values()) == whole.capacity
    for key in sc.SEAT_COUNTS:
        assert sum(c[key] for c in after.values()) == getattr(whole, key), key
    assert all(0 <= sc.taken(c) <= c["capacity"] for c in after.values())


def test_a_capacity_raise_that_promotes_puts_the_new_seats_on_the_whole_event_counter():
    before = {0: sc.counter(5, confirmed_count=5), 1: sc.counter(5, confirmed_count=5)}
    raised = replace(event(capacity=13), confirmed_count=12)  # two promoted on the whole event
    after = sc.spread(raised, before, 2, reshare=True)
    _check(after, raised)
    assert after[sc.WHOLE_EVENT_COUNTER]["confirmed_count"] == 7  # where the promoted are recorded


def test_cancelling_the_whole_event_takes_seats_back_from_counters_that_hold_them():
    before = {0: sc.counter(5, confirmed_count=5), 1: sc.counter(5, confirmed_count=2, held_count=1)}
    cancelled = replace(event(capacity=10), confirmed_count=0, held_count=0)
    after = sc.spread(cancelled, before, 2, reshare=False)
    _check(after, cancelled)
    assert [sc.taken(c) for c in after.values()] == [0, 0]


def test_going_from_one_counter_to_three_keeps_every_seat_on_the_counter_that_records_it():
    grown = replace(event(capacity=3 * sc.SEATS_PER_COUNTER), confirmed_count=30, paid_amount=900)
    after = sc.spread(grown, {}, 3, reshare=True)  # one counter: the document held the counts
    _check(after, grown)
    assert after[sc.WHOLE_EVENT_COUNTER]["confirmed_count"] == 30
