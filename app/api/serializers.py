"""How records look in responses (JSON bodies). Password hashes have no field here to leak through."""

from __future__ import annotations

from typing import Any

from app.domain.models import Event, Notification, Registration, Review, User
from app.timeutil import rfc3339


def user_json(user: User, *, private: bool) -> dict[str, Any]:
    body = {"id": user.id, "username": user.username, "first_name": user.first_name,
            "last_name": user.last_name, "created_at": rfc3339(user.created_at)}
    if private:
        body |= {"email": user.email, "updated_at": rfc3339(user.updated_at)}
    return body


def event_json(event: Event) -> dict[str, Any]:
    return {
        "id": event.id, "organizer_id": event.organizer_id, "title": event.title,
        "description": event.description, "starts_at": rfc3339(event.starts_at),
        "ends_at": rfc3339(event.ends_at), "timezone": event.timezone, "location": event.location,
        "capacity": event.capacity, "price": event.price, "currency": event.currency,
        "status": event.status, "registered_count": event.confirmed_count,
        "seats_left": event.seats_left, "waitlist_count": event.waitlist_count,
        "review_count": event.review_count, "rating_avg": event.rating_avg,
        "sold_out_at": rfc3339(event.sold_out_at),
        "created_at": rfc3339(event.created_at), "updated_at": rfc3339(event.updated_at),
    }


def event_summary(event: Event) -> dict[str, Any]:
    return {"id": event.id, "title": event.title, "starts_at": rfc3339(event.starts_at),
            "timezone": event.timezone, "location": event.location, "status": event.status}


def registration_json(registration: Registration, event: Event | None = None, *,
                      holder: bool = True) -> dict[str, Any]:
    """The ticket code is the holder's proof of entry: only the holder is shown it."""
    body: dict[str, Any] = {
        "id": registration.id, "event_id": registration.event_id,
        "user_id": registration.user_id, "status": registration.status,
        "checked_in_at": rfc3339(registration.checked_in_at),
        "created_at": rfc3339(registration.created_at),
        "updated_at": rfc3339(registration.updated_at),
    }
    if holder:
        body["ticket_code"] = registration.ticket_code
    if event is not None:
        body["event"] = event_summary(event)
    return body


def review_json(review: Review) -> dict[str, Any]:
    return {"id": review.id, "event_id": review.event_id, "user_id": review.user_id,
            "username": review.username, "rating": review.rating, "comment": review.comment,
            "created_at": rfc3339(review.created_at)}


def notification_json(notification: Notification) -> dict[str, Any]:
    return {"id": notification.id, "kind": notification.kind, "message": notification.message,
            "event_id": notification.event_id, "read_at": rfc3339(notification.read_at),
            "created_at": rfc3339(notification.created_at)}
