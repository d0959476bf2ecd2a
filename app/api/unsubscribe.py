"""POST /mail/unsubscribe: the one-click unsubscribe of reminders and announcements (RFC 8058).

A mail client POSTs `List-Unsubscribe=One-Click` as a form to the mail's `List-Unsubscribe`
address, with the token in its query and no cookie or sign-in; the web client's page
(/unsubscribe?token=...) POSTs the token as JSON. Either stops that kind of mail."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from app.api.common import now, parse_body, services
from app.api.ratelimit import LOGIN_LIMIT, limiter
from app.api.schemas import TokenIn
from app.domain import accounts, links
from app.domain.errors import BadLink

bp = Blueprint("mail", __name__)
ONE_CLICK_FORM = "application/x-www-form-urlencoded"  # what RFC 8058's POST is


@bp.post(links.ONE_CLICK)
@limiter.limit(LOGIN_LIMIT)
def unsubscribe() -> dict[str, Any]:
    token = request.args.get("token")
    # a mail client's form (or an empty body) carries it in the address only; JSON in its body
    if not token and request.mimetype not in ("", ONE_CLICK_FORM):
        token = parse_body(TokenIn).token
    if not token or len(token) > 1000:
        raise BadLink()
    user = accounts.unsubscribe(services().store, services().config.secret_key, token, now())
    return {"mail_reminders": user.mail_reminders, "mail_announcements": user.mail_announcements}
