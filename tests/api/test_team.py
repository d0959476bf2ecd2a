"""The team at the door over HTTP (app/api/team.py): the organizer invites by mail, the link is
taken by whoever signs in with it, every route holds each role to its tasks, a check-in reaches
every door device's notifications, and removal ends it all at once. Through the real app, bus and
Maildir: the link is read out of the mail it came in."""

from __future__ import annotations

import pytest

from tests.conftest import sign_up
from tests.stack import LocalStack, notifications_of
from tests.support.mailbox import mails_to, token_in

INVITED = "Olga Tester invites you to help run Gala"


@pytest.fixture
def stack(tmp_path, store, clock):
    return LocalStack(tmp_path, store, clock)


def _join(stack, organizer, event_id, person, role):
    invite = {"email": f"{person.username}@example.com", "role": role}
    sent = organizer.post(f"/events/{event_id}/team/invitations", json=invite)
    assert sent.status_code == 201, sent.get_json()
    (mail,) = mails_to(stack, f"{person.username}@example.com", INVITED)
    joined = person.post("/team/join", json={"token": token_in(mail, "/join-team")})
    assert joined.status_code == 200, joined.get_json()
    return joined.get_json()


def test_the_door_checks_in_sees_names_only_and_every_device_hears_of_it(stack, clock):
    olga, dora, ida, gus = (sign_up(stack.client, n) for n in ("olga", "dora", "ida", "gus"))
    event = olga.create_event(clock, title="Gala", capacity=5)
    eid = event["id"]
    placed = gus.post("/orders", json={"event_id": eid, "items": [{"quantity": 2}], "attendees": [
        {}, {"name": "Noa", "email": "noa@example.com"}]}).get_json()
    assert _join(stack, olga, eid, dora, "door")["event"]["id"] == eid
    _join(stack, olga, eid, ida, "door")
    assert dora.get(f"/events/{eid}/team/me").get_json()["role"] == "door"
    listed = dora.get(f"/events/{eid}/registrations").get_json()["items"]
    assert {t["attendee_name"] for t in listed} == {"", "Noa"}
    assert {t["attendee_email"] for t in listed} == {""}
    found = dora.get(f"/events/{eid}/arrivals?q=noa").get_json()["items"]
    assert [(f["name"], f["attendee_email"]) for f in found] == [("Noa", "")]
    (as_organizer,) = olga.get(f"/events/{eid}/arrivals?q=noa").get_json()["items"]
    assert as_organizer["attendee_email"] == "noa@example.com"
    tapped = dora.post(f"/events/{eid}/check-in", json={"registration_id": found[0]["id"]})
    assert tapped.status_code == 200
    stack.drain()
    for device in (olga, dora, ida):  # the live stream carries these to every open door page
        (seen,) = [n for n in notifications_of(device) if n["kind"] == "door_checked_in"]
        assert seen["event_id"] == eid and seen["message"] == "Noa was checked in at Gala"
        assert seen["read_at"] is not None  # quiet: no unread badge for each arrival
    assert placed["tickets"][1]["id"] == found[0]["id"]
    for path in ("/dashboard", "/sales", "/attendees.csv", "/insight", "/forecast", "/team", "/promo-codes"):
        assert dora.get(f"/events/{eid}{path}").status_code == 403, path
    assert dora.patch(f"/events/{eid}", json={"title": "Mine"}).status_code == 403
    assert dora.post(f"/events/{eid}/ticket-types", json={"name": "Free", "price": 0}).status_code == 403
    assert dora.post(f"/events/{eid}/team/invitations", json={"email": "x@example.com", "role": "door"}
                     ).status_code == 403
    assert gus.get(f"/events/{eid}/registrations").status_code == 403  # a buyer is no one at the door
    assert gus.get(f"/events/{eid}/team/me").status_code == 403


def test_a_manager_runs_sales_and_removal_takes_effect_at_once(stack, clock):
    olga, max_, gus = (sign_up(stack.client, n) for n in ("olga", "max", "gus"))
    eid = olga.create_event(clock, title="Gala", capacity=5)["id"]
    member = _join(stack, olga, eid, max_, "manager")
    assert member["role"] == "manager" and member["user_id"] == max_.uid
    assert max_.get("/team/events").get_json()["items"][0]["event"]["title"] == "Gala"
    assert max_.patch(f"/events/{eid}", json={"title": "Gala"}).status_code == 200
    assert max_.get(f"/events/{eid}/dashboard").status_code == 200
    assert max_.get(f"/events/{eid}/attendees.csv").status_code == 200
    assert max_.delete(f"/events/{eid}").status_code == 403  # cancelling is the organizer's
    assert max_.get(f"/events/{eid}/team").status_code == 403
    assert olga.get(f"/events/{eid}/team").get_json()["members"][0]["user_id"] == max_.uid
    changed = olga.patch(f"/events/{eid}/team/members/{max_.uid}", json={"role": "door"})
    assert changed.get_json()["role"] == "door"
    assert max_.get(f"/events/{eid}/dashboard").status_code == 403
    assert gus.delete(f"/events/{eid}/team/members/{max_.uid}").status_code == 403
    assert olga.delete(f"/events/{eid}/team/members/{max_.uid}").status_code == 204
    assert max_.get(f"/events/{eid}/registrations").status_code == 403  # the next request, at once
    stack.drain()
    assert "team_left" in {n["kind"] for n in notifications_of(max_)}
    assert "team_joined" in {n["kind"] for n in notifications_of(olga)}


def test_a_link_is_single_use_and_forged_or_withdrawn_ones_take_nothing(stack, clock):
    olga, dora, eve = (sign_up(stack.client, n) for n in ("olga", "dora", "eve"))
    eid = olga.create_event(clock, title="Gala", capacity=5)["id"]
    sent = olga.post(f"/events/{eid}/team/invitations", json={"email": "dora@example.com", "role": "door"})
    (mail,) = mails_to(stack, "dora@example.com", INVITED)
    token = token_in(mail, "/join-team")
    invited = [line for line in stack.audit.lines if "team.invited" in str(line)]
    assert invited and "dora@example.com" not in str(invited)  # the address never rides the bus
    assert stack.client.post("/team/join", json={"token": token}).status_code == 401  # signed in only
    assert eve.post("/team/join", json={"token": token[:-2] + "xx"}).get_json()["code"] == "bad_link"
    assert eve.post("/team/join", json={"token": token, "user_id": dora.uid}).status_code == 422
    assert dora.post("/team/join", json={"token": token}).status_code == 200
    assert eve.post("/team/join", json={"token": token}).get_json()["code"] == "bad_link"  # used
    second = olga.post(f"/events/{eid}/team/invitations", json={"email": "eve@example.com", "role": "door"})
    assert olga.delete(f"/events/{eid}/team/invitations/{second.get_json()['id']}").status_code == 204
    assert second.status_code == 201 and mails_to(stack, "eve@example.com", INVITED) == []  # withdrawn first
    assert sent.get_json()["expires_at"] > sent.get_json()["created_at"]
    for bad in ({"email": "not-an-address", "role": "door"}, {"email": "a@example.com", "role": "owner"},
                {"email": "a@example.com"}, {"email": "a@example.com", "role": "door", "event_id": eid}):
        refused = olga.post(f"/events/{eid}/team/invitations", json=bad)
        assert refused.status_code == 422 and refused.content_type == "application/problem+json", bad
