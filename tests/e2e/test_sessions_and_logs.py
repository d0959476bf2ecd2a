"""On a real gunicorn: a notification stream ends when its session does, and the request log of a
whole purchase carries no token, ticket code or checkout token (docs/operations.md, "Logs")."""

from __future__ import annotations

import re
import socket
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from tools.read_mail import mails
from tools.servers import Gunicorn

pytestmark = pytest.mark.slow
PASSWORD = "correct horse battery"


def account(url: str, name: str) -> str:
    body = {"email": f"{name}@example.com", "password": PASSWORD, "username": name,
            "first_name": name, "last_name": "Example"}
    assert requests.post(f"{url}/auth/register", json=body, timeout=30).status_code == 201
    login = requests.post(f"{url}/auth/login", timeout=30,
                          json={"email": body["email"], "password": PASSWORD})
    return str(login.json()["id_token"])


def mailed_token(folder: Path, to: str, page: str) -> str:
    """The token of the `page` link in a mail to `to`, as the bus delivers it (within 30 s)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for mail in mails(folder):
            found = re.search(rf"{page}\?token=([\w.-]+)", mail.get_body(("plain",)).get_content())
            if to in str(mail["To"]) and found:
                return found.group(1)
        time.sleep(0.2)
    raise AssertionError(f"no mail to {to} with a {page} link")


def test_a_stream_ends_after_sign_out_and_no_secret_is_logged(tmp_path):
    server = Gunicorn(tmp_path, workers=2, LOG_LEVEL="INFO", STREAM_SECONDS="55").start()
    url = server.url
    try:
        olga, ann = account(url, "olga"), account(url, "ann")
        wrong = requests.post(f"{url}/auth/login", timeout=30,
                              json={"email": "ann@example.com", "password": "not her password"})
        assert wrong.status_code == 401
        starts = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
        event = requests.post(f"{url}/events", timeout=30, headers={"Authorization": f"Bearer {olga}"},
                              json={"title": "Paid", "starts_at": starts, "capacity": 5,
                                    "price": 50_000}).json()
        held = requests.post(f"{url}/registrations", json={"event_id": event["id"]}, timeout=30,
                             headers={"Authorization": f"Bearer {ann}"}).json()
        page = urlsplit(held["payment"]["checkout_url"]).path
        checkout_token = page.rsplit("/", 1)[1]
        assert requests.get(url + page, timeout=30).status_code == 200
        requests.post(url + page, data={"outcome": "pay"}, allow_redirects=False, timeout=30)
        ticket = requests.get(f"{url}/registrations/{held['id']}", timeout=30,
                              headers={"Authorization": f"Bearer {ann}"}).json()
        assert ticket["status"] == "confirmed"
        assert requests.post(f"{url}/events/{event['id']}/check-in", timeout=30,
                             headers={"Authorization": f"Bearer {olga}"},
                             json={"ticket_code": ticket["ticket_code"]}).status_code == 200

        # the red team's shape: a stream opened before the sign-out (token in the query string)
        stream = requests.get(f"{url}/notifications/stream?access_token={ann}", stream=True, timeout=60)
        lines = stream.iter_lines(decode_unicode=True)
        assert next(lines) == "retry: 2000"
        opened = time.monotonic()
        assert requests.post(f"{url}/auth/logout", headers={"Authorization": f"Bearer {ann}"},
                             timeout=30).status_code == 204
        seen = list(lines)  # until the server ends the stream
        lasted = time.monotonic() - opened

        # the mailed links: confirming the address and setting a new password (tokens in
        # pages' query strings and in bodies)
        requests.post(f"{url}/auth/password-reset", json={"email": "ann@example.com"}, timeout=30)
        links = {page: mailed_token(tmp_path / "mail", "ann@example.com", page)
                 for page in ("/verify-email", "/reset-password")}
        assert requests.get(f"{url}/reset-password?token={links['/reset-password']}", timeout=30).ok
        assert requests.post(f"{url}/auth/verify-email", json={"token": links["/verify-email"]},
                             timeout=30).status_code == 200
        assert requests.post(f"{url}/auth/password-reset/confirm", timeout=30, json={
            "token": links["/reset-password"], "password": "Nova-Lantern-1987"}).status_code == 204
    finally:
        server.stop()
    print(f"stream ended {lasted:.1f} s after the sign-out")
    assert "event: session_ended" in seen
    assert lasted < 55  # ended by the session check, not by STREAM_SECONDS
    log = (tmp_path / "gunicorn.log").read_text()
    assert '"path": "/payments/test-checkout/<token>"' in log  # the page's lines are there...
    for secret in (checkout_token, ticket["ticket_code"], ann, olga, *links.values(), "Nova-Lantern-1987"):
        assert secret not in log  # ...and no secret is
    # a wrong password is one request line, not an argon2 traceback from the hashing thread
    assert "Traceback" not in log and "VerifyMismatchError" not in log
    assert '"path": "/auth/login", "status": 401' in log


def _open_stream(port: int, token: str) -> tuple[socket.socket, str]:
    """A stream on a raw connection: the socket, and the status line."""
    conn = socket.create_connection(("127.0.0.1", port), timeout=10)
    conn.sendall(f"GET /notifications/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}"
                 "\r\nAccept: text/event-stream\r\n\r\n".encode())
    return conn, conn.recv(65536).decode("latin-1").split("\r\n", 1)[0]


def test_a_dropped_stream_frees_its_place_at_once(tmp_path):
    """5 streams per person; one whose client hangs up frees its place when the connection
    closes, not at the next heartbeat (15 s) as before."""
    server = Gunicorn(tmp_path, workers=1, STREAM_SECONDS="600", STREAMS_PER_PERSON="5").start()
    try:
        token = account(server.url, "gus")
        streams = [_open_stream(server.port, token) for _ in range(5)]
        assert [status for _, status in streams] == ["HTTP/1.1 200 OK"] * 5
        sixth, status = _open_stream(server.port, token)
        assert status.startswith("HTTP/1.1 429")
        sixth.close()
        streams[0][0].close()  # the client goes away without a word
        dropped = time.monotonic()
        while True:
            again, status = _open_stream(server.port, token)
            again.close()
            if status == "HTTP/1.1 200 OK" or time.monotonic() - dropped > 10:
                break
            time.sleep(0.1)
        freed_after = time.monotonic() - dropped
        for conn, _ in streams[1:]:
            conn.close()
    finally:
        server.stop()
    print(f"place free again {freed_after:.2f} s after the hang-up")
    assert status == "HTTP/1.1 200 OK"  # before the heartbeat (15 s) would have noticed
