"""Sign-up (app.domain.accounts.register_account): the identity and the profile, all or nothing."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from app.domain import accounts
from app.domain.errors import Conflict, Unauthorized
from app.store.sqlite import SqliteStore
from app.store.sqlite.people import SqliteUsers
from tests.conftest import Clock, fast_auth


def _sign_up_and_die_between_the_two_writes(path: str) -> None:
    store = SqliteStore(path)

    def crash(self, user):  # the process is killed after the credentials were written
        os._exit(17)

    SqliteUsers.add = crash  # this child process only
    accounts.register_account(store, fast_auth(store),
                              email="ada@example.com", password="correct horse", username="ada",
                              first_name="Ada", last_name="L", now=Clock().now)


def test_a_crash_during_sign_up_leaves_no_half_account(tmp_path):
    path = str(tmp_path / "events.db")
    SqliteStore(path).close()
    child = multiprocessing.get_context("fork").Process(
        target=_sign_up_and_die_between_the_two_writes, args=(path,))
    child.start()
    child.join(60)
    assert child.exitcode == 17
    store = SqliteStore(path)
    assert store.credentials.find("ada@example.com") is None
    with pytest.raises(Unauthorized):
        fast_auth(store).login("ada@example.com", "correct horse")
    # and the address is free to sign up again
    user = accounts.register_account(store, fast_auth(store),
                                     email="ada@example.com", password="correct horse",
                                     username="ada", first_name="Ada", last_name="L", now=Clock().now)
    assert store.credentials.find("ada@example.com").user_id == user.id
    store.close()


@pytest.mark.parametrize(("email", "username", "code"), [
    ("eve@example.com", "ADA", "username_taken"), ("ADA@example.com", "ada2", "email_taken")])
def test_a_clash_is_refused_whatever_its_case_and_leaves_no_credentials(store, clock, email, username,
                                                                        code):
    def sign_up(email: str, username: str) -> None:
        accounts.register_account(store, fast_auth(store), email=email,
                                  password="correct horse", username=username, first_name="A",
                                  last_name="L", now=clock.now)

    sign_up("ada@example.com", "ada")
    with pytest.raises(Conflict) as clash:
        sign_up(email, username)
    assert clash.value.code == code
    assert store.credentials.find("eve@example.com") is None
    assert store.credentials.find("ada@example.com").password_hash  # the first account is intact


def _claims(uid: str, email: str | None, name: str | None = None):
    from datetime import UTC, datetime

    from app.domain.models import TokenClaims

    issued = datetime(2026, 11, 24, tzinfo=UTC)
    return TokenClaims(uid, issued, issued, email=email, name=name)


def test_first_use_makes_one_profile_even_when_first_requests_race(store, clock):
    import threading

    claims = _claims("fb-uid-1", "grace.hopper@example.com", "Grace Brewster Hopper")
    made = []
    threads = [threading.Thread(target=lambda: made.append(accounts.first_use(store, claims, clock.now)))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 4 and len({(u.id, u.username) for u in made}) == 1
    user = made[0]
    assert (user.username, user.first_name, user.last_name) == ("grace.hopper", "Grace", "Brewster Hopper")


def test_first_use_needs_an_email_and_never_takes_anothers(store, clock):
    with pytest.raises(Unauthorized):
        accounts.first_use(store, _claims("no-email", None), clock.now)
    accounts.first_use(store, _claims("u-a", "x@example.com"), clock.now)
    with pytest.raises(Conflict) as clash:
        accounts.first_use(store, _claims("u-b", "X@example.com"), clock.now)
    assert clash.value.code == "email_taken"
    short = accounts.first_use(store, _claims("u-c", "+@example.com"), clock.now)
    assert short.username == "member" and short.first_name == "member"
