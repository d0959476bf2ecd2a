"""An event's promo and access codes, for its organizer (buyers type them in an order)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from app.api.common import authenticate, caller, now, parse_body, services
from app.api.sales_schemas import PromoCodeIn, PromoCodePatch
from app.api.serializers import promo_code_json
from app.domain import promo_codes

bp = Blueprint("promo_codes", __name__, url_prefix="/events/<event:event_id>/promo-codes")
bp.before_request(authenticate)


@bp.get("")
def list_codes(event_id: str) -> dict[str, Any]:
    event, codes = promo_codes.listed(services().store, caller(), event_id)
    return {"items": [promo_code_json(c, event) for c in codes]}


@bp.post("")
def create_code(event_id: str) -> tuple[dict[str, Any], int]:
    body = parse_body(PromoCodeIn)
    event, code = promo_codes.create(services().store, caller(), event_id, body.code,
                                     body.model_dump(exclude={"code"}), now())
    return promo_code_json(code, event), 201


@bp.patch("/<code>")
def update_code(event_id: str, code: str) -> dict[str, Any]:
    changes = parse_body(PromoCodePatch).changes()
    event, changed = promo_codes.update(services().store, caller(), event_id, code, changes, now())
    return promo_code_json(changed, event)


@bp.delete("/<code>")
def delete_code(event_id: str, code: str) -> tuple[str, int]:
    promo_codes.delete(services().store, caller(), event_id, code, now())
    return "", 204
