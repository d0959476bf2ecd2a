"""Reviews: POST /reviews, GET /events/{id}/reviews."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from app.api.common import authenticate, caller, now, page_json, parse_body, parse_query, services
from app.api.schemas import PageQuery, ReviewIn
from app.api.serializers import review_json
from app.domain import reviews

bp = Blueprint("reviews", __name__)
bp.before_request(authenticate)


@bp.post("/reviews")
def create_review() -> tuple[dict[str, Any], int]:
    body = parse_body(ReviewIn)
    review = reviews.create_review(services().store, caller(), body.event_id, body.rating,
                                   body.comment, now())
    return review_json(review), 201


@bp.get("/events/<id:event_id>/reviews")
def event_reviews(event_id: str) -> dict[str, Any]:
    args = parse_query(PageQuery)
    page = reviews.list_reviews(services().store, event_id, args.limit, args.cursor)
    return page_json(page, review_json)
