"""The reminder the day before: each confirmed attendee who wants reminders gets their ticket
again, once per event and start time (docs/mail.md).

The sweep runs on the app's clock (the dispatcher's tick on the embedded default, or the
scheduled /tasks/send-reminders), finds events starting within REMIND_BEFORE, and marks each
reminded in the transaction that emits its `event.reminder_due`: two workers sweeping at once
remind once. An event moved to another day is reminded again before its new start. An event
announced less than a day ahead is not reminded: its ticket mail is recent enough."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from app.domain import messages as m
from app.domain.models import SCHEDULED, Event, Page, WindowCounter
from app.domain.ports import Store, Transaction
from app.domain.repositories import EventQuery
from app.timeutil import sortable

REMIND_BEFORE = timedelta(hours=24)
SWEEP_EVENTS = 100  # events one sweep reminds at most; the next sweep takes the rest


def _key(event: Event) -> str:
    return f"reminded:{event.id}:{sortable(event.starts_at)}"


def send_due(store: Store, now: datetime, limit: int = SWEEP_EVENTS) -> int:
    """Remind the events due now, at most `limit`; how many were reminded."""
    reminded, cursor = 0, None
    while reminded < limit:
        query = EventQuery(starts_from=now, starts_to=now + REMIND_BEFORE, public_only=False,
                           limit=SWEEP_EVENTS, cursor=cursor)
        page = store.read(partial(_search, query=query))
        for event in page.items:
            if event.created_at <= event.starts_at - REMIND_BEFORE and reminded < limit:
                reminded += store.run(partial(_remind, event_id=event.id, now=now))
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    return reminded


def _search(tx: Transaction, query: EventQuery) -> Page[Event]:
    return tx.events.search(query)


def _remind(tx: Transaction, event_id: str, now: datetime) -> bool:
    event = tx.events.get(event_id)  # as it stands now: moved or cancelled since the search
    if (event is None or event.status != SCHEDULED or not now < event.starts_at <= now + REMIND_BEFORE
            or tx.counters.get(_key(event)) is not None):
        return False
    tx.counters.put(WindowCounter(key=_key(event), count=1, expires_at=event.starts_at + REMIND_BEFORE))
    tx.emit(m.new_message(m.EVENT_REMINDER_DUE, None, now, event_id=event.id, organizer_id=event.organizer_id,
                          title=event.title, starts_at=event.starts_at.isoformat()))
    return True
