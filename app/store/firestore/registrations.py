"""Registrations. "One active registration per person and event" is held by a key document
(`registration_keys/{digest(event, person)}`) the transaction reads, then writes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud.firestore_v1.base_query import FieldFilter

from app.domain.errors import AlreadyRegistered
from app.domain.ids import digest
from app.domain.models import ACTIVE_REGISTRATION, PENDING_PAYMENT, WAITLISTED, Page, Registration
from app.domain.repositories import Registrations
from app.store.firestore.documents import DESC, ID, Repository, dump, load


def _registration(doc: Any) -> Registration | None:
    # `seat_counter` was `seat_shard` in documents written before the seat aggregate
    return load(Registration, doc, seat_shard="seat_counter")


class FirestoreRegistrations(Repository, Registrations):
    def _where(self, field: str, op: str, value: Any) -> Any:
        return self._db.collection("registrations").where(filter=FieldFilter(field, op, value))

    def _all(self, query: Any) -> list[Registration]:
        return [r for r in (_registration(d) for d in self._s.query(query)) if r]

    def get(self, registration_id: str) -> Registration | None:
        return _registration(self._s.get_doc("registrations", registration_id))

    def active_of(self, event_id: str, user_id: str) -> Registration | None:
        key = self._s.get_doc("registration_keys", digest(event_id, user_id))
        return self.get(key.get("registration_id")) if key.exists else None

    def by_ticket(self, event_id: str, ticket_code: str) -> Registration | None:
        found = self._all(self._where("event_id", "==", event_id)
                          .where(filter=FieldFilter("ticket_code", "==", ticket_code)).limit(1))
        return found[0] if found else None

    def first_waitlisted(self, event_id: str, count: int) -> list[Registration]:
        if count <= 0:
            return []
        return self._all(self._where("event_id", "==", event_id)
                         .where(filter=FieldFilter("status", "==", WAITLISTED))
                         .order_by("created_at").order_by(ID).limit(count))

    def active(self, event_id: str) -> list[Registration]:
        regs = self._all(self._where("event_id", "==", event_id)
                         .where(filter=FieldFilter("status", "in", list(ACTIVE_REGISTRATION))))
        return sorted(regs, key=lambda r: (r.created_at, r.id))

    def _put(self, registration: Registration, create: bool) -> None:
        self._s.set("registrations", registration.id, dump(registration), create=create)
        if not registration.keyed:  # an order's other tickets: its first stands for it
            return
        key = digest(registration.event_id, registration.user_id)
        if registration.status in ACTIVE_REGISTRATION:
            existing = self._s.get_doc("registration_keys", key)
            if existing.exists and existing.get("registration_id") != registration.id:
                raise AlreadyRegistered()
            self._s.set("registration_keys", key, {"registration_id": registration.id})
        else:
            self._s.delete_doc("registration_keys", key)

    def add(self, registration: Registration) -> None:
        self._put(registration, create=True)

    def update(self, registration: Registration) -> None:
        self._put(registration, create=False)

    def of_event(self, event_id: str, limit: int, cursor: str | None) -> Page[Registration]:
        q = self._where("event_id", "==", event_id).order_by("created_at").order_by(ID)
        return self._s.page(_registration, q, limit, cursor, lambda r: (r.created_at, r.id))

    def of_user(self, user_id: str, limit: int, cursor: str | None) -> Page[Registration]:
        q = (self._where("user_id", "==", user_id)
             .order_by("created_at", direction=DESC).order_by(ID, direction=DESC))
        return self._s.page(_registration, q, limit, cursor, lambda r: (r.created_at, r.id))

    def of_order(self, order_id: str) -> list[Registration]:
        return sorted(self._all(self._where("order_id", "==", order_id)), key=lambda r: r.id)

    def expired_holds(self, now: datetime, limit: int) -> list[Registration]:
        return self._all(self._where("status", "==", PENDING_PAYMENT)
                         .where(filter=FieldFilter("hold_expires_at", "<=", now))
                         .order_by("hold_expires_at").limit(limit))


