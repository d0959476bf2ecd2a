"""Questions to buyers (app/domain/questions.py): answers checked against each question's kind,
required ones answered, asked once per order or of each attendee, and stored with the order and
its tickets."""

from __future__ import annotations

import pytest

from app.domain import errors, orders, questions, registrations
from app.domain.models import GENERAL
from app.domain.offers import Question, QuestionKind
from app.domain.orders import Attendee, Item, Wish
from tests.conftest import HOLD
from tests.support.races import NOW


def _ask(kind, choices=(), required=False, per_attendee=False):
    return Question(id="q", event_id="e", position=0, label="?", kind=kind, created_at=NOW,
                    choices=list(choices), required=required, per_attendee=per_attendee)


@pytest.mark.parametrize(("kind", "choices", "given", "kept"), [
    (QuestionKind.SHORT_TEXT, (), "  Vegetarian ", "Vegetarian"),
    (QuestionKind.LONG_TEXT, (), "line one\nline two", "line one\nline two"),
    (QuestionKind.SINGLE_CHOICE, ("S", "M", "L"), "M", "M"),
    (QuestionKind.MULTIPLE_CHOICE, ("fish", "meat", "vegan"), ["vegan", "fish"], ["fish", "vegan"]),
    (QuestionKind.CHECKBOX, (), True, True),
    (QuestionKind.NUMBER, (), 42, 42),
])
def test_an_answer_is_kept_as_its_question_wants_it(kind, choices, given, kept):
    assert questions.checked([_ask(kind, choices)], {"q": given}, False, "answers") == {"q": kept}


@pytest.mark.parametrize(("kind", "choices", "given"), [
    (QuestionKind.SHORT_TEXT, (), "two\nlines"),
    (QuestionKind.SHORT_TEXT, (), "x" * 201),
    (QuestionKind.SHORT_TEXT, (), 7),
    (QuestionKind.SINGLE_CHOICE, ("S", "M"), "XL"),
    (QuestionKind.MULTIPLE_CHOICE, ("fish", "meat"), ["fish", "fish"]),
    (QuestionKind.MULTIPLE_CHOICE, ("fish", "meat"), "fish"),
    (QuestionKind.CHECKBOX, (), "yes"),
    (QuestionKind.NUMBER, (), True),
    (QuestionKind.NUMBER, (), "3"),
])
def test_an_answer_that_does_not_fit_its_question_is_refused_on_its_field(kind, choices, given):
    with pytest.raises(errors.Invalid) as refused:
        questions.checked([_ask(kind, choices)], {"q": given}, False, "answers")
    assert refused.value.field == "answers.q"


def test_required_questions_are_answered_and_unknown_ones_refused():
    required = [_ask(QuestionKind.CHECKBOX, required=True)]
    for given in ({}, {"q": False}):
        with pytest.raises(errors.Invalid):
            questions.checked(required, given, False, "answers")
    with pytest.raises(errors.Invalid) as unknown:
        questions.checked(required, {"q": True, "other": "x"}, False, "answers")
    assert unknown.value.field == "answers.other"
    assert questions.checked(required, {}, True, "attendees.0.answers") == {}  # asked per order, not here


