"""An organizer writing to everyone coming: one mail to each confirmed attendee who wants
organizers' messages (app/domain/mailing.py fans it out on the bus; the request only records it).

Plain text in, escaped wherever it is shown. A few per event and day: attendees gave an
organizer their attention, not their inbox."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.domain import messages as m
from app.domain import quotas
from app.domain.errors import EventCancelled
from app.domain.events import event_for
from app.domain.models import EventStatus
from app.domain.ports import Store, Transaction
from app.domain.roles import Task

ANNOUNCEMENTS_PER_DAY = quotas.Quota("announcements", 3, timedelta(days=1),
                                     "at most {limit} announcements for one event in a day; try again later")


def announce(store: Store, actor_id: str, event_id: str, subject: str, message: str, now: datetime) -> str:
    """Record the announcement; its id. The mails go out from the bus, not from this request."""
    def apply(tx: Transaction) -> str:
        event = event_for(tx, actor_id, event_id, Task.MANAGE)
        if event.status == EventStatus.CANCELLED:
            raise EventCancelled("the event is cancelled: its attendees were told")
        quotas.take(tx, ANNOUNCEMENTS_PER_DAY, event_id, now)
        posted = m.new_message(m.EVENT_ANNOUNCED, actor_id, now, event_id=event.id,
                               organizer_id=event.organizer_id, title=event.title,
                               subject=subject, message=message)
        tx.emit(posted)
        return posted.id

    return store.run(apply)
