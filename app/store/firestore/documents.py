"""Documents to records and back, and the transaction plumbing every Firestore repository shares.

Firestore wants every read of a transaction before its first write; `Session` buffers writes
and applies them when the rule function returns, so the domain's read-then-write rules run
unchanged."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from firebase_admin import firestore

from app.domain.errors import BadCursor, Conflict
from app.domain.ids import digest
from app.domain.models import Page
from app.store.cursor import decode_cursor, encode_cursor
from app.timeutil import parse_sortable, sortable, to_utc

T = TypeVar("T")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
DESC = firestore.Query.DESCENDING
ASC = firestore.Query.ASCENDING
RPC_TIMEOUT = 20.0  # seconds: a call that hangs must fail and be retried, never block a worker
ID = "__name__"


def plain(value: Any) -> Any:
    # Firestore hands back its own datetime subclass; the domain gets plain UTC datetimes.
    return to_utc(datetime.fromisoformat(value.isoformat())) if isinstance(value, datetime) else value


def load(cls: type[T], doc: Any, **renamed: str) -> T | None:
    """The record a document holds (fields it does not know are the adapter's own); `renamed`
    maps a field's former name to its name now, for documents written before the change."""
    if doc is None or not doc.exists:
        return None
    data = doc.to_dict()
    for old, new in renamed.items():
        if old in data and new not in data:
            data[new] = data[old]
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: plain(v) for k, v in data.items() if k in names})


def dump(record: Any, **extra: Any) -> dict[str, Any]:
    return {**dataclasses.asdict(record), **extra}


def time_key(parts: tuple[str, ...]) -> list[Any]:
    try:
        return [parse_sortable(parts[0]), parts[1]]
    except ValueError:
        raise BadCursor() from None


def _cursor_after(keys: tuple[Any, ...]) -> str:
    a, b = keys
    return encode_cursor(sortable(a) if isinstance(a, datetime) else a, b)


class Session:
    """One Firestore transaction: its reads, and its writes, buffered until `flush`."""

    def __init__(self, db: Any, transaction: Any) -> None:
        self.db = db
        self._tx = transaction
        self._writes: list[Callable[[Any], None]] = []

    def ref(self, collection: str, doc_id: str) -> Any:
        return self.db.collection(collection).document(doc_id)

    def get_doc(self, collection: str, doc_id: str) -> Any:
        return self.ref(collection, doc_id).get(transaction=self._tx, timeout=RPC_TIMEOUT)

    def get_ref(self, ref: Any) -> Any:
        return ref.get(transaction=self._tx, timeout=RPC_TIMEOUT)

    def get_all(self, refs: list[Any]) -> list[Any]:
        """These documents in one call (in no particular order); none asked, none read."""
        if not refs:
            return []
        return list(self.db.get_all(refs, transaction=self._tx, timeout=RPC_TIMEOUT))

    def query(self, query: Any) -> list[Any]:
        return list(query.stream(transaction=self._tx, timeout=RPC_TIMEOUT))

    def set(self, collection: str, doc_id: str, data: dict[str, Any], *, create: bool = False) -> None:
        self.set_ref(self.ref(collection, doc_id), data, create=create)

    def set_ref(self, ref: Any, data: dict[str, Any], *, create: bool = False) -> None:
        self._writes.append(lambda tx: tx.create(ref, data) if create else tx.set(ref, data))

    def set_later(self, ref: Any, data: Callable[[], dict[str, Any]]) -> None:
        """Write what `data` gives when the transaction flushes (a counter advanced meanwhile)."""
        self._writes.append(lambda tx: tx.set(ref, data()))

    def delete_doc(self, collection: str, doc_id: str) -> None:
        self.delete_ref(self.ref(collection, doc_id))

    def delete_ref(self, ref: Any) -> None:
        self._writes.append(lambda tx: tx.delete(ref))

    def update_doc(self, ref: Any, data: dict[str, Any]) -> None:
        self._writes.append(lambda tx: tx.update(ref, data))

    def flush(self) -> None:
        for write in self._writes:
            write(self._tx)

    def claim_key(self, kind: str, value: str, owner: str, clash: type[Conflict]) -> None:
        """Hold `value` unique among `kind` for `owner` by a key document the transaction reads
        then writes (never a query followed by a blind write)."""
        doc = self.get_doc("unique_keys", digest(kind, value.lower()))
        if doc.exists and doc.get("owner") != owner:
            raise clash()
        self.set("unique_keys", digest(kind, value.lower()), {"owner": owner, "kind": kind})

    def page(self, read: Callable[[Any], T | None], query: Any, limit: int, cursor: str | None,
             key: Callable[[T], tuple[Any, ...]], keep: Callable[[T], bool] = lambda _: True,
             max_scan: int | None = None) -> Page[T]:
        """Keyset pagination on a stable order (a time, then the document id); `read` makes a
        record of a document (`functools.partial(load, cls)`). With `keep`,
        documents are filtered here; `max_scan` bounds how many one page reads, and a page that
        hit it ends with a cursor after the last document read (it may hold fewer than `limit`)."""
        if cursor:
            query = query.start_after(time_key(decode_cursor(cursor, 2)))
        items: list[T] = []
        batch = max(limit + 1, 50)
        scanned, last = 0, None
        while len(items) <= limit:
            asked = batch if max_scan is None else min(batch, max_scan - scanned)
            docs = self.query(query.limit(asked))
            scanned += len(docs)
            items += [r for r in (read(d) for d in docs) if r is not None and keep(r)]
            if len(docs) < asked or (last := read(docs[-1])) is None:
                last = None
                break
            if max_scan is not None and scanned >= max_scan:
                break
            query = query.start_after(list(key(last)))
        if len(items) > limit:
            items, last = items[:limit], items[limit - 1]
        return Page(items, _cursor_after(key(last)) if last is not None else None)


class Repository:
    """A repository over the session of one transaction."""

    def __init__(self, session: Session) -> None:
        self._s = session
        self._db = session.db

    def _all_of(self, cls: type[T], query: Any, key: Callable[[T], Any]) -> list[T]:
        """Every record `query` finds, in `key` order: an event's few types, codes, questions or
        team, read whole."""
        found = (load(cls, doc) for doc in self._s.query(query))
        return sorted((r for r in found if r is not None), key=key)
