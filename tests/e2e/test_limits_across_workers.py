"""Limits hold whichever worker answers: four gunicorn workers, real HTTP."""

from __future__ import annotations

import pytest
import requests

from tools.servers import Gunicorn

pytestmark = pytest.mark.slow
PASSWORD = "correct horse battery"


def sign_up(url: str, name: str) -> requests.Response:
    return requests.post(f"{url}/auth/register", timeout=30, json={
        "email": f"{name}@example.com", "password": PASSWORD, "username": name,
        "first_name": name, "last_name": "Example"})


def test_the_account_lockout_counts_across_four_workers(tmp_path):
    server = Gunicorn(tmp_path, workers=4).start()
    try:
        assert sign_up(server.url, "ada").status_code == 201
        wrong = {"email": "ada@example.com", "password": "not the password"}
        answers = [requests.post(f"{server.url}/auth/login", json=wrong, timeout=30) for _ in range(7)]
        right = requests.post(f"{server.url}/auth/login", timeout=30,
                              json={"email": "ada@example.com", "password": PASSWORD})
    finally:
        server.stop()
    assert [a.status_code for a in answers] == [401] * 5 + [429] * 2
    assert all(0 < int(a.headers["Retry-After"]) <= 900 for a in answers[5:])
    assert right.status_code == 429  # locked for the window, whoever asks


def test_per_address_limits_are_shared_through_the_configured_storage(tmp_path, redis_url):
    server = Gunicorn(tmp_path, workers=4, RATELIMIT_STORAGE_URI=redis_url).start()
    try:
        codes = [sign_up(server.url, f"person{i}").status_code for i in range(11)]
    finally:
        server.stop()
    assert codes == [201] * 10 + [429]


def test_per_address_limits_hold_across_workers_by_default(tmp_path):
    """The red team's shape: from one address, sign-ups and sign-ins each on a new connection
    (a different worker each time, as it happens). With counters per worker this let 40 of 40
    sign-ups and 107 of 200 sign-ins through; the default storage is the store."""
    server = Gunicorn(tmp_path, workers=4).start()
    try:
        signups = [sign_up(server.url, f"bulk{i}").status_code for i in range(40)]
        wrong = {"email": "bulk0@example.com", "password": "not the password"}
        signins = []
        for i in range(200):  # a new connection each time: requests opens one per call
            wrong["email"] = f"bulk{i % 10}@example.com"  # spread over accounts: not the lockout
            signins.append(requests.post(f"{server.url}/auth/login", json=wrong, timeout=30).status_code)
    finally:
        server.stop()
    assert signups.count(201) == 10 and signups.count(429) == 30
    assert sum(code != 429 for code in signins) == 30  # 30 per 15 minutes, whichever worker


def test_the_owner_signs_in_through_guessing_from_many_addresses(tmp_path):
    """The red team's shape on a real server behind a proxy: 40 rotating addresses guess at one
    account, 13 guesses to each of the owner's sign-ins; the owner signs in from home, where
    they signed in before. On main the owner got 0-2 successes out of 30-60."""
    server = Gunicorn(tmp_path, workers=2, TRUSTED_PROXIES="1").start()

    def login(password: str, address: str) -> int:
        return requests.post(f"{server.url}/auth/login", timeout=30,
                             headers={"X-Forwarded-For": address},
                             json={"email": "ada@example.com", "password": password}).status_code

    try:
        assert sign_up(server.url, "ada").status_code == 201
        assert login(PASSWORD, "203.0.113.9") == 200  # home, before the attack
        owner, guesses = [], []
        for round_ in range(25):  # the address's own limit, 30 sign-ins per 15 minutes, stays
            guesses += [login("guess", f"192.0.2.{(round_ * 13 + n) % 40}") for n in range(13)]
            owner.append(login(PASSWORD, "203.0.113.9"))
    finally:
        server.stop()
    assert owner == [200] * 25
    assert guesses.count(401) <= 40 * 5 and 429 in guesses  # each address spends its 5 at most
