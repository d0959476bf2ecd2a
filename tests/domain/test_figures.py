"""Event figures from the bus (app/domain/figures.py), called directly: the earliest sell-out
wins whatever the order, and the organizer is told once."""

from __future__ import annotations

from datetime import timedelta

from app.domain import events, figures
from app.domain import messages as m
from app.domain.message_data import parse


def _confirmed(event, at, sold_out: bool):
    return m.new_message(m.REGISTRATION_CONFIRMED, "a", at, event_id=event.id,
                         organizer_id=event.organizer_id, title=event.title, registration_id="r1",
                         user_id="a", sold_out=sold_out)


def _sold_out(event, at):
    return _confirmed(event, at, sold_out=True)


def _apply(store, message):
    store.run(lambda tx: figures.record_sell_out(tx, message, parse(message)))


def _notes(store, user_id):
    return store.read(lambda tx: tx.notifications.page(user_id, False, 10, None)).items


def test_the_earliest_sell_out_is_kept_in_any_order(store, clock, make_event):
    event = make_event()
    early, late = _sold_out(event, clock.now), _sold_out(event, clock.now + timedelta(hours=1))
    for message in (late, early, late):
        _apply(store, message)
    assert events.get_event(store, event.id).sold_out_at == clock.now
    assert [n.kind for n in _notes(store, "olga")] == ["sold_out"]


def test_messages_that_do_not_sell_out_change_nothing(store, clock, make_event):
    event = make_event()
    _apply(store, _confirmed(event, clock.now, sold_out=False))
    assert events.get_event(store, event.id).sold_out_at is None and _notes(store, "olga") == []


def test_a_hold_that_takes_the_last_seat_is_not_a_sell_out(store, clock, make_event):
    event = make_event()
    held = m.new_message(m.REGISTRATION_HELD, "a", clock.now, event_id=event.id, organizer_id="olga",
                         title=event.title, registration_id="r1", user_id="a", sold_out=True)
    _apply(store, held)
    assert events.get_event(store, event.id).sold_out_at is None
