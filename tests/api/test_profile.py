"""Own profile and public profiles."""

from __future__ import annotations

import pytest


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
