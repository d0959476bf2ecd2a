"""Time: one RFC 3339 UTC format everywhere, and the system clock.

Every decision that depends on the time (a start in the past, a lease, a backoff, a lockout
window, an outbox stamp) asks the `Clock` (app.domain.ports) handed in by the app factory,
never the machine's clock directly, so that tests move time instead of waiting for it and pass
on any date.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.domain.errors import Refused

ZERO = timedelta(0)


def utcnow() -> datetime:
    """The system clock: the `Clock` the app runs on outside tests."""
    return datetime.now(UTC)


# The times the platform accepts: a four-digit year, so that stored text sorts as time does, and
# a margin before year 10000 for anything computed from them (an end, a lease, a window).
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9998, 12, 31, 23, 59, 59, tzinfo=UTC)


def to_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def accepted_utc(value: datetime) -> datetime:
    """`value` in UTC if it lies in the accepted range; ValueError otherwise (an offset can push
    a time at the edge of the calendar past year 1 or 9999, where it has no UTC form at all)."""
    try:
        utc = to_utc(value)
    except OverflowError:
        utc = None
    if utc is None or not EARLIEST <= utc <= LATEST:
        raise Refused("must lie between {earliest} and {latest}", earliest=rfc3339(EARLIEST),
                      latest=rfc3339(LATEST))
    return utc


def sortable(value: datetime) -> str:
    """Fixed width, so that string order is time order (stored keys and cursors)."""
    return to_utc(value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def rfc3339(value: datetime | None) -> str | None:
    """The API's form: `2026-11-24T18:00:00Z`, with a fraction only when there is one."""
    if value is None:
        return None
    if value.utcoffset() != ZERO:  # times read from the stores are UTC already: skip the work
        value = to_utc(value)
    if value.microsecond:
        return value.isoformat(timespec="microseconds")[:-6].rstrip("0") + "Z"
    return value.isoformat(timespec="seconds")[:-6] + "Z"


def parse_sortable(text: str) -> datetime:
    return datetime.fromisoformat(text)
