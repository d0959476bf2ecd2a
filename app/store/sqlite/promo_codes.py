"""Promo codes, one row each; the table's CHECK holds their uses within their limit."""

from __future__ import annotations

from app.domain.offers import PromoCode
from app.domain.repositories import PromoCodes
from app.store.sqlite.rows import Repository, insert_sql, to_row


class SqlitePromoCodes(Repository, PromoCodes):
    def of_event(self, event_id: str) -> list[PromoCode]:
        return self._all(PromoCode, "SELECT * FROM promo_codes WHERE event_id = ? ORDER BY code", event_id)

    def get(self, event_id: str, code: str) -> PromoCode | None:
        return self._one(PromoCode, "SELECT * FROM promo_codes WHERE event_id = ? AND code = ?",
                         event_id, code)

    def put(self, promo: PromoCode) -> None:
        row = to_row(promo)
        self._conn.execute(insert_sql("promo_codes", row, "INSERT OR REPLACE"), row)

    def delete(self, event_id: str, code: str) -> None:
        self._conn.execute("DELETE FROM promo_codes WHERE event_id = ? AND code = ?", (event_id, code))
