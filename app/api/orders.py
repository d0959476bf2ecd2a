"""POST/GET /orders, GET/DELETE /orders/{id}, POST /orders/{id}/checkout: several tickets bought
together (app/domain/orders.py)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from app.api.common import authenticate, caller, now, page_json, parse_body, parse_query, services, site
from app.api.sales_schemas import OrderIn
from app.api.schemas import PageQuery
from app.api.serializers import order_json, payment_json
from app.domain import checkout, orders
from app.domain.orders import OrderView

bp = Blueprint("orders", __name__, url_prefix="/orders")
bp.before_request(authenticate)


def _whole(view: OrderView) -> dict[str, Any]:
    return order_json(view.order, view.event, view.tickets, view.payment)


@bp.post("")
def place() -> tuple[dict[str, Any], int]:
    body = parse_body(OrderIn)
    svc = services()
    view = orders.buy(svc.store, svc.payments, caller(), body.wish(), now(), site(), svc.config.hold_for)
    return _whole(view), 201


@bp.get("")
def own_orders() -> dict[str, Any]:
    args = parse_query(PageQuery)
    page, events = orders.list_own(services().store, caller(), args.limit, args.cursor)
    return page_json(page, lambda o: order_json(o, events.get(o.event_id)))


@bp.get("/<id:order_id>")
def own_order(order_id: str) -> dict[str, Any]:
    """The order with its event, every ticket (each with its code) and its payment (the receipt)."""
    return _whole(orders.own_order(services().store, caller(), order_id))


@bp.post("/<id:order_id>/checkout")
def reopen_checkout(order_id: str) -> dict[str, Any]:
    svc = services()
    return payment_json(checkout.checkout_for(svc.store, svc.payments, caller(), order_id, site(), now()))


@bp.delete("/<id:order_id>")
def cancel(order_id: str) -> dict[str, Any]:
    svc = services()
    return _whole(orders.cancel(svc.store, caller(), order_id, now(), svc.config.hold_for))
