"""How records look in responses (JSON bodies). Password hashes have no field here to leak through."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.api.common import services
from app.domain import covers
from app.domain.dashboard import Dashboard
from app.domain.insight import Insight, Theme
from app.domain.models import (
    OPEN,
    Event,
    Notification,
    Order,
    Payment,
    Registration,
    Review,
    TokenGrant,
    User,
)
from app.domain.offers import PromoCode, Question, TicketType
from app.domain.recommender import Reason
from app.domain.roles import Invitation, Member
from app.domain.turnout import Forecast, Interval
from app.i18n import reader, say
from app.timeutil import rfc3339


def grant_json(grant: TokenGrant) -> dict[str, Any]:
    return {"id_token": grant.id_token, "token_type": "Bearer", "expires_in": grant.expires_in,
            "uid": grant.uid}


def user_json(user: User, *, private: bool) -> dict[str, Any]:
    body: dict[str, Any] = {"id": user.id, "username": user.username, "first_name": user.first_name,
                            "last_name": user.last_name, "created_at": rfc3339(user.created_at)}
    if private:
        body |= {"email": user.email, "email_verified": user.email_verified,
                 "mail_reminders": user.mail_reminders, "mail_announcements": user.mail_announcements,
                 "interest_categories": user.interest_categories, "interest_tags": user.interest_tags,
                 "personalised": user.personalised, "language": user.language,
                 "updated_at": rfc3339(user.updated_at)}
    return body


def event_json(event: Event, now: datetime) -> dict[str, Any]:
    return {
        "id": event.id, "organizer_id": event.organizer_id, "title": event.title,
        "description": event.description, "starts_at": rfc3339(event.starts_at),
        "ends_at": rfc3339(event.ends_at), "timezone": event.timezone, "location": event.location,
        "capacity": event.capacity, "price": event.price, "currency": event.currency,
        "refund_hours_before": event.refund_hours_before, "max_per_order": event.max_per_order,
        "status": event.status, "visibility": event.visibility,
        "registered_count": event.confirmed_count,
        "held_count": event.held_count,
        "seats_left": event.seats_left, "waitlist_count": event.waitlist_count,
        "review_count": event.review_count, "rating_avg": event.rating_avg,
        "sold_out_at": rfc3339(event.sold_out_at),
        "sales_open": event.sales_open(now),
        "category": event.category, "tags": event.tags,
        "image_url": _url(covers.share_key(event)), "image_alt": event.image_alt,
        "image": image_json(event),
        "created_at": rfc3339(event.created_at), "updated_at": rfc3339(event.updated_at),
    }


def image_json(event: Event) -> dict[str, Any] | None:
    """The cover's page renditions, for a `srcset`; width and height let a page keep its place."""
    if event.image_id is None:
        return None
    return {"width": event.image_width, "height": event.image_height,
            "sources": [{"url": services().files.url(key), "width": width}
                        for width, key in covers.page_keys(event)]}


def _url(key: str | None) -> str | None:
    return services().files.url(key) if key else None


def event_summary(event: Event) -> dict[str, Any]:
    return {"id": event.id, "title": event.title, "starts_at": rfc3339(event.starts_at),
            "timezone": event.timezone, "location": event.location, "status": event.status}


def registration_json(registration: Registration, event: Event | None = None, *,
                      holder: bool = True, payment: Payment | None = None) -> dict[str, Any]:
    """The ticket code is the holder's proof of entry: only the holder is shown it."""
    body: dict[str, Any] = {
        "id": registration.id, "event_id": registration.event_id,
        "user_id": registration.user_id, "status": registration.status,
        "ticket_type_id": registration.type_id, "order_id": registration.order_id,
        "attendee_name": registration.attendee_name, "attendee_email": registration.attendee_email,
        "price": registration.price, "discount": registration.discount, "promo_code": registration.promo_code,
        "answers": registration.answers,
        "hold_expires_at": rfc3339(registration.hold_expires_at),
        "checked_in_at": rfc3339(registration.checked_in_at),
        "refunded_at": rfc3339(registration.refunded_at),
        "created_at": rfc3339(registration.created_at),
        "updated_at": rfc3339(registration.updated_at),
    }
    if holder:
        body["ticket_code"] = registration.ticket_code
    if event is not None:
        body["event"] = event_summary(event)
    if payment is not None:
        body["payment"] = payment_json(payment)
    return body


def order_json(order: Order, event: Event | None = None, tickets: list[Registration] | None = None,
               payment: Payment | None = None) -> dict[str, Any]:
    """An order for its buyer: with its tickets (each with its code) and its payment when read whole."""
    body: dict[str, Any] = {
        "id": order.id, "event_id": order.event_id, "user_id": order.user_id,
        "ticket_count": order.ticket_count, "amount": order.amount, "discount": order.discount,
        "promo_code": order.promo_code, "currency": order.currency, "answers": order.answers,
        "created_at": rfc3339(order.created_at),
    }
    if event is not None:
        body["event"] = event_summary(event)
    if tickets is not None:
        body["tickets"] = [registration_json(t) for t in tickets]
        body["payment"] = payment_json(payment) if payment is not None else None
    return body


