"""The mailed links that act on an account (app/domain/links.py, passwords.py, accounts.py):
confirm the address, set a new password, change it, stop a kind of mail. Through the real app,
bus and Maildir: each link is read out of the mail it came in."""

from __future__ import annotations

import statistics
import time

import pytest

from tests.conftest import sign_up
from tests.stack import LocalStack
from tests.support.mailbox import mails_to, token_in


@pytest.fixture
def stack(tmp_path, store, clock):
    return LocalStack(tmp_path, store, clock)


RESET = "Set a new password for Events"
CONFIRM = "Confirm your address for Events"
NEW_ADDRESS = "Confirm your new address for Events"


def confirm(stack: LocalStack, token: str, password: str):
    return stack.client.post("/auth/password-reset/confirm", json={"token": token, "password": password})


def test_sign_up_mails_a_link_that_confirms_the_address_once_and_only_for_that_address(stack):
    ada = sign_up(stack.client, "ada")
    assert ada.get("/profile").get_json()["email_verified"] is False
    (mail,) = mails_to(stack, "ada@example.com", CONFIRM)
    token = token_in(mail, "/verify-email")
    verified = stack.client.post("/auth/verify-email", json={"token": token})
    assert verified.get_json() == {"email_verified": True}
    assert ada.get("/profile").get_json()["email_verified"] is True
    again = stack.client.post("/auth/verify-email", json={"token": token})
    assert again.status_code == 200  # again: no error
    # asking again when confirmed mails nothing
    assert ada.post("/profile/email-verification").status_code == 202
    assert len(mails_to(stack, "ada@example.com", CONFIRM)) == 1


def test_a_forged_cut_or_other_purpose_token_is_refused(stack):
    ada = sign_up(stack.client, "ada")
    token = token_in(mails_to(stack, "ada@example.com", CONFIRM)[0], "/verify-email")
    for bad in (token[:-2], token + "x", "e30.forged", "a" * 40):
        answer = stack.client.post("/auth/verify-email", json={"token": bad})
        assert answer.status_code == 422 and answer.get_json()["code"] == "bad_link", bad
    # a confirmation token is no reset token (each purpose has its own salt)
    answer = confirm(stack, token, "Nova-Lantern-1987")
    assert answer.status_code == 422 and answer.get_json()["code"] == "bad_link"
    assert ada.get("/profile").get_json()["email_verified"] is False


def test_a_reset_link_sets_a_new_password_once_and_ends_every_session(stack, clock):
    ada = sign_up(stack.client, "ada")
    asked = stack.client.post("/auth/password-reset", json={"email": "ADA@example.com"})
    assert asked.status_code == 202
    (mail,) = mails_to(stack, "ada@example.com", RESET)
    token = token_in(mail, "/reset-password")
    weak = confirm(stack, token, "password1")
    assert weak.status_code == 422  # the same strength rule as sign-up; the link is not spent
    new = "Nova-Lantern-1987"
    assert confirm(stack, token, new).status_code == 204
    assert ada.get("/profile").status_code == 401  # the session from before is over
    again = confirm(stack, token, "Other-Lantern-1988")
    assert again.status_code == 422 and "used already" in again.get_json()["errors"][0]["message"]
    old = stack.client.post("/auth/login", json={"email": "ada@example.com", "password": "correct horse"})
    assert old.status_code == 401
    signed_in = stack.client.post("/auth/login", json={"email": "ada@example.com", "password": new})
    assert signed_in.status_code == 200
    me = stack.client.get("/profile", headers={"Authorization": f"Bearer {signed_in.get_json()['id_token']}"})
    assert me.get_json()["email_verified"] is True  # opening the link proved the address
    (notice,) = mails_to(stack, "ada@example.com", "Your Events password was changed")
    assert "/forgot-password" in notice.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_a_forged_host_header_never_reaches_a_mailed_link(stack):
    sign_up(stack.client, "ada")
    stack.client.post("/auth/password-reset", json={"email": "ada@example.com"},
                      headers={"Host": "evil.example", "X-Forwarded-Host": "evil.example"})
    (mail,) = mails_to(stack, "ada@example.com", RESET)
    assert token_in(mail, "/reset-password")  # on PUBLIC_URL
    assert "evil.example" not in mail.as_string()


