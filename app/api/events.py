"""Events: search, create, read, change, cancel; the attendee list, sales, check-in, calendar file,
announcements to attendees."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, Response, jsonify, url_for

from app.api import exports as files
from app.api.common import (
    authenticate,
    caller,
    event_link,
    now,
    page_json,
    parse_body,
    parse_query,
    same_for_all,
    services,
    viewer,
)
from app.api.schemas import (
    AnnouncementIn,
    CheckInIn,
    EventIn,
    EventPatch,
    EventsQuery,
    FindQuery,
    LimitQuery,
    PageQuery,
)
from app.api.serializers import (
    dashboard_json,
    event_json,
    forecast_json,
    insight_json,
    reason_json,
    registration_json,
    sales_json,
)
from app.domain import (
    announcements,
    checkin,
    checkout,
    dashboard,
    events,
    exports,
    insight,
    recommendations,
    turnout,
)
from app.domain.calendar import to_ics

bp = Blueprint("events", __name__, url_prefix="/events")
OWN = ("recommended", "insight")  # /events/{these}: the caller's own lists, never an event's id
bp.before_request(authenticate)

Json = dict[str, Any]


@bp.get("")
def list_events() -> Response:
    args = parse_query(EventsQuery)
    search = events.EventSearch(
        starts_from=args.starts_from, starts_to=args.starts_to, text=args.q, location=args.location,
        organizer=args.organizer, exclude_mine=args.exclude_mine, limit=args.limit, cursor=args.cursor,
        when=args.when, category=args.category, tag=args.tag)
    at = now()

    def build() -> tuple[Json, datetime | None]:
        page = events.search_events(services().store, viewer(), search, at)
        return page_json(page, lambda event: event_json(event, at)), events.next_change(page.items, at)

    return same_for_all(build, personal=events.personal(search, viewer()))


@bp.get("/recommended")
def recommended() -> tuple[Response, int, dict[str, str]]:
    """For you (docs/recommendations.md): each event with why it is here."""
    limit = parse_query(LimitQuery).limit
    at = now()
    picks = recommendations.recommended(services().store, caller(), limit, at)
    body = {"items": [{"event": event_json(p.event, at), "reason": reason_json(p.reason)} for p in picks]}
    return jsonify(body), 200, {"Cache-Control": "private, no-store"}


@bp.post("")
def create_event() -> tuple[Json, int, dict[str, str]]:
    fields = parse_body(EventIn).model_dump()
    event = events.create_event(services().store, caller(), fields, now())
    return event_json(event, now()), 201, {"Location": url_for(".get_event", event_id=event.id)}


@bp.get("/<event:event_id>")
def get_event(event_id: str) -> Response:
    at = now()

    def build() -> tuple[Json, datetime | None]:
        event = events.get_event(services().store, event_id)
        return event_json(event, at), events.next_change([event], at)

    return same_for_all(build)


@bp.route("/<event:event_id>", methods=["PATCH", "PUT"])
def update_event(event_id: str) -> Json:
    changes = parse_body(EventPatch).changes()
    svc = services()
    at = now()
    return event_json(events.update_event(svc.store, caller(), event_id, changes, at,
                                          svc.config.hold_for), at)


@bp.delete("/<event:event_id>")
def cancel_event(event_id: str) -> Json:
    at = now()
    return event_json(events.cancel_event(services().store, caller(), event_id, at), at)


@bp.get("/<event:event_id>/registrations")
def attendees(event_id: str) -> Json:
    args = parse_query(PageQuery)
    page = events.list_attendees(services().store, caller(), event_id, args.limit, args.cursor)
    return page_json(page, lambda r: registration_json(r, holder=False))


@bp.get("/<event:event_id>/attendees.csv", defaults={"kind": "csv"})
@bp.get("/<event:event_id>/attendees.xlsx", defaults={"kind": "xlsx"})
def attendee_file(event_id: str, kind: str) -> Response:
    """Every ticket with its holder and money, for a spreadsheet (organizer only)."""
    listing = exports.attendee_rows(services().store, caller(), event_id)
    event = listing.event
    body, media_type = ((files.as_csv(listing), files.CSV_TYPE) if kind == "csv"
                        else (files.as_xlsx(listing), files.XLSX_TYPE))
    return Response(body, mimetype=media_type, headers={
        "Content-Disposition": f'attachment; filename="{files.filename(event, kind)}"',
        "Cache-Control": "private, no-store"})  # personal data: kept by no cache


@bp.get("/<event:event_id>/dashboard")
def event_dashboard(event_id: str) -> Json:
    return dashboard_json(dashboard.dashboard(services().store, caller(), event_id))


@bp.get("/<event:event_id>/insight")
def event_insight(event_id: str) -> Json:
    return insight_json(insight.event_insight(services().store, caller(), event_id))


@bp.get("/<event:event_id>/similar")
def similar(event_id: str) -> Json:
    limit = parse_query(LimitQuery).limit
    at = now()
    found = recommendations.similar(services().store, event_id, limit, at)
    return {"items": [event_json(e, at) for e in found]}


@bp.post("/<event:event_id>/not-interested")
def not_interested(event_id: str) -> tuple[str, int]:
    recommendations.not_interested(services().store, caller(), event_id)
    return "", 204


@bp.get("/insight")
def organizer_insight() -> Json:
    """What the reviews of all the caller's events of the last year say."""
    return insight_json(insight.organizer_insight(services().store, caller(), now()))


@bp.get("/<event:event_id>/forecast")
def forecast(event_id: str) -> Json:
    return forecast_json(turnout.forecast(services().store, caller(), event_id, now()))


@bp.get("/<event:event_id>/sales")
def sales(event_id: str) -> Json:
    return sales_json(checkout.sales(services().store, caller(), event_id))


@bp.post("/<event:event_id>/check-in")
def check_in(event_id: str) -> Json:
    body = parse_body(CheckInIn)
    registration = checkin.check_in(services().store, caller(), event_id, now(), ticket_code=body.ticket_code,
                                    ticket_id=body.registration_id)
    return registration_json(registration, holder=False)


@bp.get("/<event:event_id>/arrivals")
def find_arrivals(event_id: str) -> Json:
    """The door's search by name: tickets whose attendee or holder is called so, by name."""
    args = parse_query(FindQuery)
    found = checkin.find(services().store, caller(), event_id, args.q, args.limit)
    return {"items": [registration_json(a.ticket, holder=False) | {"name": a.name} for a in found]}


@bp.post("/<event:event_id>/announcements")
def announce(event_id: str) -> tuple[Json, int]:
    """Accepted: each confirmed attendee is mailed from the bus, not during this request."""
    body = parse_body(AnnouncementIn)
    announcement_id = announcements.announce(services().store, caller(), event_id, body.subject, body.message,
                                             now())
    return {"id": announcement_id, "status": "accepted"}, 202


@bp.get("/<event:event_id>/calendar.ics")
def calendar(event_id: str) -> Response:
    event = events.get_event(services().store, event_id)
    return Response(to_ics(event, now(), event_link(event.id)), mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="event-{event.id}.ics"'})
