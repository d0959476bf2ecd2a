"""POST /auth/register, POST /auth/login."""

from __future__ import annotations

from flask import Blueprint

from app.api.common import now, parse_body, services
from app.api.ratelimit import limiter, login_account_key
from app.api.schemas import LoginIn, RegisterIn
from app.api.views import user_json
from app.domain import accounts

bp = Blueprint("auth", __name__, url_prefix="/auth")


@bp.post("/register")
@limiter.limit("10 per hour; 3 per minute")
def register() -> tuple[dict, int]:
    body = parse_body(RegisterIn)
    svc = services()
    user = accounts.register_account(svc.store, svc.auth, now=now(), **body.model_dump())
    return user_json(user, private=True), 201


@bp.post("/login")
@limiter.limit("30 per 15 minutes")
@limiter.limit("5 per 15 minutes", key_func=login_account_key,
               deduct_when=lambda response: response.status_code == 401)
def login() -> dict:
    body = parse_body(LoginIn)
    grant = services().auth.login(body.email, body.password)
    return {"id_token": grant.id_token, "token_type": "Bearer", "expires_in": grant.expires_in,
            "uid": grant.uid}


