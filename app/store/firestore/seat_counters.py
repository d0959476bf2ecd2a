"""How the Firestore adapter spreads a large event's seats over several counter documents, so
that a ticket rush does not queue on one document (docs/scaling.md). Pure functions over counts:
tested on their own (tests/store/test_seat_counters.py); the rules never see any of it.

An event with several counters keeps these counts on `events/{id}/seats/{n}`, each counter with
its own share of the capacity; the event's document keeps the rest. A seat is taken from a
counter with room and goes back to the counter it came from; no counter ever holds more than
its share, and the counters add up to the event's counts, so the event is never oversold and is
full exactly when every counter is."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from app.domain.models import Event

SEATS_PER_COUNTER = 50  # an event gets one seat counter per this many seats ...
MAX_COUNTERS = 20  # ... up to this many (docs/scaling.md has the model behind both)

SEAT_COUNTS = ("confirmed_count", "held_count", "paid_count", "paid_amount", "refunded_count",
               "refunded_amount")
Counter = dict[str, int]


def counters_for(capacity: int) -> int:
    """Seat counters for an event of this capacity: one for a small event."""
    return max(1, min(MAX_COUNTERS, -(-capacity // SEATS_PER_COUNTER)))


def counter(capacity: int = 0, **counts: int) -> Counter:
    return {"capacity": capacity, **{key: counts.get(key, 0) for key in SEAT_COUNTS}}


def taken(c: Counter) -> int:
    return c["confirmed_count"] + c["held_count"]


def free(c: Counter) -> int:
    return max(c["capacity"] - taken(c), 0)


def as_counter(event: Event) -> Counter:
    return counter(event.capacity, **{key: getattr(event, key) for key in SEAT_COUNTS})


def with_counts(event: Event, counts: Counter, capacity: int | None = None) -> Event:
    """A copy of `event` with these counts (and capacity)."""
    copy = dataclasses.replace(event)
    for key in SEAT_COUNTS:
        setattr(copy, key, counts[key])
    if capacity is not None:
        copy.capacity = capacity
    return copy


def whole(event: Event, counters: Iterable[Counter]) -> Event:
    """The event with the counts of all its counters added up."""
    counters = list(counters)
    return with_counts(event, {key: sum(c[key] for c in counters) for key in SEAT_COUNTS})


def share(seats: int, counters: int) -> list[int]:
    """`seats` shared out as evenly as whole seats go."""
    each, extra = divmod(seats, counters)
    return [each + (1 if n < extra else 0) for n in range(counters)]


# Seats taken on the whole event (the waitlist promoted when the capacity grows) are counted
# here; the adapter records this counter on the registrations they go to.
WHOLE_EVENT_COUNTER = 0


def spread(event: Event, before: Mapping[int, Counter], count: int, reshare: bool) -> dict[int, Counter]:
    """The counters after a change made on the whole `event`: each count moved so they add up to
    the event's, seats taken back from counters that hold them and new ones put on
    `WHOLE_EVENT_COUNTER`; with `reshare` (the capacity or the number of counters changed), or
    when seats were added, the free seats are shared out evenly again. No counter ever holds
    more seats than its own capacity."""
    after = {n: dict(before.get(n) or counter()) for n in range(count)}
    for key in SEAT_COUNTS:
        delta = getattr(event, key) - sum(c[key] for c in after.values())
        if key not in ("confirmed_count", "held_count"):
            after[WHOLE_EVENT_COUNTER][key] += delta  # figures: only their sum means anything
            continue
        while delta < 0:  # seats given back on the whole event (cancelling it)
            n = max(after, key=lambda k: after[k][key])
            after[n][key] -= 1
            delta += 1
        if delta > 0:
            after[WHOLE_EVENT_COUNTER][key] += delta
            reshare = True  # that counter's capacity is made to fit
    if reshare:
        spare = share(max(event.capacity - sum(taken(c) for c in after.values()), 0), count)
        for n, c in after.items():
            c["capacity"] = taken(c) + spare[n]
    return after
