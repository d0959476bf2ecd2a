"""Request models (app/api/schemas.py): the time parser, fuzzed; hostile values refused with 422."""

from __future__ import annotations

import json
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


def _event(**fields):
    from app.api.schemas import EventIn

    body = {"title": "T", "starts_at": "2030-01-01T10:00:00Z", "capacity": 1, **fields}
    return EventIn.model_validate_json(json.dumps(body))  # as the API parses: JSON, strict


@pytest.mark.parametrize("fields", [
    {"title": "Free\u202eeerf"}, {"title": "a\x00b"}, {"title": "two\nlines"}, {"location": "Hall\u2066A"},
    {"description": "bell\x07"}, {"description": "\u200fhidden"},
    {"timezone": "Factory"}, {"timezone": "localtime"}, {"timezone": "posixrules"},
    {"currency": "XXX"}, {"currency": "XTS"}, {"currency": "XAU"},
    # fund and special codes ISO 4217 lists but no provider charges
    *({"currency": code} for code in ("USN", "BOV", "CHE", "CHW", "COU", "MXV", "UYI", "CLF", "UYW")),
    # invisible and format characters: one rule for every text field
    *({"title": f"a{char}b"} for char in ("\u200b", "\u00ad", "\u2028", "\u2029", "\ufff9",
                                          "\U000e0041", "\uffff", "\ue000", "\U000f0000",
                                          "\ufdd0", "\ufeff")),
    {"description": "para\u2029graph"}, {"location": "\u2060Hall"},
    # RFC 3339 only
    {"starts_at": "1900000000"}, {"starts_at": "2030-01-01"}, {"starts_at": "2030-01-01T10:00:00"},
    {"starts_at": "2030-02-30T10:00:00Z"}, {"ends_at": "1900000000.5"},
])
def test_text_that_hides_what_it_says_and_non_places_and_non_money_are_refused(fields):
    with pytest.raises(ValidationError) as refused:
        _event(**fields)
    assert refused.value.errors()[0]["loc"] == (next(iter(fields)),)


def test_ordinary_text_zones_and_currencies_are_accepted():
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # spelled with a zero-width non-joiner
    event = _event(title="Café à Алматы 🎉 👨\u200d👩\u200d👧", description="Line one\nLine two\twith a tab",
                   timezone="Asia/Almaty", currency="XOF", location=f"{persian} Hall B",
                   starts_at="2030-01-01t10:00:00.5+06:00")
    assert event.description == "Line one\nLine two\twith a tab" and event.currency == "XOF"
    assert event.starts_at == datetime(2030, 1, 1, 4, 0, 0, 500000, tzinfo=UTC)


def test_the_spec_states_the_text_rule_the_server_applies():
    """openapi.yaml's text patterns are the rule of app/api/schemas.py, character for character."""
    import yaml

    from app.api.schemas import text_pattern

    with open("openapi.yaml", encoding="utf-8") as file:
        spec = yaml.safe_load(file)
    fields = spec["components"]["schemas"]["EventFields"]["properties"]
    assert fields["title"]["pattern"] == fields["location"]["pattern"] == text_pattern()
    assert fields["description"]["pattern"] == text_pattern("\r\n\t")
    assert spec["components"]["schemas"]["Name"]["pattern"] == text_pattern()


def test_currencies_are_current_iso_4217_codes():
    import pycountry

    from app.domain.currencies import CHARGEABLE

    assert {code for code in CHARGEABLE if pycountry.currencies.get(alpha_3=code) is None} == set()
    assert {"KZT", "RUB", "USD", "EUR", "JPY", "KWD"} <= CHARGEABLE


@pytest.mark.parametrize("query", [{"q": "\x00"}, {"location": "a\x00"}, {"cursor": "\x00"},
                                   {"from": "1900000000"}])
def test_a_nul_or_an_epoch_in_a_query_is_refused(query):
    with pytest.raises(ValidationError):
        EventsQuery.model_validate(query)


@pytest.mark.parametrize("body", [{"first_name": "Ada\u202e"}, {"last_name": "L\x1b[31m"}])
def test_names_with_control_or_bidi_characters_are_refused(body):
    from app.api.schemas import ProfilePatch

    with pytest.raises(ValidationError):
        ProfilePatch.model_validate_json(json.dumps(body))


def test_the_spec_lists_the_currencies_the_server_accepts():
    import yaml

    from app.domain.currencies import CHARGEABLE

    with open("openapi.yaml", encoding="utf-8") as file:
        spec = yaml.safe_load(file)
    assert set(spec["components"]["schemas"]["EventFields"]["properties"]["currency"]["enum"]) == CHARGEABLE
