"""Notifications, with each person's gap-free stream sequence, and open live streams."""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

from firebase_admin import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from app.domain.models import Notification, Page
from app.domain.repositories import LiveStreams, Notifications
from app.store.cursor import stream_seq
from app.store.firestore.documents import DESC, EPOCH, ID, Repository, dump, load, plain
from app.timeutil import parse_sortable, sortable


def _position(stored_at: Any, doc_id: str) -> str:
    """A live stream's position: when the notification was stored, then its id (`time|id`)."""
    return f"{sortable(plain(stored_at))}|{doc_id}"


def _is_position(text: str) -> bool:
    """A position as `_position` makes them."""
    stamp, _, doc_id = text.partition("|")
    try:
        parse_sortable(stamp)
    except ValueError:
        return False
    return len(stamp) == len(sortable(EPOCH)) and doc_id.isascii() and doc_id.isalnum()


class FirestoreNotifications(Repository, Notifications):
    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._seqs: dict[str, int] = {}  # notification counters read (and advanced) in this one

    def add(self, notification: Notification) -> bool:
        if self._s.get_doc("notifications", notification.id).exists:
            return False
        self._s.set("notifications", notification.id,
                    dump(notification, seq=self._next_seq(notification.user_id),
                         stored_at=firestore.SERVER_TIMESTAMP), create=True)
        return True

    def _next_seq(self, user_id: str) -> int:
        """The person's next stream position, from their counter document. Gap-free: a
        transaction that takes number n+1 has read the counter the one taking n wrote, so it
        commits after it; a stream that has seen n+1 can never see n appear later. (Commit
        timestamps give no such order to a reader.)"""
        if user_id not in self._seqs:
            doc = self._s.get_doc("notification_counters", user_id)
            self._seqs[user_id] = int(doc.get("seq")) if doc.exists else 0
            self._s.set_later(self._s.ref("notification_counters", user_id),
                              lambda: {"seq": self._seqs[user_id]})
        self._seqs[user_id] += 1
        return self._seqs[user_id]

    def get(self, notification_id: str) -> Notification | None:
        return load(Notification, self._s.get_doc("notifications", notification_id))

    def update(self, notification: Notification) -> None:
        self._s.update_doc(self._s.ref("notifications", notification.id),
                           {"read_at": notification.read_at, "message": notification.message})

    def mark_all_read(self, user_id: str, when: datetime, limit: int) -> int:
        docs = self._s.query(self._of(user_id, True).limit(limit))
        for doc in docs:
            self._s.update_doc(doc.reference, {"read_at": when})
        return len(docs)

    def _of(self, user_id: str | None, unread_only: bool) -> Any:
        q = self._db.collection("notifications")
        if user_id is not None:
            q = q.where(filter=FieldFilter("user_id", "==", user_id))
        if unread_only:
            q = q.where(filter=FieldFilter("read_at", "==", None))
        return q

    def page(self, user_id: str, unread_only: bool, limit: int,
             cursor: str | None) -> Page[Notification]:
        q = (self._of(user_id, unread_only)
             .order_by("created_at", direction=DESC).order_by(ID, direction=DESC))
        return self._s.page(functools.partial(load, Notification), q, limit, cursor,
                            lambda n: (n.created_at, n.id))

    def after(self, user_id: str | None, position: str | None,
              limit: int) -> list[tuple[str, Notification]]:
        if user_id is not None:  # a person's stream: their gap-free sequence (`_next_seq`)
            start = stream_seq(position) or 0
            q = self._of(user_id, False).order_by("seq").start_after([start])
            return [(str(doc.get("seq")), n) for doc in self._s.query(q.limit(limit))
                    if (n := load(Notification, doc)) is not None]
        # Everyone's, for the workers' watchers, which only wake streams: by commit time. One it
        # passes by costs a delay until that stream's next own read (its heartbeat), no loss.
        q = self._of(None, False).order_by("stored_at").order_by(ID)
        if position and _is_position(position):  # else ("0", or not ours): from the first
            stamp, _, doc_id = position.partition("|")
            q = q.start_after([parse_sortable(stamp), doc_id])
        out = []
        for doc in self._s.query(q.limit(limit)):
            stored = doc.get("stored_at")
            notification = load(Notification, doc)
            if stored is not None and notification is not None:
                out.append((_position(stored, doc.id), notification))
        return out

    def stream_position(self, user_id: str | None, resume_from: str | None) -> str:
        if user_id is not None:
            counter = self._s.get_doc("notification_counters", user_id)
            newest = int(counter.get("seq")) if counter.exists else 0
            resumed = stream_seq(resume_from)
            return str(resumed if resumed is not None and resumed <= newest else newest)
        docs = self._s.query(self._of(None, False)
                             .order_by("stored_at", direction=DESC).order_by(ID, direction=DESC).limit(1))
        newest_stored = "0"
        if docs and docs[0].get("stored_at") is not None:
            newest_stored = _position(docs[0].get("stored_at"), docs[0].id)
        if resume_from == "0" or (resume_from and _is_position(resume_from) and resume_from <= newest_stored):
            return resume_from
        return newest_stored


class FirestoreLiveStreams(Repository, LiveStreams):
    """Few per person, so they are read by person and filtered here (no index)."""

    def count_open(self, user_id: str, now: datetime) -> int:
        open_now = 0
        for doc in self._s.query(self._db.collection("live_streams")
                                 .where(filter=FieldFilter("user_id", "==", user_id))):
            if plain(doc.get("until")) <= now:
                self._s.delete_doc("live_streams", doc.id)
            else:
                open_now += 1
        return open_now

    def open(self, stream_id: str, user_id: str, until: datetime) -> None:
        self._s.set("live_streams", stream_id, {"user_id": user_id, "until": until}, create=True)

    def close(self, stream_id: str) -> None:
        self._s.delete_doc("live_streams", stream_id)
