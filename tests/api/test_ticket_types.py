"""Ticket types over HTTP (app/api/ticket_types.py): anyone reads them as the event, only the
organizer changes them, bad bodies are 422, and a registration names its type."""

from __future__ import annotations

from tests.conftest import sign_up


def test_anyone_reads_the_types_and_only_the_organizer_sees_what_was_taken(people, client, clock):
    olga, ben = people(2)
    event = olga.create_event(clock, capacity=5, price=1000, currency="KZT")
    listed = client.get(f"/events/{event['id']}/ticket-types")  # a visitor
    assert listed.status_code == 200
    (first,) = listed.get_json()["items"]
    assert first == {"id": "general", "name": "General admission", "description": "", "price": 1000,
                     "currency": "KZT", "cap": None, "left": 5, "position": 0, "sales_start": None,
                     "sales_end": None, "on_sale": True, "hidden": False, "min_per_order": 1,
                     "max_per_order": None}
    vip = olga.post(f"/events/{event['id']}/ticket-types", json={"name": "VIP", "price": 0, "cap": 2})
    assert vip.status_code == 201 and vip.get_json()["confirmed"] == 0
    taken = ben.post("/registrations", json={"event_id": event["id"], "ticket_type_id": vip.get_json()["id"]})
    assert taken.status_code == 201 and taken.get_json()["ticket_type_id"] == vip.get_json()["id"]
    by_ben = {t["id"]: t for t in ben.get(f"/events/{event['id']}/ticket-types").get_json()["items"]}
    assert by_ben[vip.get_json()["id"]]["left"] == 1 and "confirmed" not in by_ben[vip.get_json()["id"]]
    by_olga = {t["id"]: t for t in olga.get(f"/events/{event['id']}/ticket-types").get_json()["items"]}
    assert by_olga[vip.get_json()["id"]]["confirmed"] == 1


def test_only_the_organizer_changes_types_and_bad_bodies_are_422(people, clock):
    olga, mallory = people(2)
    event = olga.create_event(clock)
    path = f"/events/{event['id']}/ticket-types"
    assert mallory.post(path, json={"name": "Mine"}).status_code == 403
    for body in ({}, {"name": ""}, {"name": "x", "price": -1}, {"name": "x", "cap": 0},
                 {"name": "x", "extra": 1}, {"name": "x", "sales_end": "tomorrow"}):
        refused = olga.post(path, json=body)
        assert refused.status_code == 422, body
    kind = olga.post(path, json={"name": "Student", "price": 500}).get_json()
    assert mallory.patch(f"{path}/{kind['id']}", json={"price": 0}).status_code == 403
    assert olga.patch(f"{path}/{kind['id']}", json={}).status_code == 422
    assert olga.patch(f"{path}/{kind['id']}", json={"price": 400}).get_json()["price"] == 400
    assert olga.delete(f"{path}/nosuchtype0").status_code == 404
    assert mallory.delete(f"{path}/{kind['id']}").status_code == 403
    assert olga.delete(f"{path}/{kind['id']}").status_code == 204
    assert olga.delete(f"{path}/general").get_json()["code"] == "ticket_type_sold"


def test_a_sold_out_type_and_an_unknown_one_say_so(people, clock):
    olga, ann, ben = people(3)
    event = olga.create_event(clock, capacity=5)
    vip = olga.post(f"/events/{event['id']}/ticket-types", json={"name": "VIP", "cap": 1}).get_json()
    for_vip = {"event_id": event["id"], "ticket_type_id": vip["id"]}
    assert ann.post("/registrations", json=for_vip).status_code == 201
    refused = ben.post("/registrations", json=for_vip)
    assert refused.status_code == 409 and refused.get_json()["code"] == "ticket_type_sold_out"
    unknown = ben.post("/registrations", json={"event_id": event["id"], "ticket_type_id": "nosuchtype0"})
    assert unknown.status_code == 404
    taken = ben.post("/registrations", json={"event_id": event["id"]})
    assert taken.get_json()["ticket_type_id"] == "general"


def test_a_visitor_cannot_change_types(client, clock):
    olga = sign_up(client, "olga")
    event = olga.create_event(clock)
    assert client.post(f"/events/{event['id']}/ticket-types", json={"name": "x"}).status_code == 401
