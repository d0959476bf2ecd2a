"""POST /auth/register, /login, /logout; the mailed links: /verify-email, /change-email,
/password-reset and /password-reset/confirm (docs/mail.md, "Account links")."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from app.api.common import authenticate, caller, now, parse_body, services
from app.api.language import note
from app.api.ratelimit import LOGIN_LIMIT, SIGNUP_LIMIT, limiter
from app.api.schemas import LoginIn, RegisterIn, ResetConfirmIn, ResetIn, TokenIn
from app.api.serializers import grant_json, user_json
from app.domain import accounts, addresses, passwords, signin
from app.domain.sentences import N_

bp = Blueprint("auth", __name__, url_prefix="/auth")


@bp.post("/register")
@limiter.limit(SIGNUP_LIMIT)
def register() -> tuple[dict[str, Any], int]:
    body = parse_body(RegisterIn)
    svc = services()
    user = accounts.register_account(svc.store, svc.auth, now=now(), **body.model_dump())
    return user_json(user, private=True), 201


@bp.post("/login")
@limiter.limit(LOGIN_LIMIT)
def login() -> dict[str, Any]:
    body = parse_body(LoginIn)
    svc = services()
    address = request.remote_addr or "unknown"  # the client's, behind TRUSTED_PROXIES
    grant = signin.sign_in(svc.store, svc.auth, body.email, body.password, address, now())
    return grant_json(grant)


@bp.post("/logout")
def logout() -> tuple[str, int]:
    """Sign out everywhere: every token issued to the caller so far stops working."""
    authenticate()
    accounts.sign_out(services().store, services().auth, caller(), now())
    return "", 204


@bp.post("/verify-email")
@limiter.limit(LOGIN_LIMIT)
def verify_email() -> dict[str, Any]:
    """The link of the confirmation mail; no sign-in needed (it may open in another browser)."""
    body = parse_body(TokenIn)
    user = addresses.verify_email(services().store, services().config.secret_key, body.token, now())
    return {"email_verified": user.email_verified}


@bp.post("/change-email")
@limiter.limit(LOGIN_LIMIT)
def change_email() -> dict[str, Any]:
    """The link mailed to the new address; no sign-in needed."""
    body = parse_body(TokenIn)
    svc = services()
    user = addresses.confirm_email_change(svc.store, svc.auth, svc.config.secret_key, body.token, now())
    return {"email": user.email, "email_verified": user.email_verified}


RESET_ASKED = N_("If an account has this address, a link to set a new password is on its way.")


@bp.post("/password-reset")
@limiter.limit(LOGIN_LIMIT)
def password_reset() -> tuple[dict[str, Any], int]:
    """The same answer whether or not the address has an account (no enumeration)."""
    body = parse_body(ResetIn)
    passwords.request_reset(services().store, body.email, request.remote_addr or "unknown", now())
    return note(RESET_ASKED), 202


@bp.post("/password-reset/confirm")
@limiter.limit(LOGIN_LIMIT)
def password_reset_confirm() -> tuple[str, int]:
    body = parse_body(ResetConfirmIn)
    svc = services()
    passwords.confirm_reset(svc.store, svc.auth, svc.config.secret_key, body.token, body.password, now())
    return "", 204
