"""Scheduled work, for platforms where a background thread cannot be counted on (App Engine
standard, request-billed Cloud Run): GET or POST /tasks/relay-outbox publishes messages still in
the outbox (those a request could not publish itself), /tasks/release-holds releases seat holds
whose time is up, /tasks/send-reminders sends the day-before reminders. Each call does a bounded
amount of work and says whether more is left. /tasks/refresh-recommendations rebuilds the
recommender's model whole (docs/recommendations.md).

App Engine cron calls with GET and `X-Appengine-Cron: true` (a header App Engine removes from
outside requests); Cloud Scheduler with an OIDC token, as Pub/Sub pushes; anything else with the
bus's own authentication (?token=PUSH_TOKEN on the embedded default)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from app.api.common import now, services
from app.domain import checkout, recommendations, reminders

bp = Blueprint("tasks", __name__, url_prefix="/tasks")

RELAY_SWEEP = 500  # messages one call publishes at most (five of the relay's batches)


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


@bp.route("/relay-outbox", methods=["GET", "POST"])
def relay_outbox() -> dict[str, Any]:
    """Bounded work per call (at most RELAY_SWEEP messages); `more` says another call has work.
    Two calls at once publish different messages (each claims with a lease)."""
    published = services().relay.flush(most=RELAY_SWEEP)
    return {"published": published, "more": published >= RELAY_SWEEP}


@bp.route("/send-reminders", methods=["GET", "POST"])
def send_reminders() -> dict[str, Any]:
    """Bounded work per call (at most SWEEP_EVENTS events); `more` says another call has work."""
    reminded = reminders.send_due(services().store, now())
    return {"reminded": reminded, "more": reminded >= reminders.SWEEP_EVENTS}


@bp.route("/refresh-recommendations", methods=["GET", "POST"])
def refresh_recommendations() -> dict[str, Any]:
    """The whole model fitted again from the store (hourly: cron.yaml); what it learnt from."""
    rebuilt = recommendations.rebuild(services().store, now())
    return {"events": rebuilt.events, "people": rebuilt.people, "forgotten": rebuilt.forgotten}
