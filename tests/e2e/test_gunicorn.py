"""Through a real gunicorn with two worker processes, over real HTTP."""

from __future__ import annotations

import json
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import requests

from tools.servers import Gunicorn, people_with_tokens

SECRET = "e2e-secret-key-that-is-long-enough-for-hs256"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("gunicorn")
    g = Gunicorn(tmp, workers=2, SECRET_KEY=SECRET, RATE_LIMITS="off").start()
    g.tokens = people_with_tokens(g.database, SECRET, [f"racer-{i}" for i in range(200)])
    yield g
    g.stop()


def new_event(server: Gunicorn, title: str, capacity: int) -> str:
    url = server.url
    starts = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    response = requests.post(f"{url}/events", json={"title": title, "starts_at": starts,
                                                    "capacity": capacity}, headers=server.bearer("organizer"))
    assert response.status_code == 201
    return response.json()["id"]


def test_walkthrough_from_sign_up_to_check_in(server):
    url = server.url
    s = requests.Session()
    body = {"email": "org@example.com", "password": "a long password", "username": "org",
            "first_name": "Olga", "last_name": "Organizer"}
    assert s.post(f"{url}/auth/register", json=body).status_code == 201
    login = s.post(f"{url}/auth/login", json={"email": body["email"], "password": body["password"]})
    org = {"Authorization": f"Bearer {login.json()['id_token']}"}
    starts = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    created = s.post(f"{url}/events", json={"title": "Demo day", "starts_at": starts, "capacity": 1},
                     headers=org)
    assert created.status_code == 201
    event_id = created.json()["id"]
    ticket = s.post(f"{url}/registrations", json={"event_id": event_id}, headers=server.bearer("guest-1"))
    assert ticket.status_code == 201
    full = s.post(f"{url}/registrations", json={"event_id": event_id}, headers=server.bearer("guest-2"))
    assert full.status_code == 409 and full.json()["code"] == "event_full"
    check = s.post(f"{url}/events/{event_id}/check-in",
                   json={"ticket_code": ticket.json()["ticket_code"]}, headers=org)
    assert check.status_code == 200 and check.json()["checked_in_at"]
    assert s.post(f"{url}/events/{event_id}/check-in", json={"ticket_code": ticket.json()["ticket_code"]},
                  headers=org).status_code == 409
    assert s.get(f"{url}/readyz").status_code == 200


def test_200_people_race_for_50_seats_over_http(server):
    url = server.url
    event_id = new_event(server, "Rush", 50)
    barrier = threading.Barrier(32)
    local = threading.local()

    def attempt(i: int) -> int:
        if i < 32:
            barrier.wait()
        session = getattr(local, "s", None) or requests.Session()
        local.s = session
        response = session.post(f"{url}/registrations", json={"event_id": event_id},
                                headers=server.bearer(f"racer-{i}"))
        return response.status_code

    with ThreadPoolExecutor(32) as pool:
        codes = Counter(pool.map(attempt, range(200)))
    assert codes == {201: 50, 409: 150}
    event = requests.get(f"{url}/events/{event_id}", headers=server.bearer("organizer")).json()
    assert (event["registered_count"], event["seats_left"]) == (50, 0)
    listed, cursor = [], None
    while True:
        page = requests.get(f"{url}/events/{event_id}/registrations", headers=server.bearer("organizer"),
                            params={"limit": 100, **({"cursor": cursor} if cursor else {})}).json()
        listed += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert Counter(r["status"] for r in listed) == {"confirmed": 50}


def test_one_person_twenty_parallel_registrations_over_http(server):
    url = server.url
    event_id = new_event(server, "Dup", 50)
    barrier = threading.Barrier(20)

    def attempt(_: int) -> int:
        barrier.wait()
        return requests.post(f"{url}/registrations", json={"event_id": event_id, "waitlist": True},
                             headers=server.bearer("eager")).status_code

    with ThreadPoolExecutor(20) as pool:
        codes = Counter(pool.map(attempt, range(20)))
    assert codes == {201: 1, 409: 19}


def _chunks(size: int):
    for _ in range(size // 1000):
        yield b" " * 1000  # whitespace: valid JSON around the object, were it let through


@pytest.mark.parametrize("size", [70_000, 5_000_000])
def test_a_chunked_body_over_the_limit_is_413(server, size):
    response = requests.post(server.url + "/auth/login", data=_chunks(size), timeout=30,
                             headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and response.json()["code"] == "payload_too_large"


def test_a_chunked_body_within_the_limit_is_read_whole(server):
    body = json.dumps({"email": "nobody@example.com", "password": "x" * 100}).encode()
    pieces = iter([body[:10], b" " * 50_000, body[10:]])  # split, and padded to 50 KB
    response = requests.post(server.url + "/auth/login", data=pieces, timeout=30,
                             headers={"Content-Type": "application/json"})
    assert response.status_code == 401  # parsed in full: the JSON split across chunks arrived