def test_a_reset_link_runs_out_after_an_hour_on_the_apps_clock(stack, clock):
    sign_up(stack.client, "ada")
    stack.client.post("/auth/password-reset", json={"email": "ada@example.com"})
    token = token_in(mails_to(stack, "ada@example.com", RESET)[0], "/reset-password")
    clock.advance(minutes=61)
    late = confirm(stack, token, "Nova-Lantern-1987")
    assert late.status_code == 422 and "run out" in late.get_json()["errors"][0]["message"]


def test_a_reset_request_says_the_same_for_an_unknown_address_in_about_the_same_time(stack):
    sign_up(stack.client, "ada")
    known = stack.client.post("/auth/password-reset", json={"email": "ada@example.com"})
    unknown = stack.client.post("/auth/password-reset", json={"email": "nobody@example.com"})
    assert (known.status_code, known.get_json()) == (unknown.status_code, unknown.get_json())
    assert mails_to(stack, "nobody@example.com", RESET) == []

    def timed(email: str) -> float:
        started = time.perf_counter()
        stack.client.post("/auth/password-reset", json={"email": email}, environ_base={"REMOTE_ADDR": email})
        return time.perf_counter() - started

    # wide bounds: a median over many tries, each address under its limit; only a gross
    # difference (a mail sent in the request, a password hashed for one side) would show
    known_times = [timed("ada@example.com") for _ in range(2)]
    unknown_times = [timed(f"ghost{i}@example.com") for i in range(2)]
    assert statistics.median(known_times) < 10 * statistics.median(unknown_times) + 0.05
    assert statistics.median(unknown_times) < 10 * statistics.median(known_times) + 0.05


def test_reset_requests_are_limited_per_address_whoever_asks(stack):
    sign_up(stack.client, "ada")
    answers = [stack.client.post("/auth/password-reset", json={"email": "ada@example.com"},
                                 environ_base={"REMOTE_ADDR": f"10.0.0.{i}"}).status_code for i in range(5)]
    assert answers == [202, 202, 202, 429, 429]
    assert len(mails_to(stack, "ada@example.com", RESET)) == 3


def test_changing_the_password_needs_the_current_one_and_ends_other_sessions(stack):
    ada = sign_up(stack.client, "ada")
    other = stack.client.post("/auth/login", json={"email": "ada@example.com", "password": "correct horse"})
    other_token = other.get_json()["id_token"]
    wrong = ada.post("/profile/password", json={"current_password": "nope",
                                                 "new_password": "Nova-Lantern-1987"})
    assert wrong.status_code == 422 and wrong.get_json()["errors"][0]["field"] == "current_password"
    changed = ada.post("/profile/password", json={"current_password": "correct horse",
                                                   "new_password": "Nova-Lantern-1987"})
    assert changed.status_code == 200
    fresh = changed.get_json()["id_token"]
    assert stack.client.get("/profile", headers={"Authorization": f"Bearer {other_token}"}).status_code == 401
    assert stack.client.get("/profile", headers={"Authorization": f"Bearer {fresh}"}).status_code == 200
    assert len(mails_to(stack, "ada@example.com", "Your Events password was changed")) == 1


def test_guessing_the_current_password_is_throttled_like_signing_in(stack):
    ada = sign_up(stack.client, "ada")
    codes = [ada.post("/profile/password", json={"current_password": f"guess{i}",
                                                  "new_password": "Nova-Lantern-1987"}).status_code
             for i in range(7)]
    assert codes[:5] == [422] * 5 and codes[5:] == [429, 429]


def test_one_click_unsubscribe_stops_that_kind_of_mail_only(stack, clock):
    olga, ada = sign_up(stack.client, "olga"), sign_up(stack.client, "ada")
    event = olga.create_event(clock, capacity=5, title="Jazz")
    ada.post("/registrations", json={"event_id": event["id"]})
    assert olga.post(f"/events/{event['id']}/announcements",
                     json={"subject": "Doors", "message": "Doors open at 18:30."}).status_code == 202
    (mail,) = mails_to(stack, "ada@example.com", "Jazz: Doors")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = mail["List-Unsubscribe"].strip("<>").removeprefix("http://127.0.0.1:8080")
    # what a mail client sends (RFC 8058): a form POST, no cookie, no token header
    clicked = stack.client.post(url, data="List-Unsubscribe=One-Click",
                                content_type="application/x-www-form-urlencoded")
    assert clicked.get_json() == {"mail_reminders": True, "mail_announcements": False}
    olga.post(f"/events/{event['id']}/announcements", json={"subject": "Parking", "message": "Use the back."})
    assert mails_to(stack, "ada@example.com", "Jazz: Parking") == []
    # and the account page turns it on again
    assert ada.patch("/profile", json={"mail_announcements": True}).get_json()["mail_announcements"] is True
    forged = stack.client.post("/mail/unsubscribe?token=abc.def")
    assert forged.status_code == 422 and forged.get_json()["code"] == "bad_link"


