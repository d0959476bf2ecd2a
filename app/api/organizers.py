"""GET /organizers/{username}: whose public page `/o/{username}` is, for anyone. A username is
public (it signs reviews and events); nothing else of the person is answered here. Their events
come from GET /events?organizer={id}, which visitors may read too."""

from __future__ import annotations

from flask import Blueprint, Response

from app.api.common import services, shareable
from app.domain import accounts

bp = Blueprint("organizers", __name__, url_prefix="/organizers")


@bp.get("/<name:username>")
def organizer(username: str) -> Response:
    user = accounts.organizer(services().store, username)
    return shareable({"id": user.id, "username": user.username})
