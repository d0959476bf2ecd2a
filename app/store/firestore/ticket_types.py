"""Ticket types: `events/{event}/ticket_types/{type}`. A capped type's counts live on its own
document, written in the transaction that seats or frees one of its tickets (docs/scaling.md)."""

from __future__ import annotations

import dataclasses
from typing import Any

from google.cloud.firestore_v1.base_query import FieldFilter

from app.domain.offers import TicketType
from app.domain.repositories import TicketTypes
from app.store.firestore.documents import Repository, load


class FirestoreTicketTypes(Repository, TicketTypes):
    def _types(self, event_id: str) -> Any:
        return self._s.ref("events", event_id).collection("ticket_types")

    def of_event(self, event_id: str) -> list[TicketType]:
        return self._all_of(TicketType, self._types(event_id), lambda t: (t.position, t.id))

    def get(self, event_id: str, type_id: str) -> TicketType | None:
        return load(TicketType, self._s.get_ref(self._types(event_id).document(type_id)))

    def put(self, ticket_type: TicketType) -> None:
        ref = self._types(ticket_type.event_id).document(ticket_type.id)
        self._s.set_ref(ref, dataclasses.asdict(ticket_type))

    def delete(self, event_id: str, type_id: str) -> None:
        self._s.delete_ref(self._types(event_id).document(type_id))

    def sold_any(self, event_id: str, type_id: str) -> bool:
        query = (self._db.collection("registrations").where(filter=FieldFilter("event_id", "==", event_id))
                 .where(filter=FieldFilter("ticket_type_id", "==", type_id)).limit(1))
        return bool(self._s.query(query))
