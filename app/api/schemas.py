"""Request models. Strict: unknown fields, wrong types and out-of-range values are refused."""

from __future__ import annotations

import functools
import re
import unicodedata
import zoneinfo
from collections.abc import Callable
from typing import Annotated, Any, Literal

import pycountry
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    model_validator,
)

from app.timeutil import accepted_utc

ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"


# In the tz database, but not places: the machine's own zone, tzdata's placeholder, POSIX rules.
_NOT_PLACES = {"Factory", "localtime", "posixrules"}


@functools.cache
def _zones() -> frozenset[str]:
    return frozenset(name for name in zoneinfo.available_timezones()
                     if name not in _NOT_PLACES and not name.startswith(("posix/", "right/", "SystemV/")))


def _zone(name: str) -> str:
    if name not in _zones():
        raise ValueError("must be an IANA time zone name such as Asia/Almaty")
    return name


# ISO 4217 codes that are not money anyone pays a ticket with: testing, "no currency", precious
# metals, bond-market units, IMF and other supranational units of account.
_NOT_MONEY = {"XTS", "XXX", "XAU", "XAG", "XPD", "XPT", "XBA", "XBB", "XBC", "XBD", "XDR", "XSU", "XUA"}


def _currency(code: str) -> str:
    if (not re.fullmatch(r"[A-Z]{3}", code) or code in _NOT_MONEY
            or pycountry.currencies.get(alpha_3=code) is None):
        raise ValueError("must be an ISO 4217 currency code such as KZT")
    return code


# Bidirectional formatting characters can make text display as something else than it is
# (a title that reads "free" stored as "eerf"); control characters have no place in text at all.
_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _printable(allowed: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        for char in value:
            if char in _BIDI or (unicodedata.category(char) == "Cc" and char not in allowed):
                raise ValueError(f"must not contain U+{ord(char):04X}, a control or text-direction character")
        return value

    return check


OneLine = AfterValidator(_printable(""))
MultiLine = AfterValidator(_printable("\r\n\t"))  # line breaks and tabs are text here


def _lower(value: str) -> str:
    return value.lower()


Text = functools.partial(StringConstraints, strip_whitespace=True)
Name = Annotated[str, Text(min_length=1, max_length=100), OneLine]
Username = Annotated[str, Text(pattern=r"^[A-Za-z0-9_.-]{3,30}$")]
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
UtcTime = Annotated[AwareDatetime, AfterValidator(accepted_utc)]
Zone = Annotated[str, AfterValidator(_zone)]
Currency = Annotated[str, AfterValidator(_currency)]
Capacity = Annotated[int, Field(ge=1, le=1_000_000)]
Price = Annotated[int, Field(ge=0, le=10**12)]
RefundHours = Annotated[int, Field(ge=0, le=24 * 366)]  # null: not refundable when the holder cancels
Title = Annotated[str, Text(min_length=1, max_length=200), OneLine]
Description = Annotated[str, Text(max_length=5000), MultiLine]
Location = Annotated[str, Text(max_length=300), OneLine]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Patch(Body):
    """A partial update: at least one field, and no field set to null unless it may be empty."""

    @model_validator(mode="after")
    def _not_empty(self) -> "Patch":
        if not self.model_fields_set:
            raise ValueError("send at least one field to change")
        return self

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


# auth and profile
class RegisterIn(Body):
    email: Annotated[EmailStr, Field(max_length=254), AfterValidator(_lower)]
    password: Annotated[str, StringConstraints(min_length=8, max_length=256)]
    username: Username
    first_name: Name
    last_name: Name


class LoginIn(Body):
    email: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=254)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=256)]


class ProfilePatch(Patch):
    first_name: Name = None  # type: ignore[assignment]  # absent means unchanged; null is refused
    last_name: Name = None  # type: ignore[assignment]
    username: Username = None  # type: ignore[assignment]


# events
class EventIn(Body):
    title: Title
    description: Description = ""
    starts_at: UtcTime
    ends_at: UtcTime | None = None
    timezone: Zone = "UTC"
    location: Location = ""
    capacity: Capacity
    price: Price = 0
    currency: Currency = "KZT"
    refund_hours_before: RefundHours | None = 0


class EventPatch(Patch):
    title: Title = None  # type: ignore[assignment]
    description: Description = None  # type: ignore[assignment]
    starts_at: UtcTime = None  # type: ignore[assignment]
    ends_at: UtcTime | None = None
    timezone: Zone = None  # type: ignore[assignment]
    location: Location = None  # type: ignore[assignment]
    capacity: Capacity = None  # type: ignore[assignment]
    price: Price = None  # type: ignore[assignment]
    currency: Currency = None  # type: ignore[assignment]
    refund_hours_before: RefundHours | None = None


class CheckInIn(Body):
    ticket_code: Annotated[str, StringConstraints(min_length=1, max_length=64)]


# registrations and reviews
class RegistrationIn(Body):
    event_id: Id
    waitlist: bool = False


class TestCheckoutIn(BaseModel):
    """The test provider's checkout page's form (application/x-www-form-urlencoded)."""

    __test__ = False
    model_config = ConfigDict(extra="ignore")
    outcome: Literal["pay", "decline"]


class ReviewIn(Body):
    event_id: Id
    rating: Annotated[int, Field(ge=1, le=5)]
    comment: Annotated[str, Text(max_length=2000), MultiLine] = ""


# query strings (lax: every value arrives as text)
class PageQuery(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    limit: Annotated[int, Field(ge=1, le=100)] = 20
    cursor: Annotated[str, StringConstraints(max_length=512)] | None = None


class EventsQuery(PageQuery):
    q: Annotated[str, Text(min_length=1, max_length=200)] | None = None
    location: Annotated[str, Text(min_length=1, max_length=200)] | None = None
    starts_from: UtcTime | None = Field(default=None, alias="from")
    starts_to: UtcTime | None = Field(default=None, alias="to")
    organizer: Annotated[str, StringConstraints(pattern=r"^(me|[A-Za-z0-9_-]{1,64})$")] | None = None
    exclude_mine: bool = False


class NotificationsQuery(PageQuery):
    unread: bool = False
