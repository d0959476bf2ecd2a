"""Turnout forecasts (app/domain/turnout.py): shrinkage toward the platform's rate, intervals that
cover on synthetic data, final sales from past curves, and only for the organizer."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from app.domain import recommendations, registrations, turnout
from app.domain.errors import Forbidden
from app.domain.models import CONFIRMED, Registration
from app.domain.taste import Norms
from tests.support.records import T0, event, put

HOLD = timedelta(minutes=30)


def past(rate: float, tickets: int = 20, days_ago: float = 10, organizer: str = "olga"):
    starts = T0 - timedelta(days=days_ago)
    return (organizer, starts,
            [(starts - timedelta(days=1 + i % 20), i < rate * tickets) for i in range(tickets)])


def test_with_no_history_the_platforms_rate_and_with_a_long_one_their_own():
    norms = Norms(rate=0.8, rate_sd=0.1, events=50, within_sd=0.1)
    rate, none = turnout.check_ins(100, [], norms)
    assert rate == pytest.approx(0.8) and none.expected == 80.0 and none.low < 80 < none.high <= 100
    rate, _ = turnout.check_ins(100, [0.4], norms)
    assert rate == pytest.approx(0.6)  # as sure of one event as of the platform: half way
    rate, many = turnout.check_ins(100, [0.4] * 30, norms)
    assert 0.4 < rate < 0.42
    assert many.high - many.low < none.high - none.low  # knowing more, a narrower interval


def test_the_check_in_interval_covers_about_eight_in_ten_on_synthetic_organizers():
    rng = random.Random(7)
    history = [[past(min(max(rng.gauss(mean, 0.05), 0), 1), tickets=100, organizer=str(o)) for _ in range(4)]
               for o, mean in enumerate(rng.gauss(0.75, 0.12) for _ in range(60))]
    norms = turnout.norms_of([p for events in history for p in events])
    assert norms.within_sd == pytest.approx(0.05, abs=0.02) and norms.rate_sd == pytest.approx(0.12, abs=0.04)
    covered, trials = 0, 400
    for _ in range(trials):
        own_rate = min(max(rng.gauss(0.75, 0.12), 0.05), 0.99)
        history = [min(max(rng.gauss(own_rate, 0.05), 0), 1) for _ in range(rng.randint(0, 8))]
        sold = rng.randint(20, 200)
        this_time = min(max(rng.gauss(own_rate, 0.05), 0), 1)
        actual = sum(rng.random() < this_time for _ in range(sold))
        _, interval = turnout.check_ins(sold, history, norms)
        covered += interval.low <= actual <= interval.high
    assert 0.72 <= covered / trials <= 0.88


def test_final_sales_divide_todays_tickets_by_the_share_past_events_had_sold_by_now():
    curve = {"7": [0.4, 0.5, 0.6], "14": [0.2, 0.3, 0.4]}
    interval, share = turnout.final_sales(30, 100, 7.4, curve)
    assert share == 0.5 and interval.expected == 60.0 and interval.low == 50.0 and interval.high == 75.0
    interval, _ = turnout.final_sales(30, 40, 13, curve)  # never above capacity
    assert interval.expected == interval.high == 40.0
    assert turnout.final_sales(0, 100, 7, curve) is None  # nothing sold: nothing to scale
    assert turnout.final_sales(5, 100, 7, {}) is None


def test_norms_and_shares_come_from_past_events_with_enough_tickets():
    found = turnout.norms_of([past(0.5), past(0.9), ("olga", T0, [(T0, True)])])  # the last: one ticket
    assert found.events == 2 and found.rate == pytest.approx(0.7)
    shares = turnout.shares([past(0.5)])  # tickets sold 1 to 20 days before
    assert shares[0] == [1.0] and shares[90] == [0.0] and shares[10] == [0.55]


def test_an_events_forecast_learns_from_the_organizers_past_events(store, make_event, clock):
    ticket = 0
    for days_ago, rate in ((30, 0.5), (60, 0.5)):
        old = event("olga", days=-days_ago, capacity=50)
        put(store, old)
        for i in range(10):
            ticket += 1
            bought = old.starts_at - timedelta(days=3 + 7 * (i % 2))
            put(store, Registration(id=f"r{ticket}", event_id=old.id, user_id=f"p{ticket}", status=CONFIRMED,
                                    ticket_code=f"c{ticket}", created_at=bought,
                                    updated_at=T0, checked_in_at=old.starts_at if i < rate * 10 else None))
    coming = make_event("olga", capacity=10)
    for who in ("ada", "bob"):
        registrations.register(store, who, coming.id, False, clock.now, HOLD)
    recommendations.rebuild(store, clock.now)  # the platform's norms
    found = turnout.forecast(store, "olga", coming.id, clock.now)
    assert found.tickets == 2 and found.history == 2
    assert found.rate == pytest.approx(0.5)  # the platform is olga alone here
    assert found.check_ins.expected == 1.0
    assert found.final_sales.expected == 4.0  # half the tickets were sold a week before
    assert "your last 2 events averaged 50%" in str(found.explanation[0])
    with pytest.raises(Forbidden):
        turnout.forecast(store, "ada", coming.id, clock.now)
