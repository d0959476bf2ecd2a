"""Messages parsed where they come back in (app/domain/message_data.py): one record per type,
and data that does not fit its type is refused whole, never half-used."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.domain import messages as m
from app.domain.errors import UnusableMessage
from app.domain.message_data import DATA, RegistrationChanged, parse
from app.domain.models import Message

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
CONFIRMED = {"event_id": "e1", "organizer_id": "o1", "title": "Jazz", "registration_id": "r1",
             "user_id": "u1", "sold_out": False, "hold_expires_at": None}


def _message(message_type: str, data: dict) -> Message:
    return Message(id="m1", type=message_type, occurred_at=NOW, actor_id="u1", data=data)


def test_every_message_type_we_send_has_its_record():
    sent = {value for name, value in vars(m).items() if name.isupper() and isinstance(value, str)
            and "." in value}
    assert sent == set(DATA)


def test_a_message_is_read_as_its_type():
    data = parse(_message(m.REGISTRATION_HELD, {**CONFIRMED, "hold_expires_at": "2026-11-24T12:30:00Z"}))
    assert isinstance(data, RegistrationChanged) and data.user_id == "u1"
    assert data.hold_expires_at == datetime(2026, 11, 24, 12, 30, tzinfo=UTC)


@pytest.mark.parametrize("wrong", [
    {"user_id": 7},  # an id that is not text
    {"organizer_id": ["o1"]},
    {"sold_out": "maybe"},
    {"hold_expires_at": "tomorrow"},
])
def test_data_that_does_not_fit_its_type_is_refused(wrong):
    with pytest.raises(UnusableMessage):
        parse(_message(m.REGISTRATION_CONFIRMED, {**CONFIRMED, **wrong}))


def test_a_missing_field_or_an_unknown_type_is_refused_and_a_new_field_is_ignored():
    with pytest.raises(UnusableMessage):
        parse(_message(m.REGISTRATION_CONFIRMED, {k: v for k, v in CONFIRMED.items() if k != "event_id"}))
    with pytest.raises(UnusableMessage):
        parse(_message("registration.teleported", CONFIRMED))
    assert parse(_message(m.REGISTRATION_CONFIRMED, {**CONFIRMED, "added_later": 1})).title == "Jazz"
