"""Reviews: by people who held a confirmed ticket, once per event, after it started."""

from __future__ import annotations

from datetime import datetime

from app.domain import messages as m
from app.domain import quotas
from app.domain.errors import AlreadyReviewed, EventNotStarted, NotAnAttendee, NotFound, OwnEvent
from app.domain.events import load_event
from app.domain.ids import new_id
from app.domain.models import CONFIRMED, Page, Review
from app.domain.ports import Store, Transaction


def create_review(store: Store, user_id: str, event_id: str, rating: int, comment: str,
                  now: datetime) -> Review:
    def apply(tx: Transaction) -> Review:
        event = load_event(tx, event_id)
        if event.organizer_id == user_id:
            raise OwnEvent()  # an organizer's rating of their own event is no attendee's
        registration = tx.registrations.active_of(event_id, user_id)
        if registration is None or registration.status != CONFIRMED:
            raise NotAnAttendee()
        if event.starts_at > now:
            raise EventNotStarted()
        if tx.reviews.get(event_id, user_id) is not None:
            raise AlreadyReviewed()
        quotas.take(tx, quotas.REVIEWS_PER_HOUR, user_id, now)
        author = tx.users.get(user_id)
        if author is None:
            raise NotFound("no profile for this account")
        review = Review(id=new_id(), event_id=event_id, user_id=user_id, username=author.username,
                        rating=rating, comment=comment, created_at=now)
        tx.reviews.add(review)
        event.review_count += 1
        event.rating_sum += rating
        tx.events.update(event)
        tx.emit(m.new_message(m.REVIEW_CREATED, user_id, now, review_id=review.id,
                              event_id=event_id, organizer_id=event.organizer_id, title=event.title,
                              user_id=user_id, rating=rating))
        return review

    return store.run(apply)


def list_reviews(store: Store, event_id: str, limit: int, cursor: str | None) -> Page[Review]:
    def read(tx: Transaction) -> Page[Review]:
        load_event(tx, event_id)
        return tx.reviews.of_event(event_id, limit, cursor)

    return store.read(read)
