"""Cloud Firestore adapter (firebase-admin).

Every rule runs in a Firestore transaction. Uniqueness is held by documents with deterministic
ids that the transaction reads and then writes (emails, usernames, one active registration per
person and event, one review per person and event, processed messages), never by a query
followed by a blind write. Firestore wants every read of a transaction before its first write;
`FirestoreTransaction` buffers writes and applies them when the rule function returns, so the
domain's read-then-write functions run unchanged. Contention (ABORTED) is retried with backoff.

The Firestore emulator resolves two transactions that lock the same document by letting both
wait for a lock time-out (about two seconds, often failing both), where Firestore itself aborts
one at once (wound-wait). On the emulator this adapter therefore lets one read-write transaction
of a process run at a time (`write_concurrency=1`); contention between processes stays real
and is retried. Against Firestore the gate is off unless asked for.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import random
import threading
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar, cast

import firebase_admin
from firebase_admin import firestore
from google.api_core import exceptions as gexc
from google.cloud.firestore_v1.base_query import FieldFilter

from app.domain.errors import (
    AlreadyRegistered,
    AlreadyReviewed,
    BadCursor,
    Conflict,
    EmailTaken,
    Unavailable,
    UsernameTaken,
)
from app.domain.ids import digest, new_id
from app.domain.messages import message_body, message_from_body
from app.domain.models import (
    ACTIVE_REGISTRATION,
    PENDING_PAYMENT,
    SCHEDULED,
    WAITLISTED,
    Credentials,
    Event,
    LoginAttempts,
    Message,
    Notification,
    Page,
    Payment,
    Registration,
    Review,
    User,
    WindowCounter,
)
from app.domain.ports import CredentialStore, EventQuery, Outbox, OutboxItem, Transaction
from app.infra.backoff import Backoff
from app.infra.gcp import AnonymousCredential
from app.store.base import Storage
from app.store.cursor import decode_cursor, encode_cursor, stream_seq
from app.timeutil import parse_sortable, sortable, to_utc

T = TypeVar("T")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
DESC = firestore.Query.DESCENDING
RPC_TIMEOUT = 20.0  # seconds: a call that hangs must fail and be retried, never block a worker
ID = "__name__"
SEARCH_SCAN = 1000  # events one page of a text/location search reads at most
# A transaction that lost a race runs again after 10 ms, 20 ms, ... at most half a second.
CONTENTION_BACKOFF = Backoff(base=0.01, cap=0.5, jitter=0.5)


def _plain(value: Any) -> Any:
    # Firestore hands back its own datetime subclass; the domain gets plain UTC datetimes.
    return to_utc(datetime.fromisoformat(value.isoformat())) if isinstance(value, datetime) else value


def _load(cls: type[T], doc: Any) -> T | None:
    if doc is None or not doc.exists:
        return None
    data = doc.to_dict()
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: _plain(v) for k, v in data.items() if k in names})


def _dump(record: Any, **extra: Any) -> dict[str, Any]:
    return {**dataclasses.asdict(record), **extra}


# An event with several seat counters (app/domain/seats.py, docs/scaling.md) keeps these on its
# counters, `events/{id}/seats/{n}`, each with its own `capacity`; its document keeps the rest.
SEAT_COUNTS = ("confirmed_count", "held_count", "paid_count", "paid_amount", "refunded_count",
               "refunded_amount")
Counter = dict[str, int]


def _counter(capacity: int = 0, **counts: int) -> Counter:
    return {"capacity": capacity, **{key: counts.get(key, 0) for key in SEAT_COUNTS}}


def _taken(counter: Counter) -> int:
    return counter["confirmed_count"] + counter["held_count"]


def _as_counter(event: Event) -> Counter:
    return _counter(event.capacity, **{key: getattr(event, key) for key in SEAT_COUNTS})


def _with_counts(event: Event, counts: Counter, capacity: int | None = None) -> Event:
    """A copy of `event` with these counts (and capacity)."""
    copy = dataclasses.replace(event)
    for key in SEAT_COUNTS:
        setattr(copy, key, counts[key])
    if capacity is not None:
        copy.capacity = capacity
    return copy


def _whole(event: Event, counters: Iterable[Counter]) -> Event:
    """The event with the counts of all its counters added up."""
    counters = list(counters)
    return _with_counts(event, {key: sum(c[key] for c in counters) for key in SEAT_COUNTS})


def _event_doc(event: Event) -> dict[str, Any]:
    """An event's document; with several counters, the counts live on them, not here."""
    data = _dump(event)
    if event.seat_shards > 1:
        data.update({key: 0 for key in SEAT_COUNTS})
    return data