def test_only_the_organizer_announces_and_a_few_times_a_day(stack, clock):
    olga, ada = sign_up(stack.client, "olga"), sign_up(stack.client, "ada")
    event = olga.create_event(clock, capacity=5, title="Jazz")
    ada.post("/registrations", json={"event_id": event["id"]})
    body = {"subject": "Hi", "message": "Hello"}
    assert ada.post(f"/events/{event['id']}/announcements", json=body).status_code == 403
    codes = [olga.post(f"/events/{event['id']}/announcements", json=body).status_code for _ in range(4)]
    assert codes == [202, 202, 202, 429]
    clock.advance(days=1, seconds=1)
    assert olga.post(f"/events/{event['id']}/announcements", json=body).status_code == 202
    bad = olga.post(f"/events/{event['id']}/announcements", json={"subject": "a\nb", "message": "x"})
    assert bad.status_code == 422
    assert len(mails_to(stack, "ada@example.com", "Jazz: Hi")) == 4
    assert mails_to(stack, "olga@example.com", "Jazz: Hi") == []  # attendees only


def test_export_hands_over_the_persons_tickets_payments_reviews_and_notifications_only(stack, clock):
    olga, ada, bob = (sign_up(stack.client, n) for n in ("olga", "ada", "bob"))
    event = olga.create_event(clock, capacity=5, title="Jazz")
    ada.post("/registrations", json={"event_id": event["id"]})
    bob.post("/registrations", json={"event_id": event["id"]})
    stack.drain()
    data = ada.get("/profile/export").get_json()
    assert data["profile"]["email"] == "ada@example.com"
    assert [t["event"]["title"] for t in data["tickets"]] == ["Jazz"]
    assert {t["user_id"] for t in data["tickets"]} == {ada.uid}
    assert data["notifications"] and data["payments"] == [] and data["reviews"] == []
    assert "bob@example.com" not in str(data)


def test_deleting_an_account_gives_tickets_back_erases_the_person_and_frees_the_email(stack, clock):
    olga, ada, bob = (sign_up(stack.client, n) for n in ("olga", "ada", "bob"))
    event = olga.create_event(clock, capacity=1, title="Jazz")
    ada.post("/registrations", json={"event_id": event["id"]})
    bob.post("/registrations", json={"event_id": event["id"], "waitlist": True})
    wrong = ada.delete("/profile", json={"password": "nope"})
    assert wrong.status_code == 422 and ada.get("/profile").status_code == 200
    organizer = olga.delete("/profile", json={"password": "correct horse"})
    assert organizer.status_code == 409 and organizer.get_json()["code"] == "has_upcoming_events"
    assert '"Jazz"' in organizer.get_json()["detail"]
    assert ada.delete("/profile", json={"password": "correct horse"}).status_code == 204
    assert ada.get("/profile").status_code == 401  # the token names no account now
    login = stack.client.post("/auth/login", json={"email": "ada@example.com", "password": "correct horse"})
    assert login.status_code == 401
    stack.drain()
    (bob_ticket,) = bob.get("/registrations").get_json()["items"]
    assert bob_ticket["status"] == "confirmed"  # the freed seat went to the waitlist
    (notice,) = mails_to(stack, "ada@example.com", "Your Events account was deleted")
    assert "Ada" in str(notice["To"])
    again = sign_up(stack.client, "ada")  # the email (and username) may sign up again
    assert again.uid != ada.uid


