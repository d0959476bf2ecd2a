"""An event's ticket types: anyone may read them (as the event), its organizer changes them."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from app.api.common import authenticate, caller, now, parse_body, parse_query, services, viewer
from app.api.sales_schemas import OfferQuery, TicketTypeIn, TicketTypePatch
from app.api.serializers import ticket_type_json
from app.domain import promo_codes, ticket_types

bp = Blueprint("ticket_types", __name__, url_prefix="/events/<event:event_id>/ticket-types")
bp.before_request(authenticate)  # visitors may list them (OPEN_TO_VISITORS)


@bp.get("")
def list_types(event_id: str) -> dict[str, Any]:
    """The types a buyer is offered (a hidden one with a code that reveals it: ?promo_code=)."""
    typed = parse_query(OfferQuery).promo_code
    at, who = now(), viewer()
    offer = promo_codes.offered(services().store, event_id, who, typed, at)
    return {"items": [ticket_type_json(t, offer.event, at, organizer=offer.manages, code=offer.code)
                      for t in offer.types]}


@bp.post("")
def create_type(event_id: str) -> tuple[dict[str, Any], int]:
    body = parse_body(TicketTypeIn)
    event, kind = ticket_types.create(services().store, caller(), event_id, body.model_dump(), now())
    return ticket_type_json(kind, event, now(), organizer=True), 201


@bp.patch("/<id:type_id>")
def update_type(event_id: str, type_id: str) -> dict[str, Any]:
    changes = parse_body(TicketTypePatch).changes()
    event, kind = ticket_types.update(services().store, caller(), event_id, type_id, changes, now())
    return ticket_type_json(kind, event, now(), organizer=True)


@bp.delete("/<id:type_id>")
def delete_type(event_id: str, type_id: str) -> tuple[str, int]:
    ticket_types.delete(services().store, caller(), event_id, type_id, now())
    return "", 204

