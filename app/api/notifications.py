"""GET /notifications, POST /notifications/{id}/read, POST /notifications/read-all, and the
live stream GET /notifications/stream (Server-Sent Events)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, request, stream_with_context

from app.api.common import authenticate, caller, claims, now, page_json, parse_query, services
from app.api.schemas import NotificationsQuery
from app.api.serializers import notification_json
from app.domain import notifications
from app.infra import lifecycle

bp = Blueprint("notifications", __name__, url_prefix="/notifications")
bp.before_request(authenticate)

POLL_SECONDS = 0.2  # how soon a stored notification reaches an open stream
HEARTBEAT_SECONDS = 15.0


@bp.get("")
def list_notifications() -> dict[str, Any]:
    args = parse_query(NotificationsQuery)
    page = notifications.list_for(services().store, caller(), args.unread, args.limit, args.cursor)
    return page_json(page, notification_json)


@bp.post("/<id:notification_id>/read")
def mark_read(notification_id: str) -> dict[str, Any]:
    return notification_json(notifications.mark_read(services().store, caller(), notification_id, now()))


@bp.post("/read-all")
def mark_all_read() -> dict[str, Any]:
    return {"updated": notifications.mark_all_read(services().store, caller(), now())}


@bp.get("/stream")
def stream() -> Response:
    """Each new notification as it is stored. The stream reads the store, so it sees what any
    worker stored; it ends after STREAM_SECONDS and the client reconnects with Last-Event-ID."""
    svc = services()
    user_id = caller()
    resume = request.headers.get("Last-Event-ID", "")[:100] or None
    position = notifications.stream_start(svc.store, user_id, resume)
    # ends when the token expires (on its issuer's clock), if that comes first
    token_left = (claims().expires_at - datetime.now(UTC)).total_seconds()
    deadline = time.monotonic() + min(svc.config.stream_seconds, token_left)
    heartbeat = min(HEARTBEAT_SECONDS, svc.config.stream_seconds / 3)

    def events() -> Iterator[str]:
        nonlocal position
        yield "retry: 2000\n: connected\n\n"
        beat = time.monotonic()
        while time.monotonic() < deadline:
            if lifecycle.stopping.is_set():
                yield ": server stopping\n\n"  # the client reconnects to another worker
                return
            batch = notifications.stored_after(svc.store, user_id, position)
            for position, item in batch:
                yield (f"id: {position}\nevent: notification\n"
                       f"data: {json.dumps(notification_json(item))}\n\n")
            if batch:
                beat = time.monotonic()
            elif time.monotonic() - beat >= heartbeat:
                yield ": heartbeat\n\n"
                beat = time.monotonic()
            else:
                lifecycle.stopping.wait(POLL_SECONDS)  # wakes at once when the server stops

    return Response(stream_with_context(events()), mimetype="text/event-stream",
                    headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