def test_a_deleted_authors_review_stays_signed_by_a_former_member(stack, clock):
    olga, ada = sign_up(stack.client, "olga"), sign_up(stack.client, "ada")
    event = olga.create_event(clock, capacity=5, title="Jazz")
    ada.post("/registrations", json={"event_id": event["id"]})
    clock.advance(days=8)
    written = ada.post("/reviews", json={"event_id": event["id"], "rating": 5, "comment": "Great"})
    assert written.status_code == 201
    assert ada.delete("/profile", json={"password": "correct horse"}).status_code == 204
    (review,) = olga.get(f"/events/{event['id']}/reviews").get_json()["items"]
    assert review["username"] == "a former member" and review["comment"] == "Great"


def test_changing_the_email_takes_the_new_addresss_link_and_tells_the_old_one(stack):
    sign_up(stack.client, "bob")
    ada = sign_up(stack.client, "ada")
    wrong = ada.post("/profile/email", json={"email": "ada@new.example.com", "password": "nope"})
    assert wrong.status_code == 422 and wrong.get_json()["errors"][0]["field"] == "password"
    taken = ada.post("/profile/email", json={"email": "BOB@example.com", "password": "correct horse"})
    assert taken.status_code == 409 and taken.get_json()["code"] == "email_taken"
    asked = ada.post("/profile/email", json={"email": "ada@new.example.com", "password": "correct horse"})
    assert asked.status_code == 202
    assert ada.get("/profile").get_json()["email"] == "ada@example.com"  # nothing changes yet
    (mail,) = mails_to(stack, "ada@new.example.com", "Confirm your new address for Events")
    token = token_in(mail, "/change-email")
    done = stack.client.post("/auth/change-email", json={"token": token})
    assert done.get_json() == {"email": "ada@new.example.com", "email_verified": True}
    assert stack.client.post("/auth/change-email", json={"token": token}).status_code == 422  # spent
    (notice,) = mails_to(stack, "<ada@example.com>", "The address of your Events account was changed")
    assert "someone knows your password" in notice.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    logins = [stack.client.post("/auth/login", json={"email": a, "password": "correct horse"}).status_code
              for a in ("ada@new.example.com", "ada@example.com")]
    assert logins == [200, 401]
    again = sign_up(stack.client, "ada2")  # the old address is free; the new one is not
    assert again.uid
    clash = stack.client.post("/auth/register", json={
        "email": "ada@new.example.com", "password": "Nova-Lantern-1987", "username": "ada3",
        "first_name": "A", "last_name": "B"})
    assert clash.status_code == 409


def test_a_reset_link_mailed_to_an_address_the_account_left_sets_nothing(stack):
    ada = sign_up(stack.client, "ada")
    stack.client.post("/auth/password-reset", json={"email": "ada@example.com"})
    token = token_in(mails_to(stack, "ada@example.com", RESET)[0], "/reset-password")
    ada.post("/profile/email", json={"email": "ada@new.example.com", "password": "correct horse"})
    moved = token_in(mails_to(stack, "ada@new.example.com", NEW_ADDRESS)[0], "/change-email")
    assert stack.client.post("/auth/change-email", json={"token": moved}).status_code == 200
    assert confirm(stack, token, "Nova-Lantern-1987").status_code == 422  # the old mailbox's link


def test_a_stale_email_change_link_changes_nothing_after_another_change(stack):
    ada = sign_up(stack.client, "ada")
    for address in ("one@example.com", "two@example.com"):
        ada.post("/profile/email", json={"email": address, "password": "correct horse"})
    first, second = (token_in(mails_to(stack, address, NEW_ADDRESS)[0], "/change-email")
                     for address in ("one@example.com", "two@example.com"))
    assert stack.client.post("/auth/change-email", json={"token": second}).status_code == 200
    stale = stack.client.post("/auth/change-email", json={"token": first})
    assert stale.status_code == 422
    assert ada.get("/profile").get_json()["email"] == "two@example.com"
    login = {"email": "two@example.com", "password": "correct horse"}
    assert stack.client.post("/auth/login", json=login).status_code == 200


def test_a_sign_up_in_russian_gets_its_confirmation_in_russian(stack):
    body = {"email": "oleg@example.com", "password": "correct horse", "username": "oleg",
            "first_name": "Oleg", "last_name": "T", "language": "ru"}
    assert stack.client.post("/auth/register", json=body).status_code == 201
    (mail,) = mails_to(stack, "oleg@example.com", "Подтвердите адрес для Events")
    text = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert text.startswith("Подтвердите адрес для Events") and "Здравствуйте, Oleg" in text
    assert token_in(mail, "/verify-email")  # the link works whatever the language