def ticket_type_json(kind: TicketType, event: Event, now: datetime, *, organizer: bool,
                     code: PromoCode | None = None) -> dict[str, Any]:
    """A ticket type as buyers read it: what is left of it is what the event and its cap both
    leave; with the code they typed, its price with it; how many were taken is its organizer's
    to read."""
    body: dict[str, Any] = {
        "id": kind.id, "name": kind.name, "description": kind.description, "price": kind.price,
        "currency": event.currency, "cap": kind.cap, "left": kind.left_in(event), "position": kind.position,
        "sales_start": rfc3339(kind.sales_start), "sales_end": rfc3339(kind.sales_end),
        "on_sale": event.sales_open(now) and kind.on_sale(now), "hidden": kind.hidden,
        "min_per_order": kind.min_per_order, "max_per_order": kind.max_per_order,
    }
    if code is not None and code.applies_to(kind):
        body["price_with_code"] = kind.price - code.off(kind.price)
    if organizer and kind.cap is not None:
        body |= {"confirmed": kind.confirmed_count, "held": kind.held_count}
    return body


def question_json(question: Question) -> dict[str, Any]:
    return {"id": question.id, "label": question.label, "kind": question.kind, "choices": question.choices,
            "required": question.required, "per_attendee": question.per_attendee,
            "position": question.position}


def promo_code_json(code: PromoCode, event: Event) -> dict[str, Any]:
    """A code for its organizer, with its uses (tickets standing that were bought with it)."""
    return {"code": code.code, "discount_kind": code.discount_kind, "discount": code.discount,
            "currency": event.currency, "type_ids": code.type_ids, "valid_from": rfc3339(code.valid_from),
            "valid_until": rfc3339(code.valid_until), "max_uses": code.max_uses, "used": code.used,
            "created_at": rfc3339(code.created_at)}


def payment_json(payment: Payment) -> dict[str, Any]:
    """A ticket's payment: what to pay and where while it is open, the receipt once paid."""
    return {
        "id": payment.id, "status": payment.status, "amount": payment.amount,
        "currency": payment.currency, "provider": payment.provider,
        "checkout_url": payment.checkout_url if payment.status == OPEN else None,
        "expires_at": rfc3339(payment.expires_at), "paid_at": rfc3339(payment.paid_at),
        "refunded_at": rfc3339(payment.refunded_at), "refund_reason": payment.refund_reason,
        "created_at": rfc3339(payment.created_at),
    }


def sales_json(event: Event) -> dict[str, Any]:
    """An event's sales for its organizer, in minor units of its currency."""
    return {
        "event_id": event.id, "currency": event.currency, "price": event.price,
        "capacity": event.capacity, "confirmed_count": event.confirmed_count,
        "held_count": event.held_count, "paid_count": event.paid_count,
        "paid_amount": event.paid_amount, "refunded_count": event.refunded_count,
        "refunded_amount": event.refunded_amount,
        "net_amount": event.paid_amount - event.refunded_amount,
    }


def dashboard_json(board: Dashboard) -> dict[str, Any]:
    """Days in the event's zone; amounts in minor units of its currency."""
    return {"event_id": board.event.id, "currency": board.event.currency, "timezone": board.event.timezone,
            "confirmed": board.confirmed, "checked_in": board.checked_in,
            "days": [{"day": d.day.isoformat(), "tickets": d.tickets, "cumulative": d.cumulative,
                      "revenue": d.revenue} for d in board.days],
            "types": [{"id": t.type_id, "name": t.name, "confirmed": t.confirmed, "held": t.held,
                       "left": t.left, "revenue": t.revenue} for t in board.types],
            "codes": [{"code": c.code, "used": c.used, "max_uses": c.max_uses} for c in board.codes]}


def insight_json(found: Insight) -> dict[str, Any]:
    def themes(found_themes: list[Theme]) -> list[dict[str, Any]]:
        return [{"term": t.term, "weight": t.weight, "example": t.example} for t in found_themes]

    return {"reviews": found.reviews, "ratings": {str(k): v for k, v in found.ratings.items()},
            "tones": {str(k): v for k, v in found.tones.items()}, "judged_by_text": found.judged_by_text,
            "praised": themes(found.praised), "criticised": themes(found.criticised)}


def forecast_json(found: Forecast) -> dict[str, Any]:
    def interval(i: Interval | None) -> dict[str, float] | None:
        return None if i is None else {"expected": i.expected, "low": i.low, "high": i.high}

    return {"tickets": found.tickets, "rate": found.rate, "history": found.history,
            "check_ins": interval(found.check_ins), "final_sales": interval(found.final_sales),
            "explanation": [say(reader(), said.template, said.params) for said in found.explanation]}


def reason_json(reason: Reason) -> dict[str, Any]:
    said = reason.text
    return {"code": reason.kind.value, "about": reason.about,
            "text": say(reader(), said.template, said.params)}


def review_json(review: Review) -> dict[str, Any]:
    return {"id": review.id, "event_id": review.event_id, "user_id": review.user_id,
            "username": review.username, "rating": review.rating, "comment": review.comment,
            "created_at": rfc3339(review.created_at)}


def notification_json(notification: Notification) -> dict[str, Any]:
    return {"id": notification.id, "kind": notification.kind, "message": notification.message,
            "event_id": notification.event_id, "read_at": rfc3339(notification.read_at),
            "created_at": rfc3339(notification.created_at)}


def member_json(member: Member) -> dict[str, Any]:
    return {"event_id": member.event_id, "user_id": member.user_id, "role": member.role,
            "added_at": rfc3339(member.added_at)}


def invitation_json(invitation: Invitation) -> dict[str, Any]:
    return {"id": invitation.id, "event_id": invitation.event_id, "email": invitation.email,
            "role": invitation.role, "created_at": rfc3339(invitation.created_at),
            "expires_at": rfc3339(invitation.expires_at)}
