"""An event's cover image: set by its organizer, removed by them, kept in the file store.

The files are written before the event names them and removed after it stops naming them, so a
page never points at a missing file. A failure between the two leaves unreferenced files behind,
never a broken event; their keys hold the event's id, so they are easy to find and harmless.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from app.domain import images
from app.domain import messages as m
from app.domain.errors import EventCancelled
from app.domain.events import event_for
from app.domain.models import SCHEDULED, Event
from app.domain.ports import FileStore, Store, Transaction
from app.domain.roles import Task
from app.timeutil import rfc3339


def key(event_id: str, image_id: str, name: str) -> str:
    """Where one rendition of a cover lives: the event's folder, the content hash, the rendition."""
    return f"covers/{event_id}/{image_id}-{name}"


def page_keys(event: Event) -> list[tuple[int, str]]:
    """(width, key) of each page rendition of the event's cover, narrowest first."""
    if event.image_id is None:
        return []
    return [(w, key(event.id, event.image_id, images.page_name(w)))
            for w in images.page_widths(event.image_width)]


def share_key(event: Event) -> str | None:
    """The JPEG that link previews and search engines read."""
    return key(event.id, event.image_id, images.SHARE_NAME) if event.image_id else None


def share_size(event: Event) -> tuple[int, int]:
    """The preview JPEG's width and height (made from the widest page rendition: images.render)."""
    if not event.image_width:
        return 0, 0
    width = min(event.image_width, images.SHARE_WIDTH)
    return width, max(1, round(event.image_height * width / event.image_width))


def _all_keys(event: Event) -> list[str]:
    share = share_key(event)
    return [k for _, k in page_keys(event)] + ([share] if share else [])


def _changeable(tx: Transaction, actor_id: str, event_id: str) -> Event:
    event = event_for(tx, actor_id, event_id, Task.MANAGE)
    if event.status != SCHEDULED:
        raise EventCancelled("a cancelled event cannot be changed")
    return event


def set_cover(store: Store, files: FileStore, actor_id: str, event_id: str, upload: bytes,
              now: datetime, render: Callable[[bytes], images.Rendered] = images.render) -> Event:
    """Make `upload` the event's cover (organizer only); the previous cover's files go.
    `render` is `images.render`, or a caller's way of running it elsewhere (another thread)."""
    store.read(lambda tx: _changeable(tx, actor_id, event_id))  # nobody else gets us decoding
    rendered = render(upload)
    for rendition in rendered.renditions:
        files.put(key(event_id, rendered.image_id, rendition.name), rendition.data,
                  rendition.media_type)
    return _show(store, files, actor_id, event_id, now, rendered.image_id, rendered.width, rendered.height)


def remove_cover(store: Store, files: FileStore, actor_id: str, event_id: str, now: datetime) -> Event:
    """The event without a cover (organizer only); its files go."""
    return _show(store, files, actor_id, event_id, now, None, 0, 0)


def _show(store: Store, files: FileStore, actor_id: str, event_id: str, now: datetime,
          image_id: str | None, width: int, height: int) -> Event:
    """Make the event name this cover (None: none), then drop the files of the one it named."""
    def apply(tx: Transaction) -> tuple[Event, Event]:
        event = _changeable(tx, actor_id, event_id)
        updated = replace(event, image_id=image_id, image_width=width, image_height=height, updated_at=now)
        if image_id is not None or event.image_id is not None:  # removing nothing changes nothing
            tx.events.update(updated)
            tx.emit(m.new_message(m.EVENT_UPDATED, actor_id, now, event_id=event.id,
                                  organizer_id=event.organizer_id, title=event.title, fields=["image"],
                                  promoted=0, starts_at=rfc3339(event.starts_at)))
        return event, updated

    before, after = store.run(apply)
    if before.image_id is not None and before.image_id != after.image_id:
        files.delete(_all_keys(before))
    return after
