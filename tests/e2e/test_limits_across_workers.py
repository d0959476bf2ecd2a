"""Limits hold whichever worker answers: four gunicorn workers, real HTTP."""

from __future__ import annotations

import pytest
import requests

from deploy.servers import Gunicorn

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