@dataclasses.dataclass
class _Seats:
    """What one transaction read of an event's seats: its document, the counters it read, and
    the one counter it handed out as "the event" (`get_event_seats`), if any."""

    doc: Event
    counters: dict[int, Counter]
    handed_out: tuple[Event, int] | None = None


class FirestoreTransaction(Transaction):
    def __init__(self, store: FirestoreStore, transaction: Any) -> None:
        self._store = store
        self._db = store.db
        self._tx = transaction
        self._writes: list[Callable[[Any], None]] = []
        self.emitted: list[str] = []
        self._seqs: dict[str, int] = {}  # notification counters read (and advanced) in this one
        self._seats: dict[str, _Seats] = {}

    # plumbing
    def get_doc(self, collection: str, doc_id: str) -> Any:
        return self._db.collection(collection).document(doc_id).get(transaction=self._tx,
                                                                    timeout=RPC_TIMEOUT)

    def get_all(self, refs: list[Any]) -> list[Any]:
        """These documents in one call (in no particular order); none asked, none read."""
        if not refs:
            return []
        return list(self._db.get_all(refs, transaction=self._tx, timeout=RPC_TIMEOUT))

    def query(self, query: Any) -> list[Any]:
        return list(query.stream(transaction=self._tx, timeout=RPC_TIMEOUT))

    def _set(self, collection: str, doc_id: str, data: dict[str, Any], *, create: bool = False) -> None:
        ref = self._db.collection(collection).document(doc_id)
        self._writes.append(lambda tx: tx.create(ref, data) if create else tx.set(ref, data))

    def delete_doc(self, collection: str, doc_id: str) -> None:
        ref = self._db.collection(collection).document(doc_id)
        self._writes.append(lambda tx: tx.delete(ref))

    def update_doc(self, ref: Any, data: dict[str, Any]) -> None:
        self._writes.append(lambda tx: tx.update(ref, data))

    def flush(self) -> None:
        for write in self._writes:
            write(self._tx)

    def _claim_key(self, kind: str, value: str, owner: str, clash: type[Conflict]) -> None:
        doc = self.get_doc("unique_keys", digest(kind, value.lower()))
        if doc.exists and doc.get("owner") != owner:
            raise clash()
        self._set("unique_keys", digest(kind, value.lower()), {"owner": owner, "kind": kind})

    def _page(self, cls: type[T], query: Any, limit: int, cursor: str | None,
              key: Callable[[T], tuple[Any, ...]], parse: Callable[[tuple[str, ...]], list[Any]],
              keep: Callable[[T], bool] = lambda _: True, max_scan: int | None = None) -> Page[T]:
        """Keyset pagination on a stable order whose last key is the document id. With `keep`,
        documents are filtered here; `max_scan` bounds how many one page reads, and a page that
        hit it ends with a cursor after the last document read (it may hold fewer than `limit`)."""
        if cursor:
            query = query.start_after(parse(decode_cursor(cursor, 2)))
        items: list[T] = []
        batch = max(limit + 1, 50)
        scanned, last = 0, None
        while len(items) <= limit:
            asked = batch if max_scan is None else min(batch, max_scan - scanned)
            docs = self.query(query.limit(asked))
            scanned += len(docs)
            items += [r for r in (_load(cls, d) for d in docs) if r is not None and keep(r)]
            if len(docs) < asked or (last := _load(cls, docs[-1])) is None:
                last = None
                break
            if max_scan is not None and scanned >= max_scan:
                break
            query = query.start_after(list(key(last)))
        if len(items) > limit:
            items, last = items[:limit], items[limit - 1]
        return Page(items, self._cursor_after(key(last)) if last is not None else None)

    @staticmethod
    def _cursor_after(keys: tuple[Any, ...]) -> str:
        a, b = keys
        return encode_cursor(sortable(a) if isinstance(a, datetime) else a, b)

    @staticmethod
    def _time_key(parts: tuple[str, ...]) -> list[Any]:
        try:
            return [parse_sortable(parts[0]), parts[1]]
        except ValueError:
            raise BadCursor() from None

    # users
    def get_user(self, user_id: str) -> User | None:
        return _load(User, self.get_doc("users", user_id))

    def insert_user(self, user: User) -> None:
        self._claim_key("email", user.email, user.id, EmailTaken)
        self._claim_key("username", user.username, user.id, UsernameTaken)
        self._set("users", user.id, _dump(user), create=True)

    def insert_credentials(self, credentials: Credentials) -> None:
        self._claim_key("credential-email", credentials.email, credentials.user_id, EmailTaken)
        self._set("credentials", credentials.user_id, dataclasses.asdict(credentials), create=True)

    def update_user(self, user: User) -> None:
        current = self.get_user(user.id)
        if current and current.username.lower() != user.username.lower():
            self._claim_key("username", user.username, user.id, UsernameTaken)
            self.delete_doc("unique_keys", digest("username", current.username.lower()))
        self._set("users", user.id, _dump(user))

    # events, and their seat counters
    def _counter_ref(self, event_id: str, number: int) -> Any:
        return self._db.collection("events").document(event_id).collection("seats").document(str(number))

    def _read_event(self, event_id: str) -> _Seats | None:
        if event_id in self._seats:  # read already in this transaction: keep what was handed out
            return self._seats[event_id]
        event = _load(Event, self.get_doc("events", event_id))
        if event is None:
            return None
        # one counter: the document is it
        counters = {0: _as_counter(event)} if event.seat_shards <= 1 else {}
        self._seats[event_id] = seats = _Seats(dataclasses.replace(event), counters)
        return seats

    def _read_counters(self, seats: _Seats, numbers: Iterable[int]) -> None:
        wanted = {self._counter_ref(seats.doc.id, n).path: n for n in numbers if n not in seats.counters}
        for n in wanted.values():
            seats.counters[n] = _counter()  # a counter not written yet: no seats of its own
        for doc in self.get_all([self._counter_ref(seats.doc.id, n) for n in wanted.values()]):
            if doc.exists:
                seats.counters[wanted[doc.reference.path]] = _counter(**doc.to_dict())

    def get_event(self, event_id: str) -> Event | None:
        seats = self._read_event(event_id)
        return None if seats is None else self._whole_event(seats)

    def _whole_event(self, seats: _Seats) -> Event:
        """The event with every counter read and added up (one counter: its document)."""
        if seats.doc.seat_shards <= 1:
            return dataclasses.replace(seats.doc)
        self._read_counters(seats, range(seats.doc.seat_shards))
        return _whole(seats.doc, seats.counters.values())

    def get_event_seats(self, event_id: str, shard: int | None) -> tuple[Event, int] | None:
        """One counter: the registration's (`shard`), or a random one with room; if that one is
        full, the rest are read at once and one with room is taken (the whole event if none).
        A rush thus reads one or two counters and writes one: takers contend per counter."""
        seats = self._read_event(event_id)
        if seats is None:
            return None
        count = seats.doc.seat_shards
        if count <= 1:
            return dataclasses.replace(seats.doc), 0
        if shard is not None:
            choice = shard % count
        else:
            first = random.randrange(count)  # noqa: S311 - spreading load, not a secret
            self._read_counters(seats, [first])
            if seats.counters[first]["capacity"] > _taken(seats.counters[first]):
                choice = first
            else:
                self._read_counters(seats, range(count))
                free = [n for n, c in seats.counters.items() if c["capacity"] > _taken(c)]
                if not free:
                    return self._whole_event(seats), 0
                choice = random.choice(free)  # noqa: S311
        self._read_counters(seats, [choice])
        counter = seats.counters[choice]
        view = _with_counts(seats.doc, counter, counter["capacity"])
        seats.handed_out = (view, choice)
        return view, choice

    def insert_event(self, event: Event) -> None:
        self._set("events", event.id, _event_doc(event), create=True)
        if event.seat_shards > 1:
            for number, capacity in enumerate(_share(event.capacity, event.seat_shards)):
                self._put_counter(event.id, number, _counter(capacity))

    def update_event(self, event: Event) -> None:
        seats = self._seats.get(event.id)
        if event.seat_shards <= 1 or seats is None:
            self._set("events", event.id, _event_doc(event))
            return
        if seats.handed_out is not None and seats.handed_out[0] is event:
            # one counter's view: write that counter, and the document only if more changed
            number = seats.handed_out[1]
            self._put_counter(event.id, number, _as_counter(event))
            doc = _with_counts(event, _as_counter(seats.doc), seats.doc.capacity)
            if dataclasses.replace(doc, updated_at=seats.doc.updated_at) != seats.doc:
                self._set("events", event.id, _event_doc(doc))
            return
        self._set("events", event.id, _event_doc(event))
        self._spread(event, seats)

    def _put_counter(self, event_id: str, number: int, counter: Counter) -> None:
        ref = self._counter_ref(event_id, number)
        self._writes.append(lambda tx: tx.set(ref, dict(counter)))

    def _spread(self, event: Event, seats: _Seats) -> None:
        """The whole event was changed: move each counter's counts so they add up to the
        event's, taking seats back from counters that hold them and giving new ones to counters
        with room; when the capacity (or the number of counters) changed, share the free seats
        out evenly again. No counter ever holds more seats than its own capacity."""
        count = event.seat_shards
        before = {n: dict(seats.counters.get(n) or _counter()) for n in range(count)}
        after = {n: dict(c) for n, c in before.items()}
        share_again = event.capacity != seats.doc.capacity or count != seats.doc.seat_shards
        for key in SEAT_COUNTS:
            delta = getattr(event, key) - sum(c[key] for c in after.values())
            if key not in ("confirmed_count", "held_count"):
                after[0][key] += delta  # figures: only their sum means anything
                continue
            while delta < 0:  # seats given back on the whole event (cancelling it)
                n = max(after, key=lambda k: after[k][key])
                after[n][key] -= 1
                delta += 1
            if delta > 0:
                # Seats taken on the whole event (the waitlist promoted when the capacity
                # grows) are the registrations' of counter 0, as seats.promote_waitlist records
                # them; counter 0's capacity is then made to fit by sharing the free seats again.
                after[0][key] += delta
                share_again = True
        if share_again:
            free = _share(max(event.capacity - sum(_taken(c) for c in after.values()), 0), count)
            for n, c in after.items():
                c["capacity"] = _taken(c) + free[n]
        for n, c in after.items():
            if c != before[n] or n not in seats.counters:
                self._put_counter(event.id, n, c)

    def list_events(self, query: EventQuery) -> Page[Event]:
        q = self._db.collection("events").where(filter=FieldFilter("status", "==", SCHEDULED))
        if query.organizer_id:
            q = q.where(filter=FieldFilter("organizer_id", "==", query.organizer_id))
        q = q.where(filter=FieldFilter("starts_at", ">=", query.starts_from))
        if query.starts_to:
            q = q.where(filter=FieldFilter("starts_at", "<", query.starts_to))
        q = q.order_by("starts_at").order_by(ID)
        text = query.text.lower() if query.text else None
        location = query.location.lower() if query.location else None

        # Firestore has no substring search: these filters run here, over the ordered scan,
        # which reads at most SEARCH_SCAN events per page (docs/api.md, "Searching events").
        def keep(e: Event) -> bool:
            return ((not text or text in e.title.lower() or text in e.description.lower())
                    and (not location or location in e.location.lower())
                    and e.organizer_id != query.exclude_organizer_id)

        filtered = bool(text or location or query.exclude_organizer_id)
        page = self._page(Event, q, query.limit, query.cursor, lambda e: (e.starts_at, e.id),
                          self._time_key, keep, max_scan=SEARCH_SCAN if filtered else None)
        return Page([self._whole_event(_Seats(e, {})) for e in page.items], page.next_cursor)

    # registrations
    def get_registration(self, registration_id: str) -> Registration | None:
        return _load(Registration, self.get_doc("registrations", registration_id))

    def get_active_registration(self, event_id: str, user_id: str) -> Registration | None:
        key = self.get_doc("registration_keys", digest(event_id, user_id))
        return self.get_registration(key.get("registration_id")) if key.exists else None

    def get_registration_by_ticket(self, event_id: str, ticket_code: str) -> Registration | None:
        docs = self.query(self._db.collection("registrations")
                           .where(filter=FieldFilter("event_id", "==", event_id))
                           .where(filter=FieldFilter("ticket_code", "==", ticket_code)).limit(1))
        return _load(Registration, docs[0]) if docs else None

    def first_waitlisted(self, event_id: str, count: int) -> list[Registration]:
        if count <= 0:
            return []
        docs = self.query(self._db.collection("registrations")
                           .where(filter=FieldFilter("event_id", "==", event_id))
                           .where(filter=FieldFilter("status", "==", WAITLISTED))
                           .order_by("created_at").order_by(ID).limit(count))
        return [r for r in (_load(Registration, d) for d in docs) if r]

    def active_registrations(self, event_id: str) -> list[Registration]:
        docs = self.query(self._db.collection("registrations")
                           .where(filter=FieldFilter("event_id", "==", event_id))
                           .where(filter=FieldFilter("status", "in", list(ACTIVE_REGISTRATION))))
        regs = [r for r in (_load(Registration, d) for d in docs) if r]
        return sorted(regs, key=lambda r: (r.created_at, r.id))

    def _put_registration(self, registration: Registration, create: bool) -> None:
        key = digest(registration.event_id, registration.user_id)
        if registration.status in ACTIVE_REGISTRATION:
            existing = self.get_doc("registration_keys", key)
            if existing.exists and existing.get("registration_id") != registration.id:
                raise AlreadyRegistered()
            self._set("registration_keys", key, {"registration_id": registration.id})
        else:
            self.delete_doc("registration_keys", key)
        self._set("registrations", registration.id, _dump(registration), create=create)

    def insert_registration(self, registration: Registration) -> None:
        self._put_registration(registration, create=True)

    def update_registration(self, registration: Registration) -> None:
        self._put_registration(registration, create=False)

    def list_event_registrations(self, event_id: str, limit: int, cursor: str | None) -> Page[Registration]:
        q = (self._db.collection("registrations").where(filter=FieldFilter("event_id", "==", event_id))
             .order_by("created_at").order_by(ID))
        return self._page(Registration, q, limit, cursor, lambda r: (r.created_at, r.id), self._time_key)

    def list_user_registrations(self, user_id: str, limit: int, cursor: str | None) -> Page[Registration]:
        q = (self._db.collection("registrations").where(filter=FieldFilter("user_id", "==", user_id))
             .order_by("created_at", direction=DESC).order_by(ID, direction=DESC))
        return self._page(Registration, q, limit, cursor, lambda r: (r.created_at, r.id), self._time_key)

    def expired_holds(self, now: datetime, limit: int) -> list[Registration]:
        docs = self.query(self._db.collection("registrations")
                           .where(filter=FieldFilter("status", "==", PENDING_PAYMENT))
                           .where(filter=FieldFilter("hold_expires_at", "<=", now))
                           .order_by("hold_expires_at").limit(limit))
        return [r for r in (_load(Registration, d) for d in docs) if r]

    # payments: the document id is the registration's
    def get_payment(self, payment_id: str) -> Payment | None:
        return _load(Payment, self.get_doc("payments", payment_id))

    def put_payment(self, payment: Payment) -> None:
        self._set("payments", payment.id, _dump(payment))

    def event_payments(self, event_id: str, statuses: tuple[str, ...]) -> list[Payment]:
        docs = self.query(self._db.collection("payments")
                           .where(filter=FieldFilter("event_id", "==", event_id))
                           .where(filter=FieldFilter("status", "in", list(statuses))))
        found = [p for p in (_load(Payment, d) for d in docs) if p]
        return sorted(found, key=lambda p: (p.created_at, p.id))

    # reviews: the document id is the (event, person) pair, so a second review cannot exist
    def get_review(self, event_id: str, user_id: str) -> Review | None:
        return _load(Review, self.get_doc("reviews", digest(event_id, user_id)))

    def insert_review(self, review: Review) -> None:
        if self.get_review(review.event_id, review.user_id) is not None:
            raise AlreadyReviewed()
        self._set("reviews", digest(review.event_id, review.user_id), _dump(review), create=True)

    def list_reviews(self, event_id: str, limit: int, cursor: str | None) -> Page[Review]:
        q = (self._db.collection("reviews").where(filter=FieldFilter("event_id", "==", event_id))
             .order_by("created_at", direction=DESC).order_by(ID, direction=DESC))
        return self._page(Review, q, limit, cursor, lambda r: (r.created_at, digest(r.event_id, r.user_id)),
                          self._time_key)

    # notifications
    def insert_notification(self, notification: Notification) -> bool:
        if self.get_doc("notifications", notification.id).exists:
            return False
        self._set("notifications", notification.id,
                  _dump(notification, seq=self._next_seq(notification.user_id),
                        stored_at=firestore.SERVER_TIMESTAMP), create=True)
        return True

    def _next_seq(self, user_id: str) -> int:
        """The person's next stream position, from their counter document. Gap-free: a
        transaction that takes number n+1 has read the counter the one taking n wrote, so it
        commits after it; a stream that has seen n+1 can never see n appear later. (Commit
        timestamps give no such order to a reader.)"""
        if user_id not in self._seqs:
            doc = self.get_doc("notification_counters", user_id)
            self._seqs[user_id] = int(doc.get("seq")) if doc.exists else 0
            ref = self._db.collection("notification_counters").document(user_id)
            self._writes.append(lambda tx: tx.set(ref, {"seq": self._seqs[user_id]}))
        self._seqs[user_id] += 1
        return self._seqs[user_id]

    def get_notification(self, notification_id: str) -> Notification | None:
        return _load(Notification, self.get_doc("notifications", notification_id))

    def update_notification(self, notification: Notification) -> None:
        self.update_doc(self._db.collection("notifications").document(notification.id),
                        {"read_at": notification.read_at, "message": notification.message})

    def mark_all_read(self, user_id: str, when: datetime, limit: int) -> int:
        docs = self.query(self._db.collection("notifications")
                           .where(filter=FieldFilter("user_id", "==", user_id))
                           .where(filter=FieldFilter("read_at", "==", None)).limit(limit))
        for doc in docs:
            self.update_doc(doc.reference, {"read_at": when})
        return len(docs)

    def _user_notifications(self, user_id: str | None, unread_only: bool) -> Any:
        q = self._db.collection("notifications")
        if user_id is not None:
            q = q.where(filter=FieldFilter("user_id", "==", user_id))
        if unread_only:
            q = q.where(filter=FieldFilter("read_at", "==", None))
        return q

    def list_notifications(self, user_id: str, unread_only: bool, limit: int,
                           cursor: str | None) -> Page[Notification]:
        q = (self._user_notifications(user_id, unread_only)
             .order_by("created_at", direction=DESC).order_by(ID, direction=DESC))
        return self._page(Notification, q, limit, cursor, lambda n: (n.created_at, n.id), self._time_key)

    def notifications_after(self, user_id: str | None, position: str | None,
                            limit: int) -> list[tuple[str, Notification]]:
        if user_id is not None:  # a person's stream: their gap-free sequence (`_next_seq`)
            start = stream_seq(position) or 0
            q = self._user_notifications(user_id, False).order_by("seq").start_after([start])
            return [(str(doc.get("seq")), n) for doc in self.query(q.limit(limit))
                    if (n := _load(Notification, doc)) is not None]
        # Everyone's, for the workers' watchers, which only wake streams: by commit time. One it
        # passes by costs a delay until that stream's next own read (its heartbeat), no loss.
        q = self._user_notifications(None, False).order_by("stored_at").order_by(ID)
        if position and _is_position(position):  # else ("0", or not ours): from the first
            stamp, _, doc_id = position.partition("|")
            q = q.start_after([parse_sortable(stamp), doc_id])
        out = []
        for doc in self.query(q.limit(limit)):
            stored = doc.get("stored_at")
            notification = _load(Notification, doc)
            if stored is not None and notification is not None:
                out.append((_position(stored, doc.id), notification))
        return out

    def stream_position(self, user_id: str | None, resume_from: str | None) -> str:
        if user_id is not None:
            counter = self.get_doc("notification_counters", user_id)
            newest = int(counter.get("seq")) if counter.exists else 0
            resumed = stream_seq(resume_from)
            return str(resumed if resumed is not None and resumed <= newest else newest)
        docs = self.query(self._user_notifications(None, False)
                           .order_by("stored_at", direction=DESC).order_by(ID, direction=DESC).limit(1))
        newest_stored = "0"
        if docs and docs[0].get("stored_at") is not None:
            newest_stored = _position(docs[0].get("stored_at"), docs[0].id)
        if resume_from == "0" or (resume_from and _is_position(resume_from) and resume_from <= newest_stored):
            return resume_from
        return newest_stored

    # message handling
    def mark_processed(self, subscription: str, message_id: str, when: datetime,
                       occurred_at: datetime | None = None) -> bool:
        doc_id = digest(subscription, message_id)
        if self.get_doc("processed_messages", doc_id).exists:
            return False
        self._set("processed_messages", doc_id, {"subscription": subscription, "message_id": message_id,
                                                 "processed_at": when, "occurred_at": occurred_at},
                  create=True)
        return True

    def was_processed(self, subscription: str, message_id: str) -> bool:
        return bool(self.get_doc("processed_messages", digest(subscription, message_id)).exists)

    # live streams: few per person, so they are read by person and filtered here (no index)
    def live_streams(self, user_id: str, now: datetime) -> int:
        open_now = 0
        for doc in self.query(self._db.collection("live_streams")
                              .where(filter=FieldFilter("user_id", "==", user_id))):
            if _plain(doc.get("until")) <= now:
                self.delete_doc("live_streams", doc.id)
            else:
                open_now += 1
        return open_now

    def open_live_stream(self, stream_id: str, user_id: str, until: datetime) -> None:
        self._set("live_streams", stream_id, {"user_id": user_id, "until": until}, create=True)

    def close_live_stream(self, stream_id: str) -> None:
        self.delete_doc("live_streams", stream_id)

    # sign-in attempts: keys are hex digests, safe as document ids
    def get_login_attempts(self, key: str) -> LoginAttempts | None:
        return _load(LoginAttempts, self.get_doc("login_attempts", digest(key)))

    def put_login_attempts(self, record: LoginAttempts) -> None:
        self._set("login_attempts", digest(record.key), _dump(record))

    def delete_login_attempts(self, key: str) -> None:
        self.delete_doc("login_attempts", digest(key))

    def get_counter(self, key: str) -> WindowCounter | None:
        return _load(WindowCounter, self.get_doc("counters", digest(key)))

    def put_counter(self, counter: WindowCounter) -> None:
        self._set("counters", digest(counter.key), _dump(counter))

    # outbox
    def emit(self, message: Message) -> None:
        # Due from the moment of the change, on the app's clock (the relay claims on it too).
        self.emitted.append(message.id)
        self._set("outbox", message.id, {
            "type": message.type, "body": json.dumps(message_body(message)),
            "created_at": message.occurred_at, "available_at": message.occurred_at,
            "attempts": 0}, create=True)


