"""POST/GET /registrations, GET/PATCH/DELETE /registrations/{id}, POST /registrations/{id}/checkout."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from app.api.common import authenticate, caller, now, page_json, parse_body, parse_query, services, site
from app.api.sales_schemas import AttendeeIn, RegistrationIn
from app.api.schemas import PageQuery
from app.api.serializers import payment_json, registration_json
from app.domain import checkout, orders, registrations

bp = Blueprint("registrations", __name__, url_prefix="/registrations")
bp.before_request(authenticate)


@bp.post("")
def register() -> tuple[dict[str, Any], int]:
    body = parse_body(RegistrationIn)
    svc = services()
    registration, payment = checkout.buy(svc.store, svc.payments, caller(), body.event_id,
                                         body.waitlist, now(), site(), svc.config.hold_for,
                                         body.ticket_type_id)
    return registration_json(registration, payment=payment), 201


@bp.get("")
def own_registrations() -> dict[str, Any]:
    args = parse_query(PageQuery)
    page, events = registrations.list_own(services().store, caller(), args.limit, args.cursor)
    return page_json(page, lambda r: registration_json(r, events.get(r.event_id)))


@bp.get("/<id:registration_id>")
def own_registration(registration_id: str) -> dict[str, Any]:
    """One ticket with its event and, for a paid event, its payment (the receipt)."""
    registration, event, payment = checkout.own_ticket(services().store, caller(), registration_id)
    return registration_json(registration, event, payment=payment)


@bp.patch("/<id:registration_id>")
def pass_on(registration_id: str) -> dict[str, Any]:
    """Whom the ticket is for (its buyer passes it on): a new code, mailed to them."""
    body = parse_body(AttendeeIn)
    return registration_json(orders.name_attendee(services().store, caller(), registration_id,
                                                   body.attendee(), now()))


@bp.post("/<id:registration_id>/checkout")
def reopen_checkout(registration_id: str) -> dict[str, Any]:
    svc = services()
    return payment_json(checkout.checkout_for(svc.store, svc.payments, caller(), registration_id,
                                              site(), now()))


@bp.delete("/<id:registration_id>")
def cancel(registration_id: str) -> dict[str, Any]:
    svc = services()
    registration, payment = checkout.cancel_ticket(svc.store, caller(), registration_id, now(),
                                                   svc.config.hold_for)
    return registration_json(registration, payment=payment)