def test_an_order_stores_its_answers_and_each_attendees(store, clock, make_event):
    event = make_event(capacity=10)
    meal = questions.create(store, "olga", event.id, {"label": "Meal", "kind": "single_choice",
                                                      "choices": ["fish", "vegan"], "per_attendee": True,
                                                      "required": True}, clock.now)
    company = questions.create(store, "olga", event.id, {"label": "Company", "kind": "short_text"}, clock.now)
    with pytest.raises(errors.Invalid) as unanswered:  # the second attendee's meal is missing
        attendees = [Attendee("Ann", answers={meal.id: "fish"}), Attendee("Bo")]
        orders.place(store, "ann", Wish(event.id, [Item(GENERAL, 2)], attendees), clock.now, HOLD)
    assert unanswered.value.field == f"attendees.1.answers.{meal.id}"
    placed = orders.place(store, "ann", Wish(event.id, [Item(GENERAL, 2)], [
        Attendee("Ann", answers={meal.id: "fish"}), Attendee("Bo", answers={meal.id: "vegan"})],
        answers={company.id: "Acme"}), clock.now, HOLD)
    assert placed.order.answers == {company.id: "Acme"}
    assert [t.answers for t in placed.tickets] == [{meal.id: "fish"}, {meal.id: "vegan"}]
    stored = store.read(lambda tx: tx.registrations.get(placed.tickets[1].id))
    assert stored.answers == {meal.id: "vegan"}
    with pytest.raises(errors.Invalid) as alone:  # a ticket bought alone cannot answer them
        registrations.register(store, "cy", event.id, False, clock.now, HOLD)
    assert alone.value.field == "answers"


def test_what_an_organizer_may_ask(store, clock, make_event):
    event = make_event(capacity=10)
    for fields, field in (({"label": "Size", "kind": "single_choice"}, "choices"),
                          ({"label": "Name", "kind": "short_text", "choices": ["a"]}, "choices"),
                          ({"label": "Size", "kind": "single_choice", "choices": ["S", "S"]}, "choices")):
        with pytest.raises(errors.Invalid) as refused:
            questions.create(store, "olga", event.id, fields, clock.now)
        assert refused.value.field == field
    with pytest.raises(errors.Forbidden):
        questions.create(store, "mallory", event.id, {"label": "?", "kind": "number"}, clock.now)
    asked = questions.create(store, "olga", event.id, {"label": "Age", "kind": "number"}, clock.now)
    assert [q.label for q in questions.listed(store, event.id)[1]] == ["Age"]
    with pytest.raises(errors.Forbidden):
        questions.delete(store, "mallory", event.id, asked.id, clock.now)
    questions.delete(store, "olga", event.id, asked.id, clock.now)
    assert questions.listed(store, event.id)[1] == []


def test_a_question_is_reworded_and_its_choices_changed_but_its_kind_stays(store, clock, make_event):
    event = make_event(capacity=10)
    meal = questions.create(store, "olga", event.id, {"label": "Meal", "kind": "single_choice",
                                                      "choices": ["Fish", "Meat"]}, clock.now)
    placed = orders.place(store, "ann", Wish(event.id, [Item(GENERAL, 1)], [], None, {meal.id: "Meat"}),
                          clock.now, HOLD)
    reworded = {"label": "Main course", "required": True, "choices": ["Fish", "Vegan"]}
    changed = questions.update(store, "olga", event.id, meal.id, reworded, clock.now)
    assert (changed.label, changed.required, changed.choices, changed.kind) == (
        "Main course", True, ["Fish", "Vegan"], QuestionKind.SINGLE_CHOICE)
    assert questions.listed(store, event.id)[1] == [changed]
    assert orders.own_order(store, "ann", placed.order.id).order.answers == {meal.id: "Meat"}  # as given
    for bad in ({"choices": []}, {"choices": ["Fish", "Fish"]}):
        with pytest.raises(errors.Invalid) as refused:
            questions.update(store, "olga", event.id, meal.id, bad, clock.now)
        assert refused.value.field == "choices"
    age = questions.create(store, "olga", event.id, {"label": "Age", "kind": "number"}, clock.now)
    with pytest.raises(errors.Invalid):  # a number has no choices
        questions.update(store, "olga", event.id, age.id, {"choices": ["1"]}, clock.now)
    with pytest.raises(errors.Forbidden):
        questions.update(store, "mallory", event.id, meal.id, {"label": "Mine"}, clock.now)
    with pytest.raises(errors.NotFound):
        questions.update(store, "olga", event.id, "no-such-question", {"label": "?"}, clock.now)
