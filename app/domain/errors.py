"""Every way a request can fail, named once. Each kind carries a stable machine word (`code`) and a
default sentence; the domain and the adapters raise these, and the API maps each family to one
HTTP status (app/api/problems.py).

A detail is a sentence (app/domain/sentences.py): a literal with {named} places filled from keyword
arguments, so the API can say it in the caller's language."""

from __future__ import annotations

from typing import ClassVar


class DomainError(Exception):
    code: ClassVar[str] = "error"
    default_detail: ClassVar[str] = "the request cannot be carried out"

    def __init__(self, detail: str | None = None, **params: object) -> None:
        self.template = detail or self.default_detail
        self.params = params
        self.detail = self.template.format(**params) if params else self.template
        super().__init__(self.detail)


# 404
class NotFound(DomainError):
    code = "not_found"
    default_detail = "no such record"


# 403
class Forbidden(DomainError):
    code = "forbidden"
    default_detail = "you may not do this"


class NotAnAttendee(Forbidden):
    code = "not_an_attendee"
    default_detail = "only people with a confirmed ticket may review this event"


# 401
class Unauthorized(DomainError):
    code = "unauthorized"
    default_detail = "sign in first"


class WrongCredentials(Unauthorized):
    """One sentence for an unknown email and a wrong password alike: no account is revealed."""

    default_detail = "email or password is wrong"


# 409: the request is well-formed, the state of things refuses it
class Conflict(DomainError):
    code = "conflict"
    default_detail = "the change clashes with an existing record"


class EmailTaken(Conflict):
    code = "email_taken"
    default_detail = "an account with this email exists"


class UsernameTaken(Conflict):
    code = "username_taken"
    default_detail = "this username is taken"


class AlreadyRegistered(Conflict):
    code = "already_registered"
    default_detail = "you already hold a registration for this event"


class AlreadyReviewed(Conflict):
    code = "already_reviewed"
    default_detail = "you already reviewed this event"


class HasUpcomingEvents(Conflict):
    """An organizer's account cannot be deleted while people hold tickets to their events."""

    code = "has_upcoming_events"


class EventCancelled(Conflict):
    code = "event_cancelled"
    default_detail = "the event is cancelled"


class RegistrationClosed(Conflict):
    code = "registration_closed"
    default_detail = "the event has already started"


class EventStarted(Conflict):
    """Moving a started event would reopen its sales and rewrite what attendees lived through."""

    code = "event_started"
    default_detail = "the event has started; its start can no longer change"


class CurrencyLocked(Conflict):
    code = "currency_locked"
    default_detail = ("tickets were sold or are held in this currency; it can no longer change "
                      "(a new price applies to new sales)")


class TicketUsed(Conflict):
    """A ticket checked in at the door is spent (invariant 10)."""

    code = "ticket_used"
    default_detail = "this ticket was used at the door; it can no longer be cancelled"


class WholeOrderOnly(Conflict):
    """A ticket that cannot leave its order alone: the order's first while others stand (it
    stands for the order: invariant 2), or one of an order whose payment is not settled."""

    code = "whole_order_only"
    default_detail = "this ticket can only be cancelled with its whole order"


class OwnEvent(Forbidden):
    code = "own_event"
    default_detail = "organizers cannot review their own event"


class EventFull(Conflict):
    code = "event_full"
    default_detail = "the event is full"


class TicketTypeSoldOut(Conflict):
    """Every ticket of this type is taken, though the event may have seats for other types."""

    code = "ticket_type_sold_out"
    default_detail = "every ticket of this type is taken"


class TicketTypeSold(Conflict):
    """Tickets of this type were taken: deleting it would orphan them; its sales can be closed."""

    code = "ticket_type_sold"
    default_detail = "tickets of this type were taken: close its sales instead of deleting it"


class PromoCodeUsedUp(Conflict):
    code = "promo_code_used_up"
    default_detail = "this code has been used as many times as it may"


class TeamFull(Conflict):
    """An event's team, members and open invitations together, is at its most (app/domain/team.py)."""

    code = "team_full"
    default_detail = "an event's team holds at most {n} people, invited or joined"


class PromoCodeUsed(Conflict):
    """Tickets were bought with this code: deleting it would leave their uses uncounted."""

    code = "promo_code_used"
    default_detail = "tickets were bought with this code: end its validity instead of deleting it"


class NotOnSale(Conflict):
    code = "not_on_sale"
    default_detail = "this ticket type is not on sale now"


class AlreadyCancelled(Conflict):
    code = "already_cancelled"
    default_detail = "the registration is already cancelled"


class CapacityBelowConfirmed(Conflict):
    code = "capacity_below_confirmed"
    default_detail = "capacity cannot go below the seats already confirmed"


class TicketNotValid(Conflict):
    code = "ticket_not_valid"
    default_detail = "this ticket is not valid"


class AlreadyCheckedIn(Conflict):
    code = "already_checked_in"
    default_detail = "this ticket was already used"


class EventNotStarted(Conflict):
    code = "event_not_started"
    default_detail = "the event has not started yet"


class PaymentClosed(Conflict):
    code = "payment_closed"
    default_detail = "this payment is no longer open: the seat was released or the ticket paid"


# 400
class BadSignature(DomainError):
    """A payment provider's notification that is not signed with our secret, or was signed too
    long ago (a replay): nothing is changed."""

    code = "bad_signature"
    default_detail = "the notification's signature is not valid"


class MalformedNotice(DomainError):
    """A payment provider's notification, correctly signed, that is not of a shape we read."""

    code = "malformed_notice"
    default_detail = "the notification is not of a shape this app reads"


# 422
class Invalid(DomainError):
    """A value that is well-formed on its own but breaks a rule together with others."""

    code = "validation_failed"

    def __init__(self, field: str, detail: str | None = None, **params: object) -> None:
        super().__init__(detail, **params)
        self.field = field


class BadLink(Invalid):
    """A mailed link (app/domain/links.py) that is not ours, was cut, was made for something
    else, was used already, or ran out."""

    code = "bad_link"
    default_detail = "this link is not valid: ask for a new one"

    def __init__(self, detail: str | None = None) -> None:
        super().__init__("token", detail)


class BadCursor(Invalid):
    default_detail = "is not a cursor this list handed out"

    def __init__(self) -> None:
        super().__init__("cursor")


# 429
class TooManyAttempts(DomainError):
    """A limit of the product was reached; the caller may try again after `retry_after` s."""

    code = "rate_limited"
    default_detail = "too many attempts; try again later"

    def __init__(self, detail: str, retry_after: int, **params: object) -> None:
        super().__init__(detail, **params)
        self.retry_after = retry_after


class TooManyStreams(TooManyAttempts):
    """The person has as many notification streams open as one person may."""

    code = "too_many_streams"
    default_detail = "too many notification streams are open for this account"


# 422, from a request's parsing: a field's value that no rule can take
class Refused(ValueError):
    """Raised by a validator while a body is parsed; pydantic keeps it in the error's context, so
    its sentence, like a DomainError's, is a literal with {named} places the API can translate."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template.format(**params) if params else template)


# never answered to a client
class UnusableMessage(DomainError):
    """A bus message that lacks what its handler needs: no retry can make it work, so the push
    route acknowledges it (and logs it) instead of letting the bus retry it until it dies."""

    code = "unusable_message"


# 503
class Unavailable(DomainError):
    """The store or an identity service cannot answer right now (read-only file, full disk,
    contention, a provider that is down)."""

    code = "unavailable"
    default_detail = "the service cannot take this change right now"
