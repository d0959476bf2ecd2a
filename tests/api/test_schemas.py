"""Request models (app/api/schemas.py): the time parser, fuzzed; hostile values refused with 422."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from app.api.schemas import EventsQuery
from app.timeutil import EARLIEST, LATEST

OFFSETS = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes)))


def _parse(text: str) -> datetime | None:
    try:
        return EventsQuery.model_validate({"from": text}).starts_from
    except ValidationError:
        return None


@settings(max_examples=500, deadline=None)
@given(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)), OFFSETS)
def test_any_aware_time_is_accepted_in_utc_or_refused_never_crashes(naive, offset):
    text = naive.replace(tzinfo=offset).isoformat()
    parsed = _parse(text)
    if parsed is not None:
        assert parsed.tzinfo == UTC and EARLIEST <= parsed <= LATEST
        assert parsed == naive.replace(tzinfo=offset)
    else:  # refused only where it has no UTC form in range
        try:
            utc = naive.replace(tzinfo=offset).astimezone(UTC)
        except OverflowError:
            return
        assert not EARLIEST <= utc <= LATEST


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_text_is_a_time_or_a_validation_error(text):
    _parse(text)  # raises anything but ValidationError: the test fails


@pytest.mark.parametrize("text", ["0001-01-01T00:00:00+00:01", "9999-12-31T23:59:59-00:01",
                                  "0999-06-01T00:00:00Z", "1969-12-31T23:59:59Z"])
def test_times_outside_the_range_are_refused(text):
    assert _parse(text) is None


def test_the_edges_of_the_range_are_accepted():
    assert _parse("1970-01-01T00:00:00Z") == EARLIEST
    assert _parse("9998-12-31T23:59:59Z") == LATEST
