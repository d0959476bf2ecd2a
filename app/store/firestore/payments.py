"""Orders; payments (the document id is the order's, or the ticket's bought alone); reviews (the
document id is the (event, person) pair, so a second review cannot exist)."""

from __future__ import annotations

import functools

from google.cloud.firestore_v1.base_query import FieldFilter

from app.domain.errors import AlreadyReviewed
from app.domain.ids import digest
from app.domain.models import Order, Page, Payment, PaymentStatus, Review
from app.domain.repositories import Orders, Payments, Reviews
from app.store.firestore.documents import DESC, ID, Repository, dump, load


class FirestorePayments(Repository, Payments):
    def get(self, payment_id: str) -> Payment | None:
        return load(Payment, self._s.get_doc("payments", payment_id))

    def put(self, payment: Payment) -> None:
        self._s.set("payments", payment.id, dump(payment))

    def of_event(self, event_id: str, statuses: tuple[PaymentStatus, ...]) -> list[Payment]:
        docs = self._s.query(self._db.collection("payments")
                             .where(filter=FieldFilter("event_id", "==", event_id))
                             .where(filter=FieldFilter("status", "in", list(statuses))))
        found = [p for p in (load(Payment, d) for d in docs) if p]
        return sorted(found, key=lambda p: (p.created_at, p.id))


class FirestoreOrders(Repository, Orders):
    def get(self, order_id: str) -> Order | None:
        return load(Order, self._s.get_doc("orders", order_id))

    def add(self, order: Order) -> None:
        self._s.set("orders", order.id, dump(order), create=True)

    def of_user(self, user_id: str, limit: int, cursor: str | None) -> Page[Order]:
        q = (self._db.collection("orders").where(filter=FieldFilter("user_id", "==", user_id))
             .order_by("created_at", direction=DESC).order_by(ID, direction=DESC))
        return self._s.page(functools.partial(load, Order), q, limit, cursor, lambda o: (o.created_at, o.id))


class FirestoreReviews(Repository, Reviews):
    def get(self, event_id: str, user_id: str) -> Review | None:
        return load(Review, self._s.get_doc("reviews", digest(event_id, user_id)))

    def add(self, review: Review) -> None:
        if self.get(review.event_id, review.user_id) is not None:
            raise AlreadyReviewed()
        self._s.set("reviews", digest(review.event_id, review.user_id), dump(review), create=True)

    def sign_as(self, event_id: str, user_id: str, username: str) -> None:
        self._s.update_doc(self._s.ref("reviews", digest(event_id, user_id)), {"username": username})

    def of_event(self, event_id: str, limit: int, cursor: str | None) -> Page[Review]:
        q = (self._db.collection("reviews").where(filter=FieldFilter("event_id", "==", event_id))
             .order_by("created_at", direction=DESC).order_by(ID, direction=DESC))
        return self._s.page(functools.partial(load, Review), q, limit, cursor,
                            lambda r: (r.created_at, digest(r.event_id, r.user_id)))
