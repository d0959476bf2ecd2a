"""Event figures from the bus (app/domain/figures.py), called directly: the earliest sell-out
wins whatever the order, and the organizer is told once."""

from __future__ import annotations

from datetime import timedelta

from app.domain import events, figures
from app.domain import messages as m


def _sold_out(event, at):
    return m.new_message(m.REGISTRATION_CONFIRMED, "a", at, event_id=event.id, sold_out=True)


def _notes(store, user_id):
    return store.read(lambda tx: tx.notifications.page(user_id, False, 10, None)).items


def test_the_earliest_sell_out_is_kept_in_any_order(store, clock, make_event):
    event = make_event()
    early, late = _sold_out(event, clock.now), _sold_out(event, clock.now + timedelta(hours=1))
    store.run(lambda tx: figures.record_sell_out(tx, late))
    store.run(lambda tx: figures.record_sell_out(tx, early))
    store.run(lambda tx: figures.record_sell_out(tx, late))
    assert events.get_event(store, event.id).sold_out_at == clock.now
    assert [n.kind for n in _notes(store, "olga")] == ["sold_out"]


def test_messages_that_do_not_sell_out_change_nothing(store, clock, make_event):
    event = make_event()
    message = m.new_message(m.REGISTRATION_CONFIRMED, "a", clock.now, event_id=event.id, sold_out=False)
    store.run(lambda tx: figures.record_sell_out(tx, message))
    assert events.get_event(store, event.id).sold_out_at is None and _notes(store, "olga") == []
