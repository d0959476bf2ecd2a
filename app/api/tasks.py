"""Scheduled work, for platforms where a background thread cannot be counted on (App Engine
standard, request-billed Cloud Run): GET or POST /tasks/release-holds releases seat holds whose
time is up. App Engine cron calls it with GET and `X-Appengine-Cron: true` (a header App Engine
removes from outside requests); Cloud Scheduler with an OIDC token, as Pub/Sub pushes; anything
else with the bus's own authentication (?token=PUSH_TOKEN on the embedded default)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from app.api.common import now, services
from app.domain import checkout

bp = Blueprint("tasks", __name__, url_prefix="/tasks")


@bp.before_request
def scheduler_only() -> None:
    svc = services()
    if svc.config.app_engine and request.headers.get("X-Appengine-Cron") == "true":
        return
    svc.push_auth.check(request.args, request.headers)


@bp.route("/release-holds", methods=["GET", "POST"])
def release_holds() -> dict[str, Any]:
    """Bounded work per call (at most SWEEP_BATCH holds); `more` says another call has work."""
    svc = services()
    released = checkout.release_expired(svc.store, now(), svc.config.hold_for)
    return {"released": released, "more": released >= checkout.SWEEP_BATCH}
