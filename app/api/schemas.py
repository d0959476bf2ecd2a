"""Request models. Strict: unknown fields, wrong types and out-of-range values are refused."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from datetime import datetime
from importlib import resources
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    StrictBool,
    StringConstraints,
    model_validator,
)

from app.domain.catalog import MAX_TAG_LENGTH, MAX_TAGS, Category, normal_tag, normal_tags
from app.domain.currencies import chargeable
from app.domain.errors import Refused
from app.domain.events import Timing
from app.domain.models import MAX_PER_ORDER, Language, Visibility
from app.domain.roles import Role
from app.timeutil import accepted_utc

ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"


@functools.cache
def zones() -> frozenset[str]:
    """The zones an event may be in: those of the pinned tzdata package, whatever the machine has
    (openapi.yaml's TimeZone enum is the same list), less its placeholder "Factory"."""
    listed = resources.files("tzdata").joinpath("zones").read_text().split()
    return frozenset(name for name in listed if name != "Factory")


def _zone(name: str) -> str:
    if name not in zones():
        raise Refused("must be an IANA time zone name such as Asia/Almaty")
    return name


def _currency(code: str) -> str:
    if not chargeable(code):
        raise Refused("must be the ISO 4217 code of a currency tickets can be paid in, such as KZT")
    return code


# One rule for every text field (docs/api.md, "Text"): no character that shows nothing or other
# than what is stored. Control characters have no place in text (line breaks and tabs only where
# a field is multi-line); format characters are invisible or reorder what is shown (U+200B, the
# soft hyphen U+00AD, bidirectional overrides that make "free" display as "eerf", annotation
# marks U+FFF9-FFFB, tag characters U+E0000-E007F), except the joiners U+200C and U+200D that
# emoji and several scripts are spelled with; line and paragraph separators (U+2028, U+2029)
# break lines where a one-line field has none; private-use and surrogate code points mean
# nothing portable; noncharacters (U+FDD0-FDEF, U+xFFFE, U+xFFFF) are never text. Unassigned
# code points are allowed: they are the emoji of Unicode versions newer than this server's.
_JOINERS = frozenset("\u200c\u200d")
_REFUSED_CATEGORIES = frozenset({"Cf", "Co", "Cs", "Zl", "Zp"})


def _noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def refused(char: str, allowed: str = "") -> bool:
    """Whether a text field refuses `char` (`allowed`: control characters it takes)."""
    category = unicodedata.category(char)
    return ((category == "Cc" and char not in allowed)
            or (category in _REFUSED_CATEGORIES and char not in _JOINERS)
            or _noncharacter(ord(char)))


def _printable(allowed: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        for char in value:
            if refused(char, allowed):
                raise Refused("must not contain U+{code}, an invisible, control or formatting character",
                              code=f"{ord(char):04X}")
        return value

    return check


def text_pattern(allowed: str = "") -> str:
    """The rule as a regular expression for openapi.yaml's text fields (tests/api/test_schemas.py
    checks that they agree), over the Basic Multilingual Plane: a character class over other
    planes is beyond the JSON Schema tools we test with (schemathesis refuses it), so what the
    rule refuses there (tag characters, supplementary private use, noncharacters) is said in
    docs/api.md instead. Surrogates cannot travel in UTF-8 text and are left out."""
    ranges: list[list[int]] = []
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF or not refused(chr(code), allowed):
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    body = "".join(f"\\u{a:04X}" if a == b else f"\\u{a:04X}-\\u{b:04X}" for a, b in ranges)
    return f"^[^{body}]*$"


# RFC 3339 with an offset, and nothing else: no epoch seconds, no dates without a time
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})")


def _rfc3339_text(value: object) -> object:
    """Text in RFC 3339 read as a time; other text refused (pydantic would read "1900000000" as
    epoch seconds); anything else is left to the type's own check."""
    if not isinstance(value, str):
        return value
    if not _RFC3339.fullmatch(value):
        raise Refused("must be an RFC 3339 time with its offset, such as 2026-11-24T18:00:00Z")
    try:
        return datetime.fromisoformat(value.upper())
    except ValueError as exc:  # the shape is right, the date is not (2026-02-30)
        raise Refused("must be a real date and time in RFC 3339") from exc


OneLine = AfterValidator(_printable(""))
MultiLine = AfterValidator(_printable("\r\n\t"))  # line breaks and tabs are text here


def _lower(value: str) -> str:
    return value.lower()


Text = functools.partial(StringConstraints, strip_whitespace=True)
Name = Annotated[str, Text(min_length=1, max_length=100), OneLine]
USERNAME_PATTERN = r"^[A-Za-z0-9_.-]{3,30}$"
Username = Annotated[str, Text(pattern=USERNAME_PATTERN)]
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
UtcTime = Annotated[AwareDatetime, BeforeValidator(_rfc3339_text), AfterValidator(accepted_utc)]
Zone = Annotated[str, AfterValidator(_zone)]
Currency = Annotated[str, AfterValidator(_currency)]
Capacity = Annotated[int, Field(ge=1, le=1_000_000)]
Price = Annotated[int, Field(ge=0, le=10**12)]
RefundHours = Annotated[int, Field(ge=0, le=24 * 366)]  # null: not refundable when the holder cancels
Title = Annotated[str, Text(min_length=1, max_length=200), OneLine]
Description = Annotated[str, Text(max_length=5000), MultiLine]
Location = Annotated[str, Text(max_length=300), OneLine]
ImageAlt = Annotated[str, Text(max_length=300), OneLine]  # read out in place of the cover


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Patch(Body):
    """A partial update: at least one field, and no field set to null unless it may be empty."""

    @model_validator(mode="after")
    def _not_empty(self) -> "Patch":
        if not self.model_fields_set:
            raise Refused("send at least one field to change")
        return self

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


