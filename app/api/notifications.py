"""GET /notifications, POST /notifications/{id}/read, POST /notifications/read-all, and the
live stream GET /notifications/stream (Server-Sent Events)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Blueprint, Response, request

from app.api.common import authenticate, caller, claims, now, page_json, parse_query, services
from app.api.schemas import NotificationsQuery
from app.api.serializers import notification_json
from app.domain import accounts, notifications
from app.domain.errors import Invalid
from app.domain.ids import new_id
from app.infra import green, lifecycle

bp = Blueprint("notifications", __name__, url_prefix="/notifications")
bp.before_request(authenticate)

HEARTBEAT_SECONDS = 15.0
# How often an open stream checks that its session still stands (signed out everywhere, or the
# account gone): a stream ends within this long of the session's end.
SESSION_CHECK_SECONDS = 3.0


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


LAST_EVENT_ID_MAX = 100  # openapi.yaml states it too


@bp.get("/stream")
def stream() -> Response:
    """Each new notification as it is stored, from any worker. The worker's live hub wakes the
    stream when something is stored for this person; it ends after STREAM_SECONDS (or when the
    token expires, or the server stops) and the client reconnects with Last-Event-ID."""
    svc = services()
    user_id = caller()
    resume = request.headers.get("Last-Event-ID") or None
    if resume is not None and len(resume) > LAST_EVENT_ID_MAX:  # ids this stream sends are short
        raise Invalid("Last-Event-ID", "must be at most {n} characters", n=LAST_EVENT_ID_MAX)
    # ends when the token expires (on its issuer's clock), if that comes first
    seconds = min(svc.config.stream_seconds, (claims().expires_at - datetime.now(UTC)).total_seconds())
    now, stream_id = svc.clock(), new_id()
    notifications.open_stream(svc.store, user_id, stream_id, now, now + timedelta(seconds=seconds),
                              svc.config.streams_per_person)
    deadline = time.monotonic() + seconds
    heartbeat = min(HEARTBEAT_SECONDS, svc.config.stream_seconds / 3)
    session = claims()

    environ = request.environ
    hung_up = threading.Event()

    def events() -> Iterator[str]:  # needs nothing of the request: everything is read above
        with svc.live.listen(user_id) as wake:
            def gone() -> None:  # the client closed the connection: free its place at once
                hung_up.set()
                wake.set()

            stop_watching = green.on_hang_up(environ, gone)
            try:
                # read after listening: whatever is stored from here on wakes this stream
                position = notifications.stream_start(svc.store, user_id, resume)
                yield "retry: 2000\n: connected\n\n"
                beat = checked = time.monotonic()
                while not hung_up.is_set():
                    wake.clear()  # before reading: a wake during the read is not lost
                    batch = notifications.stored_after(svc.store, user_id, position)
                    for position, item in batch:
                        yield (f"id: {position}\nevent: notification\n"
                               f"data: {json.dumps(notification_json(item))}\n\n")
                    if len(batch) == notifications.STREAM_BATCH:
                        continue
                    if lifecycle.stopping.is_set():
                        yield ": server stopping\n\n"  # the client reconnects to another worker
                        return
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return
                    if time.monotonic() - checked >= SESSION_CHECK_SECONDS:
                        if not accounts.session_stands(svc.store, session):
                            yield "event: session_ended\ndata: {}\n\n"  # sign in again
                            return
                        checked = time.monotonic()
                    if batch:
                        beat = time.monotonic()
                    elif time.monotonic() - beat >= heartbeat:
                        yield ": heartbeat\n\n"  # also how a client that went away is noticed
                        beat = time.monotonic()
                    wake.wait(min(left, heartbeat - (time.monotonic() - beat),
                                  SESSION_CHECK_SECONDS - (time.monotonic() - checked)))
            finally:
                stop_watching()

    response = Response(events(), mimetype="text/event-stream",
                        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
    # called by the server however the stream ends, even if it never started
    response.call_on_close(lambda: notifications.close_stream(svc.store, stream_id))
    return response
