"""What an organizer asks buyers (docs/orders.md, "Questions"): questions once per order or of each
attendee, and the one rule that checks answers against them. Answers are stored with the order
(`Order.answers`) and each ticket (`Registration.answers`), read by the organizer (the attendee
list, the export) and the buyer (the order), never by other attendees."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from app.domain.errors import Invalid, NotFound
from app.domain.events import load_event
from app.domain.ids import new_id
from app.domain.models import Event
from app.domain.offers import Answer, Question, QuestionKind
from app.domain.ports import Store, Transaction
from app.domain.ticket_types import changeable

MAX_QUESTIONS = 20
SHORT, LONG = 200, 2_000  # characters of a text answer
CHOICES = (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)
Answers = dict[str, Answer]


def listed(store: Store, event_id: str) -> tuple[Event, list[Question]]:
    """The event's questions in their order (anyone who may read the event: buyers answer them)."""
    return store.read(lambda tx: (load_event(tx, event_id), tx.questions.of_event(event_id)))


def create(store: Store, actor_id: str, event_id: str, fields: dict[str, Any], now: datetime) -> Question:
    """A new question after the others (before the start; choices for the choice kinds only)."""
    def apply(tx: Transaction) -> Question:
        changeable(tx, actor_id, event_id, now)
        asked = tx.questions.of_event(event_id)
        if len(asked) >= MAX_QUESTIONS:
            raise Invalid("label", "an event asks at most {limit} questions", limit=MAX_QUESTIONS)
        question = Question(id=new_id(), event_id=event_id, created_at=now,
                            position=max((q.position for q in asked), default=-1) + 1, **fields)
        tx.questions.put(_checked(question))
        return question

    return store.run(apply)


def _checked(question: Question) -> Question:
    if (question.kind in CHOICES) != bool(question.choices):
        raise Invalid("choices", "a choice question lists its choices; other kinds none")
    if len(set(question.choices)) != len(question.choices):
        raise Invalid("choices", "each choice once")
    return question


def update(store: Store, actor_id: str, event_id: str, question_id: str, changes: dict[str, Any],
           now: datetime) -> Question:
    """Reword a question, make it required or not, or change its choices (before the start). Its
    kind and whom it is asked of stay: answers already given were given to them, and stay as
    given (a choice taken away stays in the answers that picked it)."""
    def apply(tx: Transaction) -> Question:
        changeable(tx, actor_id, event_id, now)
        found = next((q for q in tx.questions.of_event(event_id) if q.id == question_id), None)
        if found is None:
            raise NotFound("no such question")
        changed = _checked(replace(found, **changes))
        tx.questions.put(changed)
        return changed

    return store.run(apply)


def delete(store: Store, actor_id: str, event_id: str, question_id: str, now: datetime) -> None:
    """Stop asking it (the answers given stay with their orders and tickets)."""
    def apply(tx: Transaction) -> None:
        changeable(tx, actor_id, event_id, now)
        if not any(q.id == question_id for q in tx.questions.of_event(event_id)):
            raise NotFound("no such question")
        tx.questions.delete(event_id, question_id)

    store.run(apply)


def _answer(question: Question, value: object, where: str) -> Answer:
    """One answer as the question wants it (Invalid on `where` otherwise)."""
    kind = question.kind
    if kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        most = SHORT if kind == QuestionKind.SHORT_TEXT else LONG
        one_line = kind == QuestionKind.SHORT_TEXT
        if not isinstance(value, str) or len(value) > most or (one_line and "\n" in value):
            raise Invalid(where, "a text of at most {most} characters", most=most)
        return value.strip()
    if kind == QuestionKind.SINGLE_CHOICE:
        if value not in question.choices:
            raise Invalid(where, "one of the choices offered")
        return str(value)
    if kind == QuestionKind.MULTIPLE_CHOICE:
        picked = value if isinstance(value, list) else None
        if picked is None or not set(picked) <= set(question.choices) or len(set(picked)) != len(picked):
            raise Invalid(where, "some of the choices offered, each once")
        return [c for c in question.choices if c in picked]  # in the question's order
    if kind == QuestionKind.CHECKBOX:
        if not isinstance(value, bool):
            raise Invalid(where, "true or false")
        return value
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > 10**9:
        raise Invalid(where, "a whole number")
    return value


def _unanswered(value: Answer | None) -> bool:
    return value in (None, "", [], False)


def checked(questions: list[Question], given: Answers, per_attendee: bool, where: str) -> Answers:
    """The answers to the questions asked once per order (or of one attendee), each as its
    question wants it; a required one unanswered, or an answer to a question not asked, is
    Invalid on `where`.<question id>."""
    asked = {q.id: q for q in questions if q.per_attendee == per_attendee}
    for question_id in given.keys() - asked.keys():
        raise Invalid(f"{where}.{question_id}", "no such question is asked here")
    answers: Answers = {}
    for question in asked.values():
        value = given.get(question.id)
        if value is not None:
            answers[question.id] = _answer(question, value, f"{where}.{question.id}")
        if question.required and _unanswered(answers.get(question.id)):
            raise Invalid(f"{where}.{question.id}", "this question must be answered")
    return answers
