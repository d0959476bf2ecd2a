"""POST /reviews."""

from __future__ import annotations

from flask import Blueprint

from app.api.common import authenticate, caller, now, parse_body, services
from app.api.schemas import ReviewIn
from app.api.views import review_json
from app.domain import reviews

bp = Blueprint("reviews", __name__, url_prefix="/reviews")
bp.before_request(authenticate)


@bp.post("")
def create_review() -> tuple[dict, int]:
    body = parse_body(ReviewIn)
    review = reviews.create_review(services().store, caller(), body.event_id, body.rating,
                                   body.comment, now())
    return review_json(review), 201
