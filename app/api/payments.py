"""POST /payments/webhook: the payment provider's notifications (Stripe's, or the test
provider's in the same format). The test provider's checkout page is the provider's own
(app/payment_providers/checkout_page.py)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from app.api.common import now, services
from app.domain import checkout

bp = Blueprint("payments", __name__, url_prefix="/payments")


@bp.post("/webhook")
def webhook() -> dict[str, Any]:
    """2xx tells the provider to stop sending; a notice that could not be applied yet (the
    store is busy: 503) is sent again by the provider. `applied`: the notice changed something
    (a replay or an outdated notice changes nothing)."""
    svc = services()
    settled = checkout.receive_notice(svc.store, svc.payments, request.get_data(),
                                      request.headers.get("Stripe-Signature"), now(), svc.config.hold_for)
    return {"received": True, "applied": settled is not None and settled.changed}
