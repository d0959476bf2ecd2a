"""Records read lately, kept a few seconds in this process: the recommender's candidates and
popular lists are the same for everyone who asks within a minute, and parsing them again for each
request was most of its cost (docs/recommendations.md). Only reads that may be that old use it;
a write through this process drops what it wrote, other processes' writes show within `ttl`."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from app.domain.taste import ItemTaste

T = TypeVar("T")
CACHE_SECONDS = 30.0  # how old a candidate or a popular list a request may be shown


class Recent(Generic[T]):
    def __init__(self, ttl: float, size: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl, self._size, self._clock = ttl, size, clock
        self._kept: OrderedDict[str, tuple[float, T]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, keys: Iterable[str]) -> tuple[dict[str, T], list[str]]:
        """What is kept and fresh of `keys`, and the keys to read."""
        now, found, missing = self._clock(), {}, []
        with self._lock:
            for key in keys:
                kept = self._kept.get(key)
                if kept is not None and kept[0] > now:
                    found[key] = kept[1]
                else:
                    missing.append(key)
        return found, missing

    def put(self, records: dict[str, T]) -> None:
        until = self._clock() + self._ttl
        with self._lock:
            for key, record in records.items():
                self._kept[key] = (until, record)
                self._kept.move_to_end(key)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)

    def drop(self, keys: Iterable[str]) -> None:
        with self._lock:
            for key in keys:
                self._kept.pop(key, None)


class TasteCache:
    """A store's recently read candidates and popular lists."""

    def __init__(self) -> None:
        self.items: Recent[ItemTaste] = Recent(ttl=CACHE_SECONDS, size=50_000)
        self.popular: Recent[dict[str, list[str]]] = Recent(ttl=CACHE_SECONDS, size=1)
