"""GET/PATCH /profile, GET /profile/{uid}."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from app.api.common import authenticate, caller, now, parse_body, services
from app.api.schemas import ProfilePatch
from app.api.serializers import user_json
from app.domain import accounts

bp = Blueprint("profile", __name__, url_prefix="/profile")
bp.before_request(authenticate)


@bp.get("")
def own_profile() -> dict[str, Any]:
    return user_json(accounts.get_user(services().store, caller()), private=True)


@bp.patch("")
def update_profile() -> dict[str, Any]:
    changes = parse_body(ProfilePatch).changes()
    user = accounts.update_profile(services().store, caller(), changes, now())
    return user_json(user, private=True)


@bp.get("/<id:user_id>")
def public_profile(user_id: str) -> dict[str, Any]:
    user = accounts.get_user(services().store, user_id)
    return user_json(user, private=user.id == caller())
