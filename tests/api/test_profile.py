"""Own profile and public profiles."""

from __future__ import annotations

import pytest

from tests.conftest import sign_up


def test_own_profile_and_update(people):
    (alice,) = people(1)
    me = alice.get("/profile").get_json()
    assert me["id"] == alice.uid and me["email"].endswith("@example.com")
    changed = alice.patch("/profile", json={"first_name": "Alicia", "username": "alicia"})
    assert changed.status_code == 200
    assert changed.get_json()["first_name"] == "Alicia" and changed.get_json()["username"] == "alicia"
    assert alice.get("/profile").get_json()["username"] == "alicia"


@pytest.mark.parametrize("body", [{}, {"email": "x@example.com"}, {"id": "other"}, {"username": "a"},
                                  {"first_name": None}, {"last_name": 3}])
def test_profile_update_validation(people, body):
    (alice,) = people(1)
    before = alice.get("/profile").get_json()
    assert alice.patch("/profile", json=body).status_code == 422
    assert alice.get("/profile").get_json() == before


def test_username_clash_is_409(people):
    alice, bob = people(2)
    response = alice.patch("/profile", json={"username": bob.username.upper()})
    assert response.status_code == 409 and response.get_json()["code"] == "username_taken"


def test_public_profile_hides_email_except_to_self(people):
    alice, bob = people(2)
    public = bob.get(f"/profile/{alice.uid}").get_json()
    assert public["username"] == alice.username and "email" not in public
    assert "email" in alice.get(f"/profile/{alice.uid}").get_json()
    assert bob.get("/profile/nobody").status_code == 404


def test_a_person_chooses_interests_and_may_turn_personalisation_off(client):
    ada = sign_up(client, "ada")
    fresh = ada.get("/profile").get_json()
    assert (fresh["interest_categories"], fresh["interest_tags"], fresh["personalised"]) == ([], [], True)
    chosen = ada.patch("/profile", json={"interest_categories": ["music", "tech", "music"],
                                         "interest_tags": ["Café Jazz", "cafe_jazz", "Python"],
                                         "personalised": False}).get_json()
    assert chosen["interest_categories"] == ["music", "tech"]  # each once
    assert chosen["interest_tags"] == ["cafe-jazz", "python"]  # normalised as events' tags
    assert chosen["personalised"] is False
    assert ada.patch("/profile", json={"interest_categories": ["poetry"]}).status_code == 422
    assert ada.patch("/profile", json={"personalised": "no"}).status_code == 422
    other = sign_up(client, "bob").get(f"/profile/{ada.uid}").get_json()
    assert "interest_categories" not in other and "personalised" not in other  # nothing personal is public


def test_the_language_is_kept_on_the_profile_and_null_gives_it_back_to_each_device(people):
    alice, bob = people(2)
    assert alice.get("/profile").get_json()["language"] is None
    assert alice.patch("/profile", json={"language": "kk"}).get_json()["language"] == "kk"
    assert alice.get("/profile").get_json()["language"] == "kk"
    refused = alice.patch("/profile", json={"language": "de"})
    assert refused.status_code == 422 and refused.get_json()["errors"][0]["field"] == "language"
    assert alice.patch("/profile", json={"language": None}).get_json()["language"] is None
    alice.patch("/profile", json={"language": "ru"})
    public = bob.get(f"/profile/{alice.uid}").get_json()
    assert public["id"] == alice.uid and "language" not in public  # not for others to read
