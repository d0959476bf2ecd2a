"""Orders over HTTP (app/api/orders.py): several tickets in one request, paid through one
checkout, read and cancelled by their buyer alone; a ticket passed on to someone else."""

from __future__ import annotations

import csv
import io

import pytest

from tests.conftest import answer_checkout


def _order(who, event, *items, attendees=None):
    body = {"event_id": event["id"], "items": [{"ticket_type_id": t, "quantity": q} for t, q in items]}
    if attendees is not None:
        body["attendees"] = attendees
    return who.post("/orders", json=body)


def test_a_family_buys_four_tickets_through_one_checkout(people, client, clock):
    olga, ann, ben = people(3)
    event = olga.create_event(clock, capacity=6, price=1_000, currency="KZT")
    kid = olga.post(f"/events/{event['id']}/ticket-types", json={"name": "Child", "price": 400}).get_json()
    family = [{"name": "Ann"}, {"name": "Sam", "email": "Sam@Example.com"}, {"name": "Kit"}, {"name": "Lou"}]
    placed = _order(ann, event, ("general", 2), (kid["id"], 2), attendees=family)
    assert placed.status_code == 201, placed.get_json()
    order = placed.get_json()
    assert (order["ticket_count"], order["amount"], order["currency"]) == (4, 2_800, "KZT")
    assert [t["status"] for t in order["tickets"]] == ["pending_payment"] * 4
    assert [t["attendee_name"] for t in order["tickets"]] == ["Ann", "Sam", "Kit", "Lou"]
    assert order["tickets"][1]["attendee_email"] == "sam@example.com"
    assert order["payment"]["amount"] == 2_800 and order["payment"]["id"] == order["id"]
    answered = answer_checkout(client, order["payment"]["checkout_url"], "pay")
    assert answered.headers["Location"] == f"http://127.0.0.1:8080/order/{order['id']}?checkout=success"
    paid = ann.get(f"/orders/{order['id']}").get_json()
    assert [t["status"] for t in paid["tickets"]] == ["confirmed"] * 4
    assert len({t["ticket_code"] for t in paid["tickets"]}) == 4
    assert paid["payment"]["status"] == "paid" and paid["event"]["title"] == event["title"]
    assert ben.get(f"/orders/{order['id']}").status_code == 403
    assert ben.delete(f"/orders/{order['id']}").status_code == 403
    assert [o["id"] for o in ann.get("/orders").get_json()["items"]] == [order["id"]]
    assert ben.get("/orders").get_json()["items"] == []
    sales = olga.get(f"/events/{event['id']}/sales").get_json()
    assert (sales["confirmed_count"], sales["paid_count"], sales["paid_amount"]) == (4, 1, 2_800)


def test_a_free_order_and_cancelling_it(people, clock):
    olga, ann = people(2)
    event = olga.create_event(clock, capacity=3)
    assert event["max_per_order"] == 10
    for limit in (0, 11, "4"):
        assert olga.patch(f"/events/{event['id']}", json={"max_per_order": limit}).status_code == 422, limit
    assert olga.patch(f"/events/{event['id']}", json={"max_per_order": 3}).get_json()["max_per_order"] == 3
    order = _order(ann, event, ("general", 3)).get_json()
    assert [t["status"] for t in order["tickets"]] == ["confirmed"] * 3 and order["payment"] is None
    refused = ann.delete(f"/registrations/{order['id']}")  # the first stands for the order
    assert refused.status_code == 409 and refused.get_json()["code"] == "whole_order_only"
    assert ann.delete(f"/registrations/{order['tickets'][2]['id']}").get_json()["status"] == "cancelled"
    cancelled = ann.delete(f"/orders/{order['id']}").get_json()
    assert [t["status"] for t in cancelled["tickets"]] == ["cancelled"] * 3
    assert ann.delete(f"/orders/{order['id']}").get_json()["code"] == "already_cancelled"
    assert ann.get(f"/events/{event['id']}").get_json()["seats_left"] == 3


@pytest.mark.parametrize("body", [
    {},
    {"event_id": "x", "items": []},
    {"event_id": "x", "items": [{"quantity": 0}]},
    {"event_id": "x", "items": [{"quantity": 11}]},
    {"event_id": "x", "items": [{"quantity": 1}], "attendees": [{"email": "not an email"}]},
    {"event_id": "x", "items": [{"quantity": 1}], "attendees": [{"name": "a\u202eb"}]},
    {"event_id": "x", "items": [{"quantity": 1}], "user_id": "someone-else"},
    {"event_id": "x", "items": [{"quantity": "2"}]},
])
def test_bad_orders_are_422(people, body):
    (ann,) = people(1)
    refused = ann.post("/orders", json=body)
    assert refused.status_code == 422 and refused.get_json()["code"] == "validation_failed", body


