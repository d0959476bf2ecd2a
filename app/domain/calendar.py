"""iCalendar (RFC 5545) export of an event."""

from __future__ import annotations

from datetime import datetime

from icalendar import Calendar
from icalendar import Event as VEvent

from app.domain.models import Event, EventStatus


def sequence(event: Event) -> int:
    """The entry's revision (RFC 5545 SEQUENCE): seconds from its creation to its last change,
    so every later change of the event is a higher number and a calendar takes the newest."""
    return max(0, int((event.updated_at - event.created_at).total_seconds()))


def method(event: Event) -> str:
    """What a calendar does with the file: take the entry, or remove it (a cancelled event)."""
    return "CANCEL" if event.status == EventStatus.CANCELLED else "PUBLISH"


def to_ics(event: Event, now: datetime, url: str | None = None) -> bytes:
    """The event as an iCalendar file; `url`: its page, for the calendar entry to link back. A
    cancelled event's file is a cancellation (METHOD:CANCEL): calendars remove the entry."""
    cancelled = event.status == EventStatus.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", "-//events-api//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method(event))
    entry = VEvent()
    entry.add("uid", f"{event.id}@events-api")
    entry.add("sequence", sequence(event))
    entry.add("dtstamp", now)
    entry.add("dtstart", event.starts_at)
    if event.ends_at is not None:
        entry.add("dtend", event.ends_at)
    entry.add("summary", event.title)
    if event.description:
        entry.add("description", event.description)
    if event.location:
        entry.add("location", event.location)
    if url is not None:
        entry.add("url", url)
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    entry.add("last-modified", event.updated_at)
    calendar.add_component(entry)
    return bytes(calendar.to_ical())
