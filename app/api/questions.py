"""What an event asks its buyers: anyone may read the questions (as the event), its organizer
adds, rewords and removes them; answers come with orders (app/api/orders.py)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from app.api.common import authenticate, caller, now, parse_body, services
from app.api.sales_schemas import QuestionIn, QuestionPatch
from app.api.serializers import question_json
from app.domain import questions

bp = Blueprint("questions", __name__, url_prefix="/events/<event:event_id>/questions")
bp.before_request(authenticate)  # visitors may list them (OPEN_TO_VISITORS)


@bp.get("")
def list_questions(event_id: str) -> dict[str, Any]:
    _, asked = questions.listed(services().store, event_id)
    return {"items": [question_json(q) for q in asked]}


@bp.post("")
def create_question(event_id: str) -> tuple[dict[str, Any], int]:
    fields = parse_body(QuestionIn).model_dump()
    return question_json(questions.create(services().store, caller(), event_id, fields, now())), 201


@bp.patch("/<id:question_id>")
def update_question(event_id: str, question_id: str) -> dict[str, Any]:
    changes = parse_body(QuestionPatch).changes()
    return question_json(questions.update(services().store, caller(), event_id, question_id, changes, now()))


@bp.delete("/<id:question_id>")
def delete_question(event_id: str, question_id: str) -> tuple[str, int]:
    questions.delete(services().store, caller(), event_id, question_id, now())
    return "", 204