def test_an_order_that_does_not_fit_is_refused_whole(people, clock):
    olga, ann, ben = people(3)
    event = olga.create_event(clock, capacity=3)
    assert _order(ann, event, ("general", 4)).get_json()["code"] == "event_full"
    too_many = _order(ann, event, ("general", 6), ("general", 5))
    assert too_many.status_code == 422 and too_many.get_json()["errors"][0]["field"] == "items"
    mismatch = _order(ann, event, ("general", 2), attendees=[{"name": "One"}])
    assert mismatch.status_code == 422 and mismatch.get_json()["errors"][0]["field"] == "attendees"
    assert _order(ben, {"id": "nosuchevent0"}, ("general", 1)).status_code == 404
    assert ann.get(f"/events/{event['id']}").get_json()["seats_left"] == 3


def test_a_ticket_is_passed_on_with_a_new_code(people, clock):
    olga, ann, ben = people(3)
    event = olga.create_event(clock, capacity=3)
    order = _order(ann, event, ("general", 2)).get_json()
    second = order["tickets"][1]
    path = f"/registrations/{second['id']}"
    assert ben.patch(path, json={"name": "Ben"}).status_code == 403
    assert ann.patch(path, json={"name": "Ben", "owner": "x"}).status_code == 422
    passed = ann.patch(path, json={"name": "Ben", "email": "ben@example.com"})
    assert passed.status_code == 200, passed.get_json()
    body = passed.get_json()
    assert (body["attendee_name"], body["attendee_email"]) == ("Ben", "ben@example.com")
    assert body["ticket_code"] != second["ticket_code"]  # the old copy no longer opens the door
    door = f"/events/{event['id']}/check-in"
    assert olga.post(door, json={"ticket_code": second["ticket_code"]}).status_code == 404
    checked = olga.post(door, json={"ticket_code": body["ticket_code"]})
    assert checked.status_code == 200 and checked.get_json()["attendee_name"] == "Ben"  # the door sees it
    assert ann.patch(path, json={"name": "Cy"}).get_json()["code"] == "ticket_used"
    clock.advance(days=8)  # the event has started
    late = ann.patch(f"/registrations/{order['id']}", json={"name": "Cy"})
    assert late.status_code == 409 and late.get_json()["code"] == "event_started"


def test_codes_over_http_a_discount_an_access_code_and_their_uses(people, client, clock):
    olga, ann, mallory = people(3)
    event = olga.create_event(clock, capacity=10, price=1_000, currency="KZT")
    codes = f"/events/{event['id']}/promo-codes"
    types = f"/events/{event['id']}/ticket-types"
    press = olga.post(types, json={"name": "Press", "hidden": True}).get_json()
    assert olga.post(codes, json={"code": "early-bird", "discount": 25, "max_uses": 5}).status_code == 201
    assert olga.post(codes, json={"code": "PRESS", "type_ids": [press["id"]]}).status_code == 201
    for body in ({"code": "x"}, {"code": "OK1", "discount": 101}, {"code": "OK2", "discount_kind": "half"},
                 {"code": "OK3", "max_uses": 0}, {"code": "EARLY-BIRD"},
                 {"code": "OK4", "type_ids": ["nosuch"]}):
        assert olga.post(codes, json=body).status_code == 422, body
    assert mallory.post(codes, json={"code": "MINE"}).status_code == 403
    assert mallory.get(codes).status_code == 403
    assert [t["name"] for t in ann.get(types).get_json()["items"]] == ["General admission"]
    seen = ann.get(f"{types}?promo_code=early-bird").get_json()["items"]
    assert [(t["name"], t.get("price_with_code")) for t in seen] == [("General admission", 750)]
    assert [t["name"] for t in ann.get(f"{types}?promo_code=press").get_json()["items"]] == [
        "General admission", "Press"]
    wrong = ann.get(f"{types}?promo_code=NOPE0")
    assert wrong.status_code == 422 and wrong.get_json()["errors"][0]["field"] == "promo_code"
    order = ann.post("/orders", json={"event_id": event["id"], "items": [{"quantity": 2}],
                                      "promo_code": "Early-Bird"}).get_json()
    assert (order["amount"], order["discount"], order["promo_code"]) == (1_500, 500, "EARLY-BIRD")
    assert [(t["price"], t["discount"]) for t in order["tickets"]] == [(1_000, 250)] * 2
    listed = {c["code"]: c for c in olga.get(codes).get_json()["items"]}
    assert (listed["EARLY-BIRD"]["used"], listed["EARLY-BIRD"]["max_uses"]) == (2, 5)
    board = olga.get(f"/events/{event['id']}/dashboard").get_json()
    assert board["codes"] == [{"code": "EARLY-BIRD", "used": 2, "max_uses": 5},
                              {"code": "PRESS", "used": 0, "max_uses": None}]
    answer_checkout(client, order["payment"]["checkout_url"], "pay")
    header, *rows = list(csv.reader(io.StringIO(
        olga.get(f"/events/{event['id']}/attendees.csv").get_data().decode("utf-8-sig"))))
    assert [dict(zip(header, row, strict=True))["paid"] for row in rows] == ["7.50", "7.50"]  # less the code
    board = olga.get(f"/events/{event['id']}/dashboard").get_json()
    assert {t["name"]: t["revenue"] for t in board["types"]}["General admission"] == 1_500
    assert olga.delete(f"{codes}/early-bird").get_json()["code"] == "promo_code_used"
    assert olga.patch(f"{codes}/early-bird", json={"max_uses": 2}).get_json()["used"] == 2
    assert olga.delete(f"{codes}/PRESS").status_code == 204
    assert olga.delete(f"{codes}/PRESS").status_code == 404


