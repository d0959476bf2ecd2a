"""Events and their seats. A large event's seats live on several counter documents
(seat_counters.py); the document keeps how many in `seat_counters`, a field of the adapter's
own. A ticket rush reads one or two counters and writes one: takers contend per counter."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterable
from typing import Any

from google.cloud.firestore_v1.base_query import FieldFilter

import app.store.firestore.seat_counters as sc
from app.domain.models import Event, Page, Registration, Visibility
from app.domain.repositories import EventQuery, Events
from app.domain.seats import SeatCounter, Seats
from app.store.firestore.documents import ASC, DESC, ID, Repository, load

SEARCH_SCAN = 1000  # events one page of a text/location search reads at most
COUNTERS_FIELD = "seat_counters"
LEGACY_COUNTERS_FIELD = "seat_shards"  # its name before (documents written then keep it)


@dataclasses.dataclass
class _Read:
    """What this transaction read of an event's seats: its document, how many counters it has,
    the counters read, and the `Seats` of one counter it handed out, if any."""

    doc: Event
    count: int
    counters: dict[int, sc.Counter]
    handed_out: Seats | None = None


def _count(doc: Any) -> int:
    data = doc.to_dict()
    return int(data.get(COUNTERS_FIELD, data.get(LEGACY_COUNTERS_FIELD, 1)))


class FirestoreEvents(Repository, Events):
    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._read: dict[str, _Read] = {}

    def _doc(self, event: Event, count: int) -> dict[str, Any]:
        """An event's document; with several counters, the counts live on them, not here."""
        data = dataclasses.asdict(event)
        if count > 1:
            data.update({key: 0 for key in sc.SEAT_COUNTS})
        return {**data, COUNTERS_FIELD: count}

    def _counter_ref(self, event_id: str, number: int) -> Any:
        return self._s.ref("events", event_id).collection("seats").document(str(number))

    def _read_event(self, event_id: str) -> _Read | None:
        if event_id in self._read:  # read already in this transaction: keep what was handed out
            return self._read[event_id]
        doc = self._s.get_doc("events", event_id)
        event = load(Event, doc)
        if event is None:
            return None
        count = _count(doc)
        counters = {0: sc.as_counter(event)} if count <= 1 else {}  # one counter: the document
        self._read[event_id] = read = _Read(dataclasses.replace(event), count, counters)
        return read

    def _read_counters(self, read: _Read, numbers: Iterable[int]) -> None:
        wanted = {self._counter_ref(read.doc.id, n).path: n for n in numbers if n not in read.counters}
        for n in wanted.values():
            read.counters[n] = sc.counter()  # a counter not written yet: no seats of its own
        for doc in self._s.get_all([self._counter_ref(read.doc.id, n) for n in wanted.values()]):
            if doc.exists:
                read.counters[wanted[doc.reference.path]] = sc.counter(**doc.to_dict())

    def _whole(self, read: _Read) -> Event:
        """The event with every counter read and added up (one counter: its document)."""
        if read.count <= 1:
            return dataclasses.replace(read.doc)
        self._read_counters(read, range(read.count))
        return sc.whole(read.doc, read.counters.values())

    def get(self, event_id: str) -> Event | None:
        read = self._read_event(event_id)
        return None if read is None else self._whole(read)

    def seats(self, event_id: str, of: Registration | None = None) -> Seats | None:
        """One counter: the registration's, or a random one with room; if that one is full, the
        rest are read at once and one with room is taken (the whole event if none)."""
        read = self._read_event(event_id)
        if read is None:
            return None
        if read.count <= 1:
            return Seats(dataclasses.replace(read.doc), SeatCounter(0))
        if of is not None:
            choice = (of.seat_counter or 0) % read.count  # None: seated before counters existed
        else:
            first = random.randrange(read.count)  # noqa: S311 - spreading load, not a secret
            self._read_counters(read, [first])
            if sc.free(read.counters[first]) > 0:
                choice = first
            else:
                self._read_counters(read, range(read.count))
                with_room = [n for n, c in read.counters.items() if sc.free(c) > 0]
                if not with_room:
                    return self.seats_of(self._whole(read))
                choice = random.choice(with_room)  # noqa: S311
        self._read_counters(read, [choice])
        mine = read.counters[choice]
        read.handed_out = Seats(sc.with_counts(read.doc, mine, mine["capacity"]), SeatCounter(choice),
                                lambda: self._free_elsewhere(read, choice))
        return read.handed_out

    def _free_elsewhere(self, read: _Read, number: int) -> int:
        self._read_counters(read, range(read.count))
        return sum(sc.free(c) for n, c in read.counters.items() if n != number)

    def seats_of(self, event: Event) -> Seats:
        return Seats(event, SeatCounter(sc.WHOLE_EVENT_COUNTER))

    def put_seats(self, seats: Seats) -> None:
        read = self._read.get(seats.event.id)
        if read is None or read.handed_out is not seats or seats.counter is None:
            self.update(seats.event)
            return
        # one counter's seats: write that counter, and the document only if more changed
        event = seats.event
        self._put_counter(event.id, seats.counter, sc.as_counter(event))
        doc = sc.with_counts(event, sc.as_counter(read.doc), read.doc.capacity)
        if dataclasses.replace(doc, updated_at=read.doc.updated_at) != read.doc:
            self._s.set("events", event.id, self._doc(doc, read.count))

    def add(self, event: Event) -> None:
        count = sc.counters_for(event.capacity)
        self._s.set("events", event.id, self._doc(event, count), create=True)
        if count > 1:
            for number, capacity in enumerate(sc.share(event.capacity, count)):
                self._put_counter(event.id, number, sc.counter(capacity))

    def update(self, event: Event) -> None:
        read = self._read_event(event.id)  # read already, as a rule reads before it writes
        if read is None:
            self._s.set("events", event.id, self._doc(event, 1))
            return
        count = max(read.count, sc.counters_for(event.capacity))  # never fewer
        self._s.set("events", event.id, self._doc(event, count))
        if count <= 1:
            return
        if read.count > 1:
            self._read_counters(read, range(read.count))
        before = dict(read.counters) if read.count > 1 else {}
        reshare = event.capacity != read.doc.capacity or count != read.count
        for n, c in sc.spread(event, before, count, reshare).items():
            if c != before.get(n):
                self._put_counter(event.id, n, c)

    def _put_counter(self, event_id: str, number: int, counts: sc.Counter) -> None:
        self._s.set_ref(self._counter_ref(event_id, number), dict(counts))

    def brief(self, event_ids: list[str]) -> dict[str, Event]:
        refs = [self._s.ref("events", i) for i in dict.fromkeys(event_ids)]
        return {e.id: e for e in (load(Event, d) for d in self._s.get_all(refs)) if e is not None}

    def search(self, query: EventQuery) -> Page[Event]:
        q = self._db.collection("events").where(filter=FieldFilter("status", "==", query.status))
        if query.organizer_id:
            q = q.where(filter=FieldFilter("organizer_id", "==", query.organizer_id))
        if query.category:  # an event stored before categories existed has none: no category finds it
            q = q.where(filter=FieldFilter("category", "==", query.category))
        if query.tag:
            q = q.where(filter=FieldFilter("tags", "array_contains", query.tag))
        q = q.where(filter=FieldFilter("starts_at", ">=", query.starts_from))
        if query.starts_to:
            q = q.where(filter=FieldFilter("starts_at", "<", query.starts_to))
        direction = DESC if query.latest_first else ASC
        q = q.order_by("starts_at", direction=direction).order_by(ID, direction=direction)
        text = query.text.lower() if query.text else None
        location = query.location.lower() if query.location else None

        # Firestore has no substring search: these filters run here, over the ordered scan,
        # which reads at most SEARCH_SCAN events per page (docs/api.md, "Searching events").
        # Unlisted events are left out here too: documents from before visibility existed have
        # no such field, and a query on it would drop them (they are public).
        def keep(e: Event) -> bool:
            return ((not text or text in e.title.lower() or text in e.description.lower())
                    and (not location or location in e.location.lower())
                    and e.organizer_id != query.exclude_organizer_id
                    and (not query.public_only or e.visibility == Visibility.PUBLIC))

        counts: dict[str, int] = {}

        def read(doc: Any) -> Event | None:
            counts[doc.id] = _count(doc)
            return load(Event, doc)

        filtered = bool(text or location or query.exclude_organizer_id or query.public_only)
        page = self._s.page(read, q, query.limit, query.cursor, lambda e: (e.starts_at, e.id),
                            keep, max_scan=SEARCH_SCAN if filtered else None)
        return Page([self._whole(_Read(e, counts[e.id], {})) for e in page.items], page.next_cursor)
