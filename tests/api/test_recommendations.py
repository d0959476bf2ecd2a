"""GET /events/recommended, GET /events/{id}/similar, POST /events/{id}/not-interested and the
scheduled rebuild, through HTTP: who may call what, and what the answers carry."""

from __future__ import annotations

from datetime import timedelta

from app.domain import recommendations
from tests.conftest import PUSH_TOKEN, iso, sign_up

REFRESH = "/tasks/refresh-recommendations"


def test_for_you_needs_a_token_and_says_why_each_event_is_there(client, store, clock):
    olga, ada = sign_up(client, "olga"), sign_up(client, "ada")
    music = olga.create_event(clock, title="Jazz on the roof", category="music", location="Roof, Almaty")
    olga.create_event(clock, title="Python clinic", category="tech")
    assert client.get("/events/recommended").status_code == 401
    assert ada.patch("/profile", json={"interest_categories": ["music"]}).status_code == 200
    assert client.post(REFRESH).status_code == 401  # the scheduler's alone
    rebuilt = client.post(f"{REFRESH}?token={PUSH_TOKEN}").get_json()
    assert rebuilt["events"] == 2 and rebuilt["people"] == 2
    answer = ada.get("/events/recommended?limit=5")
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "private, no-store"
    first = answer.get_json()["items"][0]
    assert first["event"]["id"] == music["id"]
    assert first["reason"] == {"code": "interest", "about": "music", "text": "You follow music"}
    assert olga.get("/events/recommended").get_json()["items"] == []  # her own events
    assert ada.get("/events/recommended?limit=0").status_code == 422
    assert ada.get("/events/recommended?limit=51").status_code == 422


def test_not_interested_hides_an_event_for_that_person_only(client, store, clock):
    olga, ada, bob = sign_up(client, "olga"), sign_up(client, "ada"), sign_up(client, "bob")
    event = olga.create_event(clock, title="Jazz on the roof", category="music")
    client.post(f"{REFRESH}?token={PUSH_TOKEN}")
    assert client.post(f"/events/{event['id']}/not-interested").status_code == 401
    assert ada.post(f"/events/{event['id']}/not-interested").status_code == 204
    assert ada.post(f"/events/{event['id']}/not-interested").status_code == 204  # again: the same
    assert ada.post("/events/nope/not-interested").status_code == 404
    assert ada.get("/events/recommended").get_json()["items"] == []
    assert [i["event"]["id"] for i in bob.get("/events/recommended").get_json()["items"]] == [event["id"]]


def test_similar_events_are_open_to_visitors_and_leave_out_the_event_itself(client, store, clock):
    olga = sign_up(client, "olga")
    jazz = olga.create_event(clock, title="Jazz quartet night", description="saxophone and piano jazz",
                             category="music", tags=["jazz"])
    more = olga.create_event(clock, title="Jazz trio night", description="piano jazz standards",
                             category="music", tags=["jazz"], starts_at=iso(clock.now + timedelta(days=9)))
    olga.create_event(clock, title="Spreadsheet basics", description="formulas and pivot tables",
                      category="education")
    recommendations.rebuild(store, clock.now)
    found = client.get(f"/events/{jazz['id']}/similar?limit=1")
    assert found.status_code == 200 and [e["id"] for e in found.get_json()["items"]] == [more["id"]]
    assert client.get("/events/nope/similar").status_code == 404
    assert client.get(f"/events/{jazz['id']}/similar?limit=x").status_code == 422


def test_the_forecast_and_the_insight_across_events_are_the_organizers_alone(client, store, clock):
    olga, ada = sign_up(client, "olga"), sign_up(client, "ada")
    event = olga.create_event(clock, title="Jazz on the roof", category="music")
    assert ada.post("/registrations", json={"event_id": event["id"]}).status_code == 201
    found = olga.get(f"/events/{event['id']}/forecast")
    assert found.status_code == 200
    body = found.get_json()
    assert body["tickets"] == 1 and body["history"] == 0
    assert body["final_sales"] is None and "no past event's sales" in body["explanation"][1]
    assert body["check_ins"]["low"] <= body["check_ins"]["expected"] <= body["check_ins"]["high"] <= 1
    assert "platform's rate" in body["explanation"][0]
    assert ada.get(f"/events/{event['id']}/forecast").status_code == 403
    assert client.get(f"/events/{event['id']}/forecast").status_code == 401
    assert olga.get("/events/insight").get_json()["reviews"] == 0
    assert client.get("/events/insight").status_code == 401


def test_the_callers_own_lists_are_never_taken_for_an_events_id(client):
    ada = sign_up(client, "ada")
    for path in ("/events/recommended", "/events/insight"):
        allowed = client.open(path, method="OPTIONS").headers["Allow"]
        assert set(allowed.split(", ")) == {"GET", "HEAD", "OPTIONS"}, path
        assert ada.patch(path, json={"title": "x"}).status_code == 405
        assert ada.delete(path).status_code == 405
