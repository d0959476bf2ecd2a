"""GET/PATCH/DELETE /profile, GET /profile/{uid}, POST /profile/password, POST
/profile/email-verification, POST /profile/email, GET /profile/export."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from app.api.common import authenticate, caller, now, parse_body, services
from app.api.language import note
from app.api.schemas import DeleteAccountIn, EmailChangeIn, PasswordChangeIn, ProfilePatch
from app.api.serializers import (
    grant_json,
    notification_json,
    payment_json,
    registration_json,
    review_json,
    user_json,
)
from app.domain import account_data, accounts, addresses, passwords
from app.domain.sentences import N_
from app.timeutil import rfc3339

bp = Blueprint("profile", __name__, url_prefix="/profile")
OWN = ("password", "email", "email-verification", "export")  # /profile/{these}: the caller's own
bp.before_request(authenticate)


@bp.get("")
def own_profile() -> dict[str, Any]:
    return user_json(accounts.get_user(services().store, caller()), private=True)


@bp.patch("")
def update_profile() -> dict[str, Any]:
    changes = parse_body(ProfilePatch).changes()
    user = accounts.update_profile(services().store, caller(), changes, now())
    return user_json(user, private=True)


@bp.get("/<person:user_id>")
def public_profile(user_id: str) -> dict[str, Any]:
    user = accounts.get_user(services().store, user_id)
    return user_json(user, private=user.id == caller())


@bp.post("/password")
def change_password() -> dict[str, Any]:
    """Every session ends; the answer is a new token for this one."""
    body = parse_body(PasswordChangeIn)
    svc = services()
    grant = passwords.change_password(svc.store, svc.auth, caller(), body.current_password, body.new_password,
                                      request.remote_addr or "unknown", now())
    return grant_json(grant)


@bp.post("/email")
def change_email() -> tuple[dict[str, Any], int]:
    """Nothing changes until the link mailed to the new address is opened."""
    body = parse_body(EmailChangeIn)
    svc = services()
    addresses.request_email_change(svc.store, svc.auth, caller(), body.email, body.password,
                                   request.remote_addr or "unknown", now())
    return note(N_("A link is on its way to the new address; open it to make the change.")), 202


@bp.post("/email-verification")
def send_verification() -> tuple[dict[str, Any], int]:
    addresses.send_verification(services().store, caller(), now())
    return note(N_("A confirmation link is on its way, unless the address is confirmed already.")), 202


@bp.get("/export")
def export() -> dict[str, Any]:
    """Everything kept about the caller, as JSON (a download in the web client)."""
    data = account_data.export(services().store, caller())
    return {"exported_at": rfc3339(now()), "profile": user_json(data.user, private=True),
            "tickets": [registration_json(r, data.events.get(r.event_id)) for r in data.registrations],
            "payments": [payment_json(p) for p in data.payments],
            "reviews": [review_json(r) for r in data.reviews],
            "notifications": [notification_json(n) for n in data.notifications]}


@bp.delete("")
def delete_account() -> tuple[str, int]:
    body = parse_body(DeleteAccountIn)
    svc = services()
    client = request.remote_addr or "unknown"
    account_data.delete_account(svc.store, svc.auth, caller(), body.password, client, now(),
                                svc.config.hold_for)
    return "", 204
