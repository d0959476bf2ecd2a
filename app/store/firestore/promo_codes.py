"""Promo codes: `events/{event}/promo_codes/{code}`, written in the transaction that seats or
frees a ticket bought with one (its uses), like a capped ticket type (docs/scaling.md)."""

from __future__ import annotations

import dataclasses
from typing import Any

from app.domain.offers import PromoCode
from app.domain.repositories import PromoCodes
from app.store.firestore.documents import Repository, load


class FirestorePromoCodes(Repository, PromoCodes):
    def _codes(self, event_id: str) -> Any:
        return self._s.ref("events", event_id).collection("promo_codes")

    def of_event(self, event_id: str) -> list[PromoCode]:
        return self._all_of(PromoCode, self._codes(event_id), lambda c: c.code)

    def get(self, event_id: str, code: str) -> PromoCode | None:
        return load(PromoCode, self._s.get_ref(self._codes(event_id).document(code)))

    def put(self, promo: PromoCode) -> None:
        self._s.set_ref(self._codes(promo.event_id).document(promo.code), dataclasses.asdict(promo))

    def delete(self, event_id: str, code: str) -> None:
        self._s.delete_ref(self._codes(event_id).document(code))
