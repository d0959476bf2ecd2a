"""The links mailed to a person that act on their account without a password: confirm an
address, set a new password, stop a kind of mail (docs/mail.md, "Account links").

A link carries a token sealed with SECRET_KEY (itsdangerous, HMAC-SHA1 over the claims, one salt
per purpose so that a token made for one purpose is refused for another) and its own expiry,
checked on the app's clock. Nothing of it is stored: the store keeps only what makes a link
single-use (a password reset's id, once used). A token is made when its mail is written, never
put in a message or a log.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from itsdangerous import BadData, URLSafeSerializer

from app.domain.errors import BadLink


class Purpose(StrEnum):
    VERIFY_EMAIL = "verify-email"
    RESET_PASSWORD = "reset-password"  # noqa: S105 - a kind of link
    UNSUBSCRIBE = "unsubscribe"
    CHANGE_EMAIL = "change-email"
    TEAM_INVITATION = "team-invitation"


INVITATION_LIFETIME = timedelta(days=7)  # a place on an event's team (app/domain/team.py)
# How long each kind of link works after its mail is written (None: as long as what it acts on)
LIFETIME: dict[Purpose, timedelta | None] = {
    Purpose.VERIFY_EMAIL: timedelta(days=7),
    Purpose.RESET_PASSWORD: timedelta(hours=1),
    Purpose.UNSUBSCRIBE: None,  # RFC 8058: a one-click link in an old mail must still work
    Purpose.CHANGE_EMAIL: timedelta(days=1),
    Purpose.TEAM_INVITATION: INVITATION_LIFETIME,
}
# RFC 8058: where a mail client POSTs the one-click unsubscribe (no page, no sign-in)
ONE_CLICK = "/mail/unsubscribe"
# the page of the web client each link opens
PAGE: dict[Purpose, str] = {
    Purpose.VERIFY_EMAIL: "/verify-email",
    Purpose.RESET_PASSWORD: "/reset-password",
    Purpose.UNSUBSCRIBE: "/unsubscribe",
    Purpose.CHANGE_EMAIL: "/change-email",
    Purpose.TEAM_INVITATION: "/join-team",
}


def seal(secret: str, purpose: Purpose, claims: dict[str, Any], issued_at: datetime) -> str:
    lifetime = LIFETIME[purpose]
    body = dict(claims)
    if lifetime is not None:
        body["exp"] = int((issued_at + lifetime).timestamp())
    return URLSafeSerializer(secret, salt=purpose.value).dumps(body)


def unseal(secret: str, purpose: Purpose, token: str, now: datetime) -> dict[str, Any]:
    """The claims of a token we sealed for `purpose`; `BadLink` otherwise, or when it ran out."""
    try:
        body = URLSafeSerializer(secret, salt=purpose.value).loads(token)
    except BadData:
        raise BadLink() from None
    if not isinstance(body, dict):
        raise BadLink()
    expires = body.pop("exp", None)
    if LIFETIME[purpose] is not None and (not isinstance(expires, int) or now.timestamp() >= expires):
        raise BadLink("this link has run out: ask for a new one")
    return body
