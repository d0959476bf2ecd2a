"""POST /pubsub/<subscription>: where push subscriptions deliver."""

from __future__ import annotations

import logging

from flask import Blueprint, request

from app.api.common import now, services
from app.bus.envelope import MalformedEnvelope, decode
from app.domain import handling
from app.domain.errors import NotFound, UnusableMessage

bp = Blueprint("pubsub", __name__, url_prefix="/pubsub")
log = logging.getLogger(__name__)


@bp.post("/<subscription>")
def push(subscription: str) -> tuple[str, int]:
    svc = services()
    svc.push_auth.check(request.args, request.headers)
    logical = svc.topology.logical_of_subscription(subscription)
    if logical is None:
        raise NotFound(f"no push subscription named {subscription!r}")
    try:
        message, attempt = decode(request.get_data())
    except MalformedEnvelope as exc:
        # Acked: retrying can never make it valid. Logged so that it is not silent.
        log.error("malformed push envelope acked on %s: %s", subscription, exc)
        return "", 204
    try:
        outside = handling.Outside(svc.audit, svc.payments, svc.mailer, svc.config.secret_key)
        applied = handling.handle(svc.store, outside, logical, subscription, message, now())
    except UnusableMessage as exc:
        log.error("unusable message acked on %s: %s", subscription, exc.detail)
        return "", 204
    log.info("push handled", extra={"fields": {"subscription": subscription, "message_id": message.id,
                                                "type": message.type, "attempt": attempt,
                                                "applied": applied}})
    # 2xx only now that the effect is committed: this is the ack.
    return "", 204