def test_questions_answered_in_an_order_reach_the_organizer_alone(people, client, clock):
    olga, ann, ben = people(3)
    event = olga.create_event(clock, capacity=10)
    asked = f"/events/{event['id']}/questions"
    meal = olga.post(asked, json={"label": "Meal", "kind": "multiple_choice", "choices": ["fish", "vegan"],
                                  "per_attendee": True}).get_json()
    rules = olga.post(asked, json={"label": "I accept the rules", "kind": "checkbox",
                                   "required": True}).get_json()
    assert ben.post(asked, json={"label": "Mine", "kind": "number"}).status_code == 403
    assert olga.post(asked, json={"label": "x", "kind": "essay"}).status_code == 422
    reworded = olga.patch(f"{asked}/{meal['id']}", json={"label": "Meals"})
    assert reworded.status_code == 200 and reworded.get_json()["kind"] == "multiple_choice"
    for bad in ({"kind": "number"}, {"per_attendee": False}, {}, {"required": None}):  # its kind stays
        assert olga.patch(f"{asked}/{meal['id']}", json=bad).status_code == 422, bad
    assert ben.patch(f"{asked}/{meal['id']}", json={"label": "Mine"}).status_code == 403
    listed = client.get(asked).get_json()["items"]  # a visitor reads what will be asked
    assert [q["label"] for q in listed] == ["Meals", "I accept the rules"]
    body = {"event_id": event["id"], "items": [{"quantity": 2}],
            "attendees": [{"answers": {meal["id"]: ["vegan"]}}, {"name": "Sam", "answers": {meal["id"]: []}}]}
    refused = ann.post("/orders", json=body)
    assert refused.status_code == 422 and refused.get_json()["errors"][0]["field"] == f"answers.{rules['id']}"
    assert ann.post("/orders", json={**body, "answers": {rules["id"]: "yes"}}).status_code == 422
    placed = ann.post("/orders", json={**body, "answers": {rules["id"]: True}}).get_json()
    assert placed["answers"] == {rules["id"]: True}
    assert [t["answers"] for t in placed["tickets"]] == [{meal["id"]: ["vegan"]}, {meal["id"]: []}]
    attendees = olga.get(f"/events/{event['id']}/registrations").get_json()["items"]
    assert sorted(a["answers"][meal["id"]] for a in attendees) == [[], ["vegan"]]
    header, *rows = list(csv.reader(io.StringIO(
        olga.get(f"/events/{event['id']}/attendees.csv").get_data().decode("utf-8-sig"))))
    assert header[-2:] == ["Meals", "I accept the rules"]
    assert [row[-2:] for row in rows] == [["vegan", "yes"], ["", "yes"]]  # the order's answer on each ticket
    assert ben.get(f"/orders/{placed['id']}").status_code == 403
    assert ben.get(f"/events/{event['id']}/registrations").status_code == 403
    single = ben.post("/registrations", json={"event_id": event["id"]})
    assert single.status_code == 422 and single.get_json()["errors"][0]["field"] == "answers"


def test_the_door_finds_by_name_and_checks_in_with_a_tap(people, clock):
    olga, ann, ben = people(3)
    event = olga.create_event(clock, capacity=10)
    order = ann.post("/orders", json={"event_id": event["id"], "items": [{"quantity": 2}],
                                      "attendees": [{}, {"name": "Renée Dupont"}]}).get_json()
    found = olga.get(f"/events/{event['id']}/arrivals?q=renee").get_json()["items"]
    assert [(f["name"], f["id"]) for f in found] == [("Renée Dupont", order["tickets"][1]["id"])]
    assert "ticket_code" not in found[0]  # the door taps, it is not shown the code
    assert ben.get(f"/events/{event['id']}/arrivals?q=renee").status_code == 403
    assert olga.get(f"/events/{event['id']}/arrivals").status_code == 422
    door = f"/events/{event['id']}/check-in"
    for body in ({}, {"ticket_code": "x", "registration_id": order["id"]}):
        assert olga.post(door, json=body).status_code == 422, body
    tapped = olga.post(door, json={"registration_id": found[0]["id"]})
    assert tapped.status_code == 200 and tapped.get_json()["checked_in_at"] is not None
    again = olga.post(door, json={"registration_id": found[0]["id"]})
    assert again.get_json()["code"] == "already_checked_in"
