"""Problem details in the caller's language (app/api/problems.py, app/api/language.py): `title`,
`detail` and each field's `message` by Accept-Language, the `code` the same in every language."""

from __future__ import annotations

import pytest

RU = {"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.8"}


def test_a_domain_refusal_is_said_in_russian_and_kazakh_with_the_same_code(people, clock):
    organizer, bob, cid = people(3)
    event = organizer.create_event(clock, capacity=1)
    assert bob.post("/registrations", json={"event_id": event["id"]}).status_code == 201
    said = {}
    for language in ("en", "ru", "kk"):
        refused = cid.post("/registrations", json={"event_id": event["id"]},
                           headers={"Accept-Language": language})
        body = refused.get_json()
        assert refused.status_code == 409 and body["code"] == "event_full"
        assert refused.headers["Content-Language"] == language
        assert "Accept-Language" in refused.headers["Vary"]
        said[language] = (body["title"], body["detail"])
    assert said["en"] == ("Conflict", "the event is full")
    assert said["ru"] == ("Конфликт", "мест нет")
    assert said["kk"] == ("Қайшылық", "бос орын жоқ")


def test_field_messages_are_said_in_the_language_with_their_figures(people):
    (alice,) = people(1)
    body = {"title": "", "starts_at": "soon", "capacity": 0, "extra": 1}
    refused = alice.post("/events", json=body, headers=RU)
    body = refused.get_json()
    assert refused.status_code == 422 and body["code"] == "validation_failed"
    assert body["title"] == "Необрабатываемые данные" and body["detail"] == "в запросе есть неверные поля"
    messages = {e["field"]: e["message"] for e in body["errors"]}
    assert messages["title"] == "длина должна быть не меньше 1"
    assert messages["starts_at"].startswith("должно быть временем RFC 3339")  # a refusal of ours
    assert messages["capacity"] == "должно быть не меньше 1"
    assert messages["extra"] == "неизвестное поле"


def test_a_sentence_with_places_is_filled_in_the_language(people, clock):
    (alice,) = people(1)
    event = alice.create_event(clock)
    tags = ["a", "b", "c", "d", "e", "f"]
    refused = alice.patch(f"/events/{event['id']}", json={"tags": tags}, headers={"Accept-Language": "kk"})
    assert refused.get_json()["errors"] == [{"field": "tags", "message": "ең көбі 5 тег"}]


@pytest.mark.parametrize(("header", "title"), [
    ("de-DE, ja;q=0.5", "Not Found"), ("en-US,ru;q=0.9", "Not Found"), ("", "Not Found"),
    ("kk-KZ;q=0.3, ru;q=0.5", "Не найдено")])
def test_the_language_is_the_first_the_caller_prefers_that_we_speak(client, header, title):
    missing = client.get("/events/nope0000", headers={"Accept-Language": header})
    assert missing.status_code == 404 and missing.get_json()["title"] == title
    assert missing.get_json()["code"] == "not_found"


def test_http_failures_outside_the_domain_are_said_too(client):
    bad = client.post("/auth/login", data="{not json", headers={"Content-Type": "application/json", **RU})
    assert bad.status_code == 400 and bad.get_json()["code"] == "invalid_json"
    assert bad.get_json()["detail"] == "тело запроса — не корректный JSON"
