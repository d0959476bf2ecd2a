"""Quotas: how often one account may do a thing, counted in the store in the transaction that
does it (so they hold across threads, workers and instances, and a refused or failed action
costs nothing). Each is a fixed window: the count starts at the first use and runs out with the
window. The numbers are product rules, chosen so that a person using the product never meets
them and a script filling everyone's pages does (docs/api.md, "Limits")."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.domain.errors import TooManyAttempts
from app.domain.models import WindowCounter
from app.domain.ports import Transaction


@dataclass(frozen=True)
class Quota:
    name: str  # part of the counter's key
    limit: int
    window: timedelta
    refusal: str  # the sentence that refuses one more, with {limit} in it


# An organizer publishing a season's programme creates a few dozen events in one sitting; a
# script creating hundreds a second is stopped at the first of these.
EVENTS_PER_BURST = Quota("events-burst", 30, timedelta(minutes=10),
                         "at most {limit} events created in 10 minutes; try again later")
EVENTS_PER_DAY = Quota("events-day", 200, timedelta(days=1),
                       "at most {limit} events created in a day; try again later")
REVIEWS_PER_HOUR = Quota("reviews-hour", 20, timedelta(hours=1),
                         "at most {limit} reviews written in an hour; try again later")
# Seats held for payment, across events, counted per ticket: a hold lasts 30 minutes by default,
# so this bounds how many seats one account can keep from everyone else at once (at most twice
# this): two of the largest orders (app/domain/offers.py, MAX_PER_ORDER).
HOLDS_PER_HALF_HOUR = Quota("holds", 20, timedelta(minutes=30),
                            "at most {limit} seats held for payment in 30 minutes; try again later")
# Taking a place at one event again after cancelling it (a hold cancelled and re-taken to keep
# a seat from others for ever): new registrations per account and event.
REGISTRATIONS_PER_EVENT = Quota("registrations", 5, timedelta(hours=1),
                                "at most {limit} registrations for one event in an hour; try again later")


def _counter(tx: Transaction, quota: Quota, subject: str, now: datetime) -> WindowCounter:
    key = f"quota:{quota.name}:{subject}"
    counter = tx.counters.get(key)
    if counter is None or now >= counter.expires_at:
        return WindowCounter(key=key, count=0, expires_at=now + quota.window)
    return counter


def take(tx: Transaction, quota: Quota, subject: str, now: datetime, uses: int = 1) -> None:
    """Count `uses` of `quota` by `subject` (an account id, or an account and an event), or
    refuse them all with TooManyAttempts when the window has fewer left."""
    counter = _counter(tx, quota, subject, now)
    if counter.count + uses > quota.limit:
        wait = max(1, math.ceil((counter.expires_at - now).total_seconds()))
        raise TooManyAttempts(quota.refusal, retry_after=wait, limit=quota.limit)
    counter.count += uses
    tx.counters.put(counter)
