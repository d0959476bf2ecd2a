"""The Firebase Authentication adapter against the Auth emulator of firebase-tools."""

from __future__ import annotations

import time

import pytest
from firebase_admin import auth

from app import create_app
from app.domain.errors import Conflict, Unauthorized
from tests.conftest import make_config

pytestmark = pytest.mark.slow


def test_create_login_verify(firebase_auth):
    uid = firebase_auth.create_identity("ada@example.com", "correct horse").user_id
    grant = firebase_auth.login("ada@example.com", "correct horse")
    assert grant.uid == uid and grant.expires_in > 0
    assert firebase_auth.verify(grant.id_token).user_id == uid


def test_duplicate_email_and_bad_passwords(firebase_auth):
    firebase_auth.create_identity("ada@example.com", "correct horse")
    with pytest.raises(Conflict) as clash:
        firebase_auth.create_identity("ada@example.com", "another one")
    assert clash.value.code == "email_taken"
    for email, password in (("ada@example.com", "wrong horse"), ("nobody@example.com", "x" * 8)):
        with pytest.raises(Unauthorized) as refused:
            firebase_auth.login(email, password)
        assert refused.value.detail == "email or password is wrong"


def test_disabled_user_can_neither_sign_in_nor_use_a_token(firebase_auth):
    uid = firebase_auth.create_identity("ada@example.com", "correct horse").user_id
    token = firebase_auth.login("ada@example.com", "correct horse").id_token
    auth.update_user(uid, disabled=True, app=firebase_auth._app)
    with pytest.raises(Unauthorized) as login:
        firebase_auth.login("ada@example.com", "correct horse")
    assert login.value.detail == "this account is disabled"
    with pytest.raises(Unauthorized) as verify:
        firebase_auth.verify(token)
    assert verify.value.detail == "this account is disabled"


def test_garbage_tokens_are_refused(firebase_auth):
    for token in ("garbage", "a.b.c", ""):
        with pytest.raises(Unauthorized):
            firebase_auth.verify(token)


def test_through_the_api_with_rollback(tmp_path, store, bus, clock, firebase_auth):
    client = create_app(make_config(tmp_path), store=store, auth=firebase_auth, bus=bus,
                        clock=clock).test_client()
    body = {"email": "olga@example.com", "password": "correct horse", "username": "olga",
            "first_name": "Olga", "last_name": "F"}
    created = client.post("/auth/register", json=body)
    assert created.status_code == 201
    login = client.post("/auth/login", json={"email": body["email"], "password": body["password"]})
    assert login.status_code == 200
    token = login.get_json()["id_token"]
    me = client.get("/profile", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.get_json()["id"] == created.get_json()["id"]
    # The username is taken: our profile cannot be written, so the Firebase user is removed again.
    clash = client.post("/auth/register", json={**body, "email": "other@example.com"})
    assert clash.status_code == 409 and clash.get_json()["code"] == "username_taken"
    with pytest.raises(auth.UserNotFoundError):
        auth.get_user_by_email("other@example.com", app=firebase_auth._app)
    again = client.post("/auth/register", json={**body, "email": "olga@example.com", "username": "x_y"})
    assert again.status_code == 409 and again.get_json()["code"] == "email_taken"


def test_revoke_cuts_off_the_tokens_issued_before_it(firebase_auth):
    uid = firebase_auth.create_identity("ada@example.com", "correct horse").user_id
    old = firebase_auth.login("ada@example.com", "correct horse").id_token
    issued = firebase_auth.verify(old).issued_at
    time.sleep(1.1)  # Firebase keeps the cut-off in whole seconds: revoke in a later second
    valid_after = firebase_auth.revoke(uid)
    assert issued < valid_after
    with pytest.raises(Unauthorized):
        firebase_auth.verify(old)


def test_an_identity_made_with_the_firebase_sdk_gets_its_profile_on_first_use(
        tmp_path, store, bus, clock, firebase_auth):
    """Sign-up in the web client or a mobile app goes straight to Firebase: no POST /auth/register.
    The first request with its ID token makes the profile (reviews and the rest need one)."""
    client = create_app(make_config(tmp_path), store=store, auth=firebase_auth, bus=bus,
                        clock=clock).test_client()
    taken = client.post("/auth/register", json={
        "email": "ada@example.org", "password": "correct horse", "username": "ada",
        "first_name": "Ada", "last_name": "L"})
    assert taken.status_code == 201
    uid = auth.create_user(email="ada@example.com", password="correct horse",
                           display_name="Ada Lovelace", app=firebase_auth._app).uid
    token = firebase_auth.login("ada@example.com", "correct horse").id_token  # what the SDK holds
    headers = {"Authorization": f"Bearer {token}"}
    me = client.get("/profile", headers=headers)
    assert me.status_code == 200
    profile = me.get_json()
    assert (profile["id"], profile["email"], profile["first_name"], profile["last_name"]) == (
        uid, "ada@example.com", "Ada", "Lovelace")
    assert profile["username"].startswith("ada") and profile["username"] != "ada"  # "ada" was taken
    assert client.get("/profile", headers=headers).get_json() == profile  # made once
    outbox = [item.message for item in store.outbox.claim(clock.now, 30, 100)]
    assert [m.type for m in outbox if m.data.get("user_id") == uid] == ["user.registered"]  # welcomed once


def test_a_password_change_and_an_account_deletion_reach_firebase(tmp_path, store, bus, clock, firebase_auth):
    """Through the API on the Auth emulator: the new password signs in and ends the old tokens
    (Firebase's own revocation); a deleted account's Firebase user is gone, its email free."""
    client = create_app(make_config(tmp_path), store=store, auth=firebase_auth, bus=bus,
                        clock=clock).test_client()
    body = {"email": "rita@example.com", "password": "correct horse", "username": "rita",
            "first_name": "Rita", "last_name": "F"}
    assert client.post("/auth/register", json=body).status_code == 201
    old = client.post("/auth/login", json={"email": body["email"], "password": body["password"]}).get_json()
    time.sleep(1.1)  # Firebase's revocation is kept in whole seconds (its tokens' iat too)
    changed = client.post("/profile/password", headers={"Authorization": f"Bearer {old['id_token']}"},
                          json={"current_password": "correct horse", "new_password": "Nova-Lantern-1987"})
    assert changed.status_code == 200, changed.get_json()
    assert client.get("/profile", headers={"Authorization": f"Bearer {old['id_token']}"}).status_code == 401
    fresh = {"Authorization": f"Bearer {changed.get_json()['id_token']}"}
    assert client.get("/profile", headers=fresh).status_code == 200
    deleted = client.delete("/profile", headers=fresh, json={"password": "Nova-Lantern-1987"})
    assert deleted.status_code == 204
    with pytest.raises(auth.UserNotFoundError):
        auth.get_user_by_email("rita@example.com", app=firebase_auth._app)
    assert client.post("/auth/register", json=body).status_code == 201  # the email may sign up again


def test_a_new_email_reaches_firebase_confirmed_and_a_taken_one_is_refused(firebase_auth):
    uid = firebase_auth.create_identity("sam@example.com", "correct horse").user_id
    firebase_auth.create_identity("tom@example.com", "correct horse")
    firebase_auth.set_email(uid, "sam@new.example.com")
    record = auth.get_user(uid, app=firebase_auth._app)
    assert (record.email, record.email_verified) == ("sam@new.example.com", True)
    assert firebase_auth.login("sam@new.example.com", "correct horse").uid == uid
    with pytest.raises(Conflict):
        firebase_auth.set_email(uid, "tom@example.com")
