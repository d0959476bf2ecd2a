"""What each message type carries, as one typed record per type, parsed and validated once where
a message comes back in (the push boundary, app/domain/handling.py): handlers read fields, not
`data["..."]`, and a message we did not write (a field missing, or of the wrong type) is
refused whole before anything is applied.

pydantic validates; ids are text, counts whole numbers, times ISO 8601, states their enums."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, ValidationError

from app.domain import messages as m
from app.domain.errors import UnusableMessage
from app.domain.letters import LetterKind
from app.domain.models import Message, PaymentStatus, RegistrationStatus


class MessageData(BaseModel):
    # A newer producer may add fields; older handlers read what they know.
    model_config = ConfigDict(frozen=True, extra="ignore")


class UserRegistered(MessageData):
    user_id: str
    username: str
    first_name: str = ""


class AboutAccount(MessageData):
    """Signed out, verified, a password reset asked for or done, an account deleted."""

    user_id: str


class ProfileUpdated(MessageData):
    user_id: str
    fields: list[str]


class AboutEvent(MessageData):
    event_id: str
    organizer_id: str
    title: str


class EventCreated(AboutEvent):
    capacity: int


class EventUpdated(AboutEvent):
    fields: list[str]
    promoted: int = 0
    starts_at: datetime


class EventCancelled(AboutEvent):
    attendee_ids: list[str]


class EventAnnounced(AboutEvent):
    subject: str
    message: str


class ReminderDue(AboutEvent):
    starts_at: datetime


class RegistrationChanged(AboutEvent):
    """Confirmed, waitlisted or held (a seat kept while its buyer pays)."""

    registration_id: str
    user_id: str
    sold_out: bool
    hold_expires_at: datetime | None = None


class RegistrationCancelled(AboutEvent):
    registration_id: str
    user_id: str
    was: RegistrationStatus
    sold_out: bool


class RegistrationPromoted(AboutEvent):
    registration_id: str
    user_id: str
    status: RegistrationStatus
    sold_out: bool
    hold_expires_at: datetime | None = None


class TicketCheckedIn(AboutEvent):
    registration_id: str
    user_id: str


class TeamInvited(AboutEvent):
    invitation_id: str  # the mail handler reads the address from it: no address on the bus
    role: str


class TeamChanged(AboutEvent):
    user_id: str
    role: str = ""  # TEAM_JOINED: the role taken


class ReviewCreated(AboutEvent):
    review_id: str
    user_id: str
    rating: int


class AboutPayment(AboutEvent):
    payment_id: str
    registration_id: str
    user_id: str
    amount: int
    currency: str


class PaymentPaid(AboutPayment):
    sold_out: bool
    late: bool = False


class HoldReleased(AboutPayment):
    reason: str
    sold_out: bool


class RefundRequested(AboutPayment):
    reason: str


class PaymentRefunded(AboutPayment):
    refund_id: str
    reason: str | None = None


class CloseCheckout(AboutPayment):
    """An unpaid checkout is no longer wanted: the payments handler closes it."""

    checkout_id: str
    status: PaymentStatus


class LetterDue(MessageData):
    """One letter to one person, for one cause (app/domain/mailing.py)."""

    kind: LetterKind
    cause_id: str
    user_id: str
    event_id: str | None = None  # None: about the account
    registration_id: str | None = None
    changed: list[str] = []
    subject: str = ""  # an announcement's, as written
    message: str = ""
    reset_id: str | None = None  # PASSWORD_RESET: what makes its link single-use
    invitation_id: str | None = None  # TEAM_INVITATION: the place offered
    # ACCOUNT_DELETED: where and to whom it goes (the account is gone when it is written)
    address: str | None = None
    name: str = ""


DATA: dict[str, type[MessageData]] = {
    m.USER_REGISTERED: UserRegistered,
    m.USER_SIGNED_OUT: AboutAccount,
    m.EMAIL_VERIFIED: AboutAccount,
    m.EMAIL_CHANGED: AboutAccount,
    m.PASSWORD_RESET_REQUESTED: AboutAccount,
    m.PASSWORD_CHANGED: AboutAccount,
    m.ACCOUNT_DELETED: AboutAccount,
    m.EVENT_ANNOUNCED: EventAnnounced,
    m.EVENT_REMINDER_DUE: ReminderDue,
    m.PROFILE_UPDATED: ProfileUpdated,
    m.EVENT_CREATED: EventCreated,
    m.EVENT_UPDATED: EventUpdated,
    m.EVENT_CANCELLED: EventCancelled,
    m.REGISTRATION_CONFIRMED: RegistrationChanged,
    m.REGISTRATION_WAITLISTED: RegistrationChanged,
    m.REGISTRATION_HELD: RegistrationChanged,
    m.REGISTRATION_CANCELLED: RegistrationCancelled,
    m.REGISTRATION_PROMOTED: RegistrationPromoted,
    m.TICKET_CHECKED_IN: TicketCheckedIn,
    m.TICKET_PASSED_ON: RegistrationChanged,
    m.REVIEW_CREATED: ReviewCreated,
    m.PAYMENT_PAID: PaymentPaid,
    m.REGISTRATION_RELEASED: HoldReleased,
    m.PAYMENT_REFUND_REQUESTED: RefundRequested,
    m.PAYMENT_REFUNDED: PaymentRefunded,
    m.PAYMENT_CLOSED: CloseCheckout,
    m.LETTER_DUE: LetterDue,
    m.TEAM_INVITED: TeamInvited,
    m.TEAM_JOINED: TeamChanged,
    m.TEAM_LEFT: TeamChanged,
}


def parse(message: Message) -> MessageData:
    """The message's data as its type's record; `UnusableMessage` for an unknown type or data
    that does not fit it."""
    kind = DATA.get(message.type)
    if kind is None:
        raise UnusableMessage(f"{message.type} {message.id}: not a message type of ours")
    try:
        return kind.model_validate(message.data)
    except ValidationError as exc:
        fields = ", ".join(".".join(map(str, e["loc"])) or "data" for e in exc.errors())
        raise UnusableMessage(f"{message.type} {message.id}: unusable {fields}") from None
