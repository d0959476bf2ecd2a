"""The sign-in lockout rule (app.domain.signin): counted in the store, so it holds across
threads and processes."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from app.domain import signin
from app.domain.errors import TooManyAttempts, Unauthorized
from app.store.sqlite import SqliteStore
from tests.conftest import Clock, fast_auth, new_account

EMAIL, PASSWORD = "ada@example.com", "correct horse"


@pytest.fixture
def auth(store):
    local = fast_auth(store)
    new_account(store, local, EMAIL, PASSWORD)
    return local


def attempt(store, auth, password: str, now) -> str:
    try:
        signin.sign_in(store, auth, EMAIL, password, now)
        return "ok"
    except Unauthorized:
        return "wrong"
    except TooManyAttempts:
        return "locked"


def test_the_sixth_attempt_in_the_window_is_refused_until_the_window_ends(store, auth, clock):
    assert [attempt(store, auth, "nope", clock.now) for _ in range(5)] == ["wrong"] * 5
    clock.advance(minutes=14, seconds=59)
    with pytest.raises(TooManyAttempts) as refused:
        signin.sign_in(store, auth, EMAIL, PASSWORD, clock.now)  # even the right password
    assert refused.value.retry_after == 1
    clock.advance(seconds=1)
    assert attempt(store, auth, PASSWORD, clock.now) == "ok"


def test_a_successful_sign_in_clears_the_count(store, auth, clock):
    assert [attempt(store, auth, "nope", clock.now) for _ in range(4)] == ["wrong"] * 4
    assert attempt(store, auth, PASSWORD, clock.now) == "ok"
    assert [attempt(store, auth, "nope", clock.now) for _ in range(5)] == ["wrong"] * 5
    assert attempt(store, auth, "nope", clock.now) == "locked"


def test_the_count_is_per_account_and_ignores_case(store, auth, clock):
    for _ in range(5):
        attempt(store, auth, "nope", clock.now)
    with pytest.raises(TooManyAttempts):
        signin.sign_in(store, auth, "  ADA@example.com ", "nope", clock.now)
    new_account(store, auth, "bob@example.com", PASSWORD)
    assert signin.sign_in(store, auth, "bob@example.com", PASSWORD, clock.now).uid


def test_parallel_guesses_get_five_tries_in_all(store, auth, clock):
    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(lambda _: attempt(store, auth, "nope", clock.now), range(40)))
    assert results.count("wrong") == 5 and results.count("locked") == 35


def _guess(path: str, now_iso: str, out) -> None:
    from datetime import datetime

    store = SqliteStore(path)
    auth = fast_auth(store)
    now = datetime.fromisoformat(now_iso)
    out.put([attempt(store, auth, "nope", now) for _ in range(5)])


def test_guesses_from_four_processes_get_five_tries_in_all(tmp_path):
    path = str(tmp_path / "events.db")
    store = SqliteStore(path)
    new_account(store, fast_auth(store), EMAIL, PASSWORD)
    now = Clock().now
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    procs = [ctx.Process(target=_guess, args=(path, now.isoformat(), out)) for _ in range(4)]
    for p in procs:
        p.start()
    results = [r for _ in procs for r in out.get(timeout=60)]
    for p in procs:
        p.join()
    assert results.count("wrong") == 5 and results.count("locked") == 15
    # and the window is the store's, shared: still locked for a fifth process a minute later
    assert attempt(store, fast_auth(store), PASSWORD,
                   now + timedelta(minutes=1)) == "locked"
    store.close()