class FirestoreStore(Storage):
    def __init__(self, project: str | None, *, emulator: bool = False, max_attempts: int = 30,
                 write_concurrency: int | None = None) -> None:
        options = {"projectId": project} if project else None
        credential = AnonymousCredential() if emulator else None
        self._app = firebase_admin.initialize_app(credential, options, name=f"store-{new_id()}")
        self.db = firestore.client(self._app)
        self._max_attempts = max_attempts
        limit = write_concurrency or (1 if emulator else None)
        self._write_gate = threading.BoundedSemaphore(limit) if limit else contextlib.nullcontext()
        self.credentials = FirestoreCredentials(self)
        self.outbox = FirestoreOutbox(self)

    def transact(self, fn: Callable[[FirestoreTransaction], T], read_only: bool) -> T:
        emitted: list[str] = []

        def body(transaction: Any) -> T:
            tx = FirestoreTransaction(self, transaction)
            result = fn(tx)
            tx.flush()
            emitted[:] = tx.emitted  # the last attempt's: an aborted one is run again
            return result

        with contextlib.nullcontext() if read_only else self._write_gate:
            result = self._attempts(body, read_only)
        self.committed(emitted)
        return result

    def _attempts(self, body: Callable[[Any], T], read_only: bool) -> T:
        last: Exception | None = None
        for attempt in range(self._max_attempts):
            transaction = self.db.transaction(max_attempts=1, read_only=read_only)
            try:
                return cast(T, firestore.transactional(body)(transaction))
            except gexc.AlreadyExists as exc:
                # A create() lost a race the reads could not see: the same clash as a read finds.
                raise Conflict() from exc
            except (gexc.Aborted, gexc.ServiceUnavailable, gexc.DeadlineExceeded, ValueError) as exc:
                # Contention: aborted while reading, or the commit lost (ValueError from the
                # client after its own attempts). Back off with jitter and run the rule again.
                if isinstance(exc, ValueError) and "transaction" not in str(exc).lower():
                    raise
                last = exc
                time.sleep(CONTENTION_BACKOFF.delay(attempt + 1))
        raise Unavailable(f"the store is too busy to take this change now ({last})")

    def run(self, fn: Callable[[Transaction], T]) -> T:
        return self.transact(fn, read_only=False)

    def read(self, fn: Callable[[Transaction], T]) -> T:
        return self.transact(fn, read_only=True)

    def ping(self) -> None:
        self.db.collection("events").document("_ping").get(timeout=5)

    def close(self) -> None:
        firebase_admin.delete_app(self._app)


