"""Ticket types, one row each; the table's CHECK holds a capped type's counts within its cap."""

from __future__ import annotations

from app.domain.offers import TicketType
from app.domain.repositories import TicketTypes
from app.store.sqlite.rows import Repository, insert_sql, to_row


class SqliteTicketTypes(Repository, TicketTypes):
    def of_event(self, event_id: str) -> list[TicketType]:
        return self._all(TicketType, "SELECT * FROM ticket_types WHERE event_id = ? ORDER BY position, id",
                         event_id)

    def get(self, event_id: str, type_id: str) -> TicketType | None:
        return self._one(TicketType, "SELECT * FROM ticket_types WHERE event_id = ? AND id = ?",
                         event_id, type_id)

    def put(self, ticket_type: TicketType) -> None:
        row = to_row(ticket_type)
        self._conn.execute(insert_sql("ticket_types", row, "INSERT OR REPLACE"), row)

    def delete(self, event_id: str, type_id: str) -> None:
        self._conn.execute("DELETE FROM ticket_types WHERE event_id = ? AND id = ?", (event_id, type_id))

    def sold_any(self, event_id: str, type_id: str) -> bool:
        found = self._conn.execute(
            "SELECT 1 FROM registrations WHERE event_id = ? AND ticket_type_id = ? LIMIT 1",
            (event_id, type_id)).fetchone()
        return found is not None
