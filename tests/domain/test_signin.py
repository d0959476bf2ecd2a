"""Sign-in throttling (app.domain.signin): per account and address, paced per account; counted
in the store, so it holds across threads and processes."""

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
HOME = "198.51.100.7"  # the guesser's (and, unless a test says otherwise, everyone's) address


@pytest.fixture
def auth(store):
    local = fast_auth(store)
    new_account(store, local, EMAIL, PASSWORD)
    return local


def attempt(store, auth, password: str, now, address: str = HOME) -> str:
    try:
        signin.sign_in(store, auth, EMAIL, password, address, now)
        return "ok"
    except Unauthorized:
        return "wrong"
    except TooManyAttempts:
        return "locked"


def test_the_sixth_attempt_in_the_window_is_refused_until_the_window_ends(store, auth, clock):
    assert [attempt(store, auth, "nope", clock.now) for _ in range(5)] == ["wrong"] * 5
    clock.advance(minutes=14, seconds=59)
    with pytest.raises(TooManyAttempts) as refused:
        signin.sign_in(store, auth, EMAIL, PASSWORD, HOME, clock.now)  # even the right password
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
        signin.sign_in(store, auth, "  ADA@example.com ", "nope", HOME, clock.now)
    new_account(store, auth, "bob@example.com", PASSWORD)
    assert signin.sign_in(store, auth, "bob@example.com", PASSWORD, HOME, clock.now).uid


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


def test_the_owner_at_another_address_is_not_locked_out_by_a_guesser(store, auth, clock):
    assert [attempt(store, auth, "nope", clock.now) for _ in range(6)] == ["wrong"] * 5 + ["locked"]
    assert attempt(store, auth, PASSWORD, clock.now, address="203.0.113.9") == "ok"
    assert attempt(store, auth, PASSWORD, clock.now) == "locked"  # the guesser's address still is


def test_a_guesser_spread_over_addresses_is_paced_per_account(store, auth, clock):
    free = [attempt(store, auth, "nope", clock.now, address=f"10.0.0.{i}") for i in range(20)]
    assert free == ["wrong"] * 20  # one try from each of 20 addresses: within the free attempts
    with pytest.raises(TooManyAttempts) as paced:
        signin.sign_in(store, auth, EMAIL, "nope", "10.0.1.1", clock.now)
    assert paced.value.retry_after == 5
    clock.advance(seconds=5)
    assert attempt(store, auth, "nope", clock.now, address="10.0.1.2") == "wrong"
    assert attempt(store, auth, PASSWORD, clock.now, address="10.0.1.3") == "locked"  # paced again
    clock.advance(seconds=5)
    assert attempt(store, auth, PASSWORD, clock.now, address="203.0.113.9") == "ok"  # the owner, 5 s on
    clock.advance(minutes=15)
    assert [attempt(store, auth, "nope", clock.now, address=f"10.0.2.{i}") for i in range(3)] \
        == ["wrong"] * 3  # a new window: free again


def _attack(store, auth, clock, owner_address: str, seconds: int = 45) -> tuple[int, int]:
    """The red team's shape: 40 rotating addresses guessing ~13 times a second at one account
    while its owner signs in once a second; the owner's (successes, tries)."""
    guessers = [f"192.0.2.{i}" for i in range(40)]
    ok = 0
    for second in range(seconds):
        for n in range(13):
            attempt(store, auth, "nope", clock.now, address=guessers[(second * 13 + n) % 40])
            clock.advance(seconds=1 / 14)
        ok += attempt(store, auth, PASSWORD, clock.now, address=owner_address) == "ok"
        clock.advance(seconds=1 / 14)
    return ok, seconds


def test_the_owner_at_a_known_address_gets_in_through_a_distributed_guesser(store, auth, clock):
    assert attempt(store, auth, PASSWORD, clock.now, address="203.0.113.9") == "ok"  # home, last week
    clock.advance(days=7)
    ok, tries = _attack(store, auth, clock, "203.0.113.9")
    assert ok == tries  # was 0-2 of 30-60 on main


def test_the_owner_at_a_new_address_gets_in_once_the_guessers_spent_their_tries(store, auth, clock):
    ok, tries = _attack(store, auth, clock, "203.0.113.50")
    # the 40 addresses spend their 5 tries each (refusals count) within ~16 s; from then on the
    # account is quiet and the owner is paced 5 s at most
    assert ok >= tries - 20


def test_a_refused_attempt_counts_against_its_address(store, auth, clock):
    for i in range(20):
        attempt(store, auth, "nope", clock.now, address=f"10.0.0.{i}")
    # paced: each refusal still spends one of the address's 5 tries
    assert [attempt(store, auth, "nope", clock.now, address="10.9.9.9") for _ in range(5)] == ["locked"] * 5
    clock.advance(seconds=10)  # the pace allows one now, but not to this address: it spent its 5
    assert attempt(store, auth, PASSWORD, clock.now, address="10.9.9.9") == "locked"
    assert attempt(store, auth, PASSWORD, clock.now, address="10.9.9.10") == "ok"
