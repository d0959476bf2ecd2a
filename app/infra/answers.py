"""Answers that are the same for every reader (the public list of events, an event, its page),
kept by each worker while nothing they show can have changed:

- the store's catalog version is the one they were built at (`Store.catalog_version`, bumped in
  the same transaction as any change to an event or an organizer's name, by any worker or
  instance), and
- the clock has not reached the next instant at which they change by time alone (an event's
  start: its sales close and an upcoming list loses it; `events.next_change`).

So an answer from here is the answer the store would give now, never one a minute old. The
version is read before the answer is built, so what is kept is at least as new as its label.
Stores that cannot keep such a version without a hotspot (Firestore: every seat taken would
write one document) answer None, and every answer is built afresh; a CDN in front still keeps
visitors' answers a minute (docs/covers.md, "Behind a CDN").
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

ENTRIES = 1024  # per worker; the least recently used goes first (query strings are anyone's)


@dataclass(frozen=True)
class Built:
    body: bytes
    until: datetime | None  # the next change by time alone; None: none


@dataclass(frozen=True)
class Kept:
    body: bytes
    etag: str  # strong: a hash of the body


@dataclass(frozen=True)
class _Entry:
    version: str
    built_at: datetime
    until: datetime | None
    kept: Kept


def _kept(body: bytes) -> Kept:
    return Kept(body, hashlib.sha1(body, usedforsecurity=False).hexdigest())


class SharedAnswers:
    def __init__(self, entries: int = ENTRIES) -> None:
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._size = entries
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def answer(self, key: str, version: str | None, now: datetime, build: Callable[[], Built]) -> Kept:
        if version is None:
            return _kept(build().body)
        with self._lock:
            entry = self._entries.get(key)
            if (entry is not None and entry.version == version and entry.built_at <= now
                    and (entry.until is None or now < entry.until)):
                self._entries.move_to_end(key)
                self.hits += 1
                return entry.kept
        built = build()
        kept = _kept(built.body)
        with self._lock:
            self.misses += 1
            self._entries[key] = _Entry(version, now, built.until, kept)
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return kept
