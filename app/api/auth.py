"""POST /auth/register, POST /auth/login."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from app.api.common import authenticate, caller, now, parse_body, services
from app.api.ratelimit import LOGIN_LIMIT, SIGNUP_LIMIT, limiter
from app.api.schemas import LoginIn, RegisterIn
from app.api.serializers import user_json
from app.domain import accounts, signin

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
    return {"id_token": grant.id_token, "token_type": "Bearer", "expires_in": grant.expires_in,
            "uid": grant.uid}


@bp.post("/logout")
def logout() -> tuple[str, int]:
    """Sign out everywhere: every token issued to the caller so far stops working."""
    authenticate()
    accounts.sign_out(services().store, services().auth, caller(), now())
    return "", 204
