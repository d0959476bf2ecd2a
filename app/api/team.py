"""An event's team (docs/team.md): the organizer invites by mail, changes roles and removes
members; a member joins with the mailed link, reads their role, lists the events they help run,
and may leave."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from app.api.common import authenticate, caller, now, page_json, parse_body, parse_query, services
from app.api.schemas import InvitationIn, PageQuery, RoleIn, TokenIn
from app.api.serializers import event_summary, invitation_json, member_json
from app.domain import team
from app.domain.models import Event
from app.domain.roles import Member

bp = Blueprint("team", __name__)
bp.before_request(authenticate)

@bp.get("/events/<event:event_id>/team")
def roster(event_id: str) -> dict[str, Any]:
    found = team.roster(services().store, caller(), event_id)
    return {"members": [member_json(mb) for mb in found.members],
            "invitations": [invitation_json(i) for i in found.invitations]}


@bp.post("/events/<event:event_id>/team/invitations")
def invite(event_id: str) -> tuple[dict[str, Any], int]:
    body = parse_body(InvitationIn)
    invitation = team.invite(services().store, caller(), event_id, str(body.email), body.role, now())
    return invitation_json(invitation), 201


@bp.delete("/events/<event:event_id>/team/invitations/<id:invitation_id>")
def withdraw(event_id: str, invitation_id: str) -> tuple[str, int]:
    team.withdraw(services().store, caller(), event_id, invitation_id)
    return "", 204


@bp.get("/events/<event:event_id>/team/me")
def my_role(event_id: str) -> dict[str, Any]:
    return {"event_id": event_id, "role": team.my_role(services().store, caller(), event_id)}


@bp.patch("/events/<event:event_id>/team/members/<id:user_id>")
def change_role(event_id: str, user_id: str) -> dict[str, Any]:
    body = parse_body(RoleIn)
    return member_json(team.change_role(services().store, caller(), event_id, user_id, body.role))


@bp.delete("/events/<event:event_id>/team/members/<id:user_id>")
def remove(event_id: str, user_id: str) -> tuple[str, int]:
    team.remove(services().store, caller(), event_id, user_id, now())
    return "", 204


@bp.post("/team/join")
def join() -> dict[str, Any]:
    """The mailed link's page posts its token here, as the person signed in."""
    body = parse_body(TokenIn)
    svc = services()
    event, member = team.join(svc.store, svc.config.secret_key, caller(), body.token, now())
    return member_json(member) | {"event": event_summary(event)}


@bp.get("/team/events")
def my_teams() -> dict[str, Any]:
    args = parse_query(PageQuery)
    page = team.my_teams(services().store, caller(), args.limit, args.cursor)

    def shape(pair: tuple[Member, Event]) -> dict[str, Any]:
        return member_json(pair[0]) | {"event": event_summary(pair[1])}

    return page_json(page, shape)
