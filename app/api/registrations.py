"""POST/GET /registrations, DELETE /registrations/{id}."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from app.api.common import authenticate, caller, now, parse_body, parse_query, services
from app.api.schemas import PageQuery, RegistrationIn
from app.api.serializers import registration_json
from app.domain import registrations

bp = Blueprint("registrations", __name__, url_prefix="/registrations")
bp.before_request(authenticate)


@bp.post("")
def register() -> tuple[dict[str, Any], int]:
    body = parse_body(RegistrationIn)
    registration = registrations.register(services().store, caller(), body.event_id,
                                          body.waitlist, now())
    return registration_json(registration), 201


@bp.get("")
def own_registrations() -> dict[str, Any]:
    args = parse_query(PageQuery)
    page, events = registrations.list_own(services().store, caller(), args.limit, args.cursor)
    return {"items": [registration_json(r, events.get(r.event_id)) for r in page.items],
            "next_cursor": page.next_cursor}


@bp.delete("/<id:registration_id>")
def cancel(registration_id: str) -> dict[str, Any]:
    return registration_json(registrations.cancel(services().store, caller(), registration_id,
                                                  now()))
