"""The recommender's records as documents: `taste_items/{event}` carries its content vector as a
Firestore vector (similar events are a KNN `find_nearest` on it: firestore.indexes.json),
`taste_people/{user}`, and the popular lists in one document, `taste_popular/lists` (a few hundred
KB at most: docs/scaling.md)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from google.cloud.firestore_v1.base_query import FieldFilter
from google.cloud.firestore_v1.base_vector_query import DistanceMeasure
from google.cloud.firestore_v1.vector import Vector

from app.domain.models import Event, Review, User
from app.domain.repositories import Attendance, Tastes
from app.domain.taste import ItemTaste, Norms, PersonTaste
from app.store.firestore.documents import RPC_TIMEOUT, Repository, Session, load, plain
from app.store.recent import TasteCache

ITEMS, PEOPLE, POPULAR = "taste_items", "taste_people", "taste_popular"
_LISTS, _NORMS = "lists", "norms"
_WRITE_BATCH = 400  # writes per commit: under Firestore's 500


def _item(doc: Any) -> ItemTaste | None:
    if doc is None or not doc.exists:
        return None
    data = doc.to_dict()
    vector = data.get("vector")
    data["vector"] = list(vector) if vector is not None else []
    return load(ItemTaste, _Doc(data))


@dataclasses.dataclass
class _Doc:
    """A document's fields, changed before they are read as a record."""

    fields: dict[str, Any]
    exists: bool = True

    def to_dict(self) -> dict[str, Any]:
        return self.fields


def _person(doc: Any) -> PersonTaste | None:
    if doc is None or not doc.exists:
        return None
    data = doc.to_dict()
    data["went"] = {pair["event"]: pair["weight"] for pair in data.get("went", [])}
    return load(PersonTaste, _Doc(data))


class FirestoreTastes(Repository, Tastes):
    def __init__(self, session: Session, cache: TasteCache) -> None:
        super().__init__(session)
        self._cache = cache

    def items(self, event_ids: list[str], whole: bool = True) -> dict[str, ItemTaste]:
        ids = list(dict.fromkeys(event_ids))
        if whole:
            return self._read_items(ids)
        found, missing = self._cache.items.get(ids)
        read = self._read_items(missing)
        self._cache.items.put(read)
        return {**found, **read}

    def _read_items(self, ids: list[str]) -> dict[str, ItemTaste]:
        refs = [self._s.ref(ITEMS, i) for i in ids]
        return {i.event_id: i for i in (_item(d) for d in self._s.get_all(refs)) if i}

    def put_items(self, items: list[ItemTaste]) -> None:
        self._cache.items.drop(i.event_id for i in items)
        for item in items:
            self._s.set(ITEMS, item.event_id, {**dataclasses.asdict(item), "vector": Vector(item.vector)})

    def drop_items(self, starts_before: datetime) -> int:
        old = self._s.query(self._db.collection(ITEMS)
                            .where(filter=FieldFilter("starts_at", "<", starts_before)).limit(_WRITE_BATCH))
        for doc in old:
            self._s.delete_doc(ITEMS, doc.id)
        return len(old)

    def nearest(self, item: ItemTaste, limit: int) -> list[str]:
        if not item.vector:
            return []
        query = self._db.collection(ITEMS).find_nearest(
            "vector", Vector(item.vector), limit=limit + 1, distance_measure=DistanceMeasure.COSINE)
        found = [d.id for d in query.stream(timeout=RPC_TIMEOUT)]  # outside the transaction
        return [i for i in found if i != item.event_id][:limit]

    def person(self, user_id: str) -> PersonTaste | None:
        return _person(self._s.get_doc(PEOPLE, user_id))

    def put_person(self, person: PersonTaste) -> None:
        # a map comes back in key order: the order of `went` (oldest first) is kept as pairs
        went = [{"event": e, "weight": w} for e, w in person.went.items()]
        data = {**dataclasses.asdict(person), "went": went}
        self._s.set(PEOPLE, person.user_id, data)

    def forget_person(self, user_id: str) -> None:
        self._s.delete_doc(PEOPLE, user_id)

    def every_person(self) -> Iterator[PersonTaste]:
        for doc in self._stream(self._db.collection(PEOPLE)):
            person = _person(doc)
            if person is not None:
                yield person

    def popular(self) -> dict[str, list[str]]:
        found, _ = self._cache.popular.get([_LISTS])
        if _LISTS in found:
            return found[_LISTS]
        doc = self._s.get_doc(POPULAR, _LISTS)
        lists = dict(doc.to_dict()) if doc.exists else {}
        self._cache.popular.put({_LISTS: lists})
        return lists

    def put_popular(self, lists: dict[str, list[str]]) -> None:
        self._cache.popular.drop([_LISTS])
        self._s.set(POPULAR, _LISTS, lists)

    def norms(self) -> Norms | None:
        doc = self._s.get_doc(POPULAR, _NORMS)
        return Norms(**doc.to_dict()) if doc.exists else None

    def put_norms(self, norms: Norms) -> None:
        self._s.set(POPULAR, _NORMS, dataclasses.asdict(norms))

    # The rebuild's reads stream whole collections outside any transaction (a transaction would
    # expire long before): docs/scaling.md says how this moves to a Cloud Run job.
    def _stream(self, query: Any) -> Iterator[Any]:
        yield from query.stream(timeout=RPC_TIMEOUT * 30)

    def events_since(self, since: datetime) -> Iterator[Event]:
        query = self._db.collection("events").where(filter=FieldFilter("starts_at", ">=", since))
        for doc in self._stream(query):
            event = load(Event, doc)
            if event is not None:
                yield event

    def attendance_since(self, since: datetime) -> Iterator[Attendance]:
        starts = {e.id for e in self.events_since(since)}
        for doc in self._stream(self._db.collection("registrations")):
            data = doc.to_dict()
            if data.get("event_id") in starts:
                yield Attendance(data["user_id"], data["event_id"], data["status"],
                                 data.get("checked_in_at") is not None, plain(data["created_at"]))

    def ratings_since(self, since: datetime) -> Iterator[Review]:
        query = self._db.collection("reviews").where(filter=FieldFilter("created_at", ">=", since))
        for doc in self._stream(query):
            review = load(Review, doc)
            if review is not None:
                yield review

    def people(self) -> Iterator[User]:
        for doc in self._stream(self._db.collection("users")):
            user = load(User, doc)
            if user is not None:
                yield user