# what an event is about, and what a person is interested in (app/domain/catalog.py)
def _tags(values: list[str]) -> list[str]:
    tags = normal_tags(values)
    if len(tags) > MAX_TAGS:
        raise Refused("at most {n} tags", n=MAX_TAGS)
    return tags


TagText = Annotated[str, Text(min_length=1, max_length=MAX_TAG_LENGTH), OneLine]
Tags = Annotated[list[TagText], Field(max_length=2 * MAX_TAGS), AfterValidator(_tags)]
Categories = Annotated[list[Category], Field(max_length=len(Category)),
                       AfterValidator(lambda v: list(dict.fromkeys(v)))]  # each once


# auth and profile
Email = Annotated[EmailStr, Field(max_length=254), AfterValidator(_lower)]  # one spelling each
Password = Annotated[str, StringConstraints(min_length=8, max_length=256)]
LinkToken = Annotated[str, StringConstraints(min_length=1, max_length=1000)]


class RegisterIn(Body):
    email: Email
    password: Password
    username: Username
    first_name: Name
    last_name: Name
    language: Language | None = None  # their mail's, starting with the address's confirmation


class LoginIn(Body):
    email: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=254)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=256)]


class ProfilePatch(Patch):
    first_name: Name = None  # type: ignore[assignment]  # absent means unchanged; null is refused
    last_name: Name = None  # type: ignore[assignment]
    username: Username = None  # type: ignore[assignment]
    mail_reminders: StrictBool = None  # type: ignore[assignment]
    mail_announcements: StrictBool = None  # type: ignore[assignment]
    interest_categories: Categories = None  # type: ignore[assignment]
    interest_tags: Tags = None  # type: ignore[assignment]
    personalised: StrictBool = None  # type: ignore[assignment]
    language: Language | None = None  # null: back to each device's own language


class InvitationIn(Body):
    """A place on an event's team offered to an address (app/domain/team.py refuses `owner`)."""

    email: Email
    role: Role


class RoleIn(Body):
    role: Role


class TokenIn(Body):
    token: LinkToken


class ResetIn(Body):
    email: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=254)]


class ResetConfirmIn(Body):
    token: LinkToken
    password: Password


class EmailChangeIn(Body):
    email: Email
    password: Annotated[str, StringConstraints(min_length=1, max_length=256)]


class DeleteAccountIn(Body):
    password: Annotated[str, StringConstraints(min_length=1, max_length=256)]


class PasswordChangeIn(Body):
    current_password: Annotated[str, StringConstraints(min_length=1, max_length=256)]
    new_password: Password


# events
OrderLimit = Annotated[int, Field(ge=1, le=MAX_PER_ORDER)]  # tickets in one order of the event


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
    max_per_order: OrderLimit = MAX_PER_ORDER
    visibility: Visibility = Visibility.PUBLIC
    image_alt: ImageAlt = ""
    category: Category = Category.OTHER
    tags: Tags = []


class AnnouncementIn(Body):
    subject: Annotated[str, Text(min_length=1, max_length=150), OneLine]
    message: Annotated[str, Text(min_length=1, max_length=5000), MultiLine]


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
    max_per_order: OrderLimit = None  # type: ignore[assignment]
    visibility: Visibility = None  # type: ignore[assignment]
    image_alt: ImageAlt = None  # type: ignore[assignment]
    category: Category = None  # type: ignore[assignment]
    tags: Tags = None  # type: ignore[assignment]


class CheckInIn(Body):
    """A ticket's code (scanned or typed), or its id (tapped in the list found by name)."""

    ticket_code: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = None
    registration_id: Id | None = None

    @model_validator(mode="after")
    def _one(self) -> "CheckInIn":
        if (self.ticket_code is None) == (self.registration_id is None):
            raise Refused("send ticket_code or registration_id")
        return self


class FindQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")
    q: Annotated[str, Text(min_length=1, max_length=100), OneLine]
    limit: Annotated[int, Field(ge=1, le=50)] = 20


# registrations and reviews
class ReviewIn(Body):
    event_id: Id
    rating: Annotated[int, Field(ge=1, le=5)]
    comment: Annotated[str, Text(max_length=2000), MultiLine] = ""


# query strings (lax: every value arrives as text)
class PageQuery(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    limit: Annotated[int, Field(ge=1, le=100)] = 20
    cursor: Annotated[str, StringConstraints(max_length=512), OneLine] | None = None


class LimitQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")
    limit: Annotated[int, Field(ge=1, le=50)] = 10


class EventsQuery(PageQuery):
    q: Annotated[str, Text(min_length=1, max_length=200), OneLine] | None = None
    location: Annotated[str, Text(min_length=1, max_length=200), OneLine] | None = None
    starts_from: UtcTime | None = Field(default=None, alias="from")
    starts_to: UtcTime | None = Field(default=None, alias="to")
    organizer: Annotated[str, StringConstraints(pattern=r"^(me|[A-Za-z0-9_-]{1,64})$")] | None = None
    exclude_mine: bool = False
    when: Timing = Timing.UPCOMING
    category: Category | None = None
    tag: Annotated[TagText, AfterValidator(normal_tag)] | None = None


class NotificationsQuery(PageQuery):
    unread: bool = False