class FirestoreCredentials(CredentialStore):
    """Keyed by the account, with the email held unique by a key document."""

    def __init__(self, store: FirestoreStore) -> None:
        self._store = store

    def find(self, email: str) -> Credentials | None:
        def read(tx: FirestoreTransaction) -> Credentials | None:
            key = tx.get_doc("unique_keys", digest("credential-email", email.lower()))
            if not key.exists:
                return None
            doc = tx.get_doc("credentials", key.get("owner"))
            return Credentials(**doc.to_dict()) if doc.exists else None

        return self._store.transact(read, read_only=True)

    def set_password_hash(self, user_id: str, password_hash: str) -> None:
        self._store.db.collection("credentials").document(user_id).update({"password_hash": password_hash})

    def delete(self, user_id: str) -> None:
        def apply(tx: FirestoreTransaction) -> None:
            doc = tx.get_doc("credentials", user_id)
            if doc.exists:
                tx.delete_doc("unique_keys", digest("credential-email", doc.get("email").lower()))
                tx.delete_doc("credentials", user_id)

        self._store.transact(apply, read_only=False)


class FirestoreOutbox(Outbox):
    def __init__(self, store: FirestoreStore) -> None:
        self._store = store
        self._outbox = store.db.collection("outbox")

    def claim(self, now: datetime, lease_seconds: float, limit: int) -> list[OutboxItem]:
        def claim(tx: FirestoreTransaction) -> list[OutboxItem]:
            docs = tx.query(self._outbox.where(filter=FieldFilter("available_at", "<=", now))
                            .order_by("available_at").limit(limit))
            return sorted(_lease(tx, docs, now, lease_seconds), key=lambda i: i.message.occurred_at)

        return self._store.transact(claim, read_only=False)

    def claim_ids(self, message_ids: list[str], now: datetime, lease_seconds: float) -> list[OutboxItem]:
        # By id, not by query: a request claims only its own messages and contends with no one.
        def claim(tx: FirestoreTransaction) -> list[OutboxItem]:
            docs = tx.get_all([self._outbox.document(message_id) for message_id in message_ids])
            due = [doc for doc in docs if doc.exists and _plain(doc.get("available_at")) <= now]
            return _lease(tx, due, now, lease_seconds)

        return self._store.transact(claim, read_only=False)

    def complete(self, message_ids: list[str]) -> None:
        for chunk in _chunks(message_ids, 400):
            batch = self._store.db.batch()
            for message_id in chunk:
                batch.delete(self._outbox.document(message_id))
            batch.commit()

    def release(self, message_id: str, retry_at: datetime, error: str) -> None:
        self._outbox.document(message_id).update({"available_at": retry_at, "last_error": error})


def _position(stored_at: Any, doc_id: str) -> str:
    """A live stream's position: when the notification was stored, then its id (`time|id`)."""
    return f"{sortable(_plain(stored_at))}|{doc_id}"


def _is_position(text: str) -> bool:
    """A position as `_position` makes them."""
    stamp, _, doc_id = text.partition("|")
    try:
        parse_sortable(stamp)
    except ValueError:
        return False
    return len(stamp) == len(sortable(EPOCH)) and doc_id.isascii() and doc_id.isalnum()


def _lease(tx: FirestoreTransaction, docs: list[Any], now: datetime,
           lease_seconds: float) -> list[OutboxItem]:
    """Claim these outbox documents until the lease ends, counting the attempt."""
    lease = now + timedelta(seconds=lease_seconds)
    items = []
    for doc in docs:
        attempts = doc.get("attempts") + 1
        tx.update_doc(doc.reference, {"available_at": lease, "attempts": attempts})
        items.append(OutboxItem(message_from_body(json.loads(doc.get("body"))), attempts))
    return items


def _share(seats: int, counters: int) -> list[int]:
    """`seats` shared out as evenly as whole seats go."""
    each, extra = divmod(seats, counters)
    return [each + (1 if n < extra else 0) for n in range(counters)]


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
