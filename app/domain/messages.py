"""Domain events: what they are called, what they carry and which topics carry them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.domain.ids import new_id
from app.domain.models import Event, Message
from app.timeutil import rfc3339, to_utc

USER_REGISTERED = "user.registered"
PROFILE_UPDATED = "profile.updated"
USER_SIGNED_OUT = "user.signed_out"
# the account's own life (app/domain/passwords.py, app/domain/account_data.py)
EMAIL_VERIFIED = "user.email_verified"
PASSWORD_RESET_REQUESTED = "user.password_reset_requested"  # noqa: S105 - a message type
EMAIL_CHANGED = "user.email_changed"
PASSWORD_CHANGED = "user.password_changed"  # noqa: S105 - a message type
ACCOUNT_DELETED = "user.deleted"
EVENT_CREATED = "event.created"
EVENT_UPDATED = "event.updated"
EVENT_CANCELLED = "event.cancelled"
REGISTRATION_CONFIRMED = "registration.confirmed"
REGISTRATION_WAITLISTED = "registration.waitlisted"
REGISTRATION_CANCELLED = "registration.cancelled"
REGISTRATION_PROMOTED = "registration.promoted"
TICKET_CHECKED_IN = "registration.checked_in"
TICKET_PASSED_ON = "registration.passed_on"  # its buyer named someone else for it (app/domain/orders.py)
REVIEW_CREATED = "review.created"
EVENT_ANNOUNCED = "event.announced"  # the organizer wrote to everyone coming
EVENT_REMINDER_DUE = "event.reminder_due"  # the day before (app/domain/reminders.py)
# paid tickets (app/domain/payment_rules.py)
REGISTRATION_HELD = "registration.held"  # a seat held while its buyer pays
REGISTRATION_RELEASED = "registration.released"  # a hold ended unpaid: declined or expired
PAYMENT_PAID = "payment.paid"
PAYMENT_REFUND_REQUESTED = "payment.refund_requested"  # the payments handler refunds it
PAYMENT_REFUNDED = "payment.refunded"
PAYMENT_CLOSED = "payment.closed"  # an unpaid checkout is no longer wanted: close it
# an event's team (app/domain/team.py)
TEAM_INVITED = "team.invited"  # a place offered by mail
TEAM_JOINED = "team.joined"
TEAM_LEFT = "team.left"  # taken off by the organizer, or left
LETTER_DUE = "mail.letter_due"  # one letter to one person (app/domain/mailing.py)

# Logical topic -> the types it carries. The audit topic carries every action (not INTERNAL ones).
AUDIT = "notification"
USER_REGISTRATION = "users-registration"
USER_NOTIFICATIONS = "user-notifications"
EVENT_CAPACITY = "change-event-capacity"
PAYMENTS = "payments"
MAIL = "mail"
RECOMMENDATIONS = "recommendations"

TOPIC_TYPES: dict[str, frozenset[str] | None] = {
    USER_REGISTRATION: frozenset({USER_REGISTERED}),
    AUDIT: None,
    USER_NOTIFICATIONS: frozenset({
        EVENT_UPDATED, EVENT_CANCELLED, REGISTRATION_CONFIRMED,
        REGISTRATION_WAITLISTED, REGISTRATION_CANCELLED, REGISTRATION_PROMOTED, REVIEW_CREATED,
        REGISTRATION_HELD, REGISTRATION_RELEASED, PAYMENT_PAID, PAYMENT_REFUNDED, TICKET_CHECKED_IN,
        TEAM_JOINED, TEAM_LEFT,
    }),
    EVENT_CAPACITY: frozenset({
        EVENT_CREATED, EVENT_UPDATED, EVENT_CANCELLED, REGISTRATION_CONFIRMED,
        REGISTRATION_WAITLISTED, REGISTRATION_CANCELLED, REGISTRATION_PROMOTED, REVIEW_CREATED,
        REGISTRATION_HELD, REGISTRATION_RELEASED, PAYMENT_PAID,
    }),
    PAYMENTS: frozenset({PAYMENT_REFUND_REQUESTED, PAYMENT_CLOSED}),
    MAIL: frozenset({  # app/domain/mailing.py: tickets, receipts, changes
        REGISTRATION_CONFIRMED, TICKET_PASSED_ON, REGISTRATION_PROMOTED, PAYMENT_PAID, PAYMENT_REFUNDED,
        EVENT_UPDATED, EVENT_CANCELLED, EVENT_ANNOUNCED, EVENT_REMINDER_DUE, LETTER_DUE, TEAM_INVITED,
    }),
    RECOMMENDATIONS: frozenset({  # app/domain/recommendations.py: what people go to and like
        REGISTRATION_CONFIRMED, REGISTRATION_PROMOTED, PAYMENT_PAID, REGISTRATION_CANCELLED,
        TICKET_CHECKED_IN, REVIEW_CREATED,
    }),
}


# The platform's own plumbing, not an action of anyone's: the audit topic does not carry it.
INTERNAL = frozenset({LETTER_DUE, EVENT_REMINDER_DUE})


def topics_for(message_type: str) -> list[str]:
    return [t for t, types in TOPIC_TYPES.items()
            if (types is None and message_type not in INTERNAL) or (types and message_type in types)]


def about_event(event: Event) -> dict[str, str]:
    """What every message about an event carries (message_data.AboutEvent)."""
    return {"event_id": event.id, "organizer_id": event.organizer_id, "title": event.title}


def new_message(message_type: str, actor_id: str | None, now: datetime, **data: Any) -> Message:
    return Message(id=new_id(), type=message_type, occurred_at=now, actor_id=actor_id, data=data)


def message_body(message: Message) -> dict[str, Any]:
    """The JSON body of a bus message (the `data` of a Pub/Sub message, before base64)."""
    return {"id": message.id, "type": message.type, "occurred_at": rfc3339(message.occurred_at),
            "actor_id": message.actor_id, "data": message.data}


def message_from_body(body: dict[str, Any]) -> Message:
    occurred = datetime.fromisoformat(str(body["occurred_at"]).replace("Z", "+00:00"))
    return Message(id=str(body["id"]), type=str(body["type"]), occurred_at=to_utc(occurred),
                   actor_id=body.get("actor_id"), data=dict(body.get("data") or {}))
