"""Request models of buying tickets and of what an event offers and asks: registrations, orders,
ticket types, promo codes, questions (the shared field types are app/api/schemas.py's)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StringConstraints

from app.api.schemas import Body, Capacity, Email, Id, MultiLine, OneLine, Patch, Price, Text, UtcTime
from app.domain.models import GENERAL, MAX_PER_ORDER
from app.domain.offers import DiscountKind, QuestionKind
from app.domain.orders import Attendee, Item, Wish


class RegistrationIn(Body):
    event_id: Id
    waitlist: bool = False
    ticket_type_id: Id = GENERAL  # the event's first type when not named


TypeName = Annotated[str, Text(min_length=1, max_length=100), OneLine]
TypeDescription = Annotated[str, Text(max_length=1000), MultiLine]


# A code as buyers type it (any case; app/domain/promo_codes.py reads it upper-cased)
PromoCodeText = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9_-]{3,32}$")]


class AttendeeIn(Body):
    """Whom a ticket is for; both empty: its buyer."""

    name: Annotated[str, Text(max_length=100), OneLine] = ""
    email: Email | None = None

    def attendee(self) -> Attendee:
        return Attendee(self.name, self.email or "")


# An answer to a question (app/domain/questions.py checks it against the question)
AnswerIn = (Annotated[str, Text(max_length=2000), MultiLine] | StrictBool | StrictInt
            | Annotated[list[Annotated[str, Text(max_length=200), OneLine]], Field(max_length=50)])
AnswersIn = Annotated[dict[Id, AnswerIn], Field(max_length=20)]


class OrderAttendeeIn(AttendeeIn):
    answers: AnswersIn = {}  # to the questions asked of each attendee

    def attendee(self) -> Attendee:
        return Attendee(self.name, self.email or "", dict(self.answers))


class OrderItemIn(Body):
    ticket_type_id: Id = GENERAL
    quantity: Annotated[int, Field(ge=1, le=MAX_PER_ORDER)]


class OrderIn(Body):
    event_id: Id
    items: Annotated[list[OrderItemIn], Field(min_length=1, max_length=MAX_PER_ORDER)]
    # none, or one per ticket
    attendees: Annotated[list[OrderAttendeeIn], Field(max_length=MAX_PER_ORDER)] = []
    promo_code: PromoCodeText | None = None
    answers: AnswersIn = {}  # to the questions asked once per order

    def wish(self) -> Wish:
        return Wish(self.event_id, [Item(i.ticket_type_id, i.quantity) for i in self.items],
                    [a.attendee() for a in self.attendees], self.promo_code, dict(self.answers))


ChoiceText = Annotated[str, Text(min_length=1, max_length=200), OneLine]


class QuestionIn(Body):
    label: Annotated[str, Text(min_length=1, max_length=200), OneLine]
    kind: QuestionKind
    choices: Annotated[list[ChoiceText], Field(max_length=50)] = []
    required: StrictBool = False
    per_attendee: StrictBool = False  # asked of each attendee, not once per order


class QuestionPatch(Patch):
    """What may change of a question once asked: its words, whether it must be answered, its
    choices (not its kind, nor whom it is asked of)."""

    label: Annotated[str, Text(min_length=1, max_length=200), OneLine] = None  # type: ignore[assignment]
    choices: Annotated[list[ChoiceText], Field(max_length=50)] = None  # type: ignore[assignment]
    required: StrictBool = None  # type: ignore[assignment]


PerOrder = Annotated[int, Field(ge=1, le=MAX_PER_ORDER)]


class TicketTypeIn(Body):
    name: TypeName
    description: TypeDescription = ""
    price: Price = 0
    cap: Capacity | None = None  # null: as many as the event has seats
    sales_start: UtcTime | None = None  # null: on sale from now
    sales_end: UtcTime | None = None  # null: until the event starts
    hidden: StrictBool = False  # offered only with a code that names it
    min_per_order: PerOrder = 1
    max_per_order: PerOrder | None = None  # null: as many as an order may have


class TicketTypePatch(Patch):
    name: TypeName = None  # type: ignore[assignment]
    description: TypeDescription = None  # type: ignore[assignment]
    price: Price = None  # type: ignore[assignment]
    cap: Capacity | None = None
    sales_start: UtcTime | None = None
    sales_end: UtcTime | None = None
    hidden: StrictBool = None  # type: ignore[assignment]
    min_per_order: PerOrder = None  # type: ignore[assignment]
    max_per_order: PerOrder | None = None


class PromoCodeFields(Body):
    discount_kind: DiscountKind = DiscountKind.PERCENT
    discount: Annotated[int, Field(ge=0, le=10**12)] = 0  # percent (0-100) or minor units
    type_ids: Annotated[list[Id], Field(max_length=50)] = []  # empty: every type shown to all
    valid_from: UtcTime | None = None
    valid_until: UtcTime | None = None
    max_uses: Annotated[int, Field(ge=1, le=1_000_000)] | None = None


class PromoCodeIn(PromoCodeFields):
    code: PromoCodeText


class PromoCodePatch(Patch):
    discount_kind: DiscountKind = None  # type: ignore[assignment]
    discount: Annotated[int, Field(ge=0, le=10**12)] = None  # type: ignore[assignment]
    type_ids: Annotated[list[Id], Field(max_length=50)] = None  # type: ignore[assignment]
    valid_from: UtcTime | None = None
    valid_until: UtcTime | None = None
    max_uses: Annotated[int, Field(ge=1, le=1_000_000)] | None = None


class OfferQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")
    promo_code: PromoCodeText | None = None
