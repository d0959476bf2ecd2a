"""The server in front of Flask (app/infra/serving.py, deploy/gunicorn.conf.py): its own
answers in the API's error format, bad settings refused once before any worker starts, and
clean stops with notification streams open."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from http import HTTPStatus

import pytest
import requests

from tools.servers import ROOT, Gunicorn

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    g = Gunicorn(tmp_path_factory.mktemp("serving"), workers=1).start()
    yield g
    g.stop()


def raw(server: Gunicorn, request: bytes) -> tuple[int, dict[str, str], dict]:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as conn:
        conn.sendall(request)
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    status = int(lines[0].split()[1])
    assert lines[0] == f"HTTP/1.1 {status} {HTTPStatus(status).phrase}"  # the status's own phrase
    return status, headers, json.loads(body)


@pytest.mark.parametrize(("request_bytes", "status", "code"), [
    (b"GET /events/" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, "uri_too_long"),
    (b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 9000 + b"\r\n\r\n", 431, "headers_too_large"),
    (b"NOT A REQUEST LINE\r\n\r\n", 400, "bad_request"),
    (b"POST /auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n", 501,
     "not_implemented"),
], ids=["long-url", "big-header", "garbage", "unknown-transfer-coding"])
def test_answers_the_server_writes_itself_are_problem_json(server, request_bytes, status, code):
    got, headers, body = raw(server, request_bytes)
    assert got == status
    assert headers["Content-Type"] == "application/problem+json"
    assert body["status"] == status and body["code"] == code and body["detail"]


def run_gunicorn(tmp_path, **env: str) -> subprocess.CompletedProcess:
    full = {**os.environ, "DATABASE_PATH": str(tmp_path / "events.db"), "WEB_CONCURRENCY": "4",
            "GUNICORN_BIND": "127.0.0.1:0", **env}
    return subprocess.run([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "run:app"],
                          cwd=ROOT, env=full, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(("env", "word"), [({"BACKEND": "foo"}, "BACKEND"),
                                           ({"PUSH_TOKEN": "short"}, "PUSH_TOKEN"),
                                           ({"SECRET_KEY": "short"}, "SECRET_KEY")])
def test_a_bad_setting_stops_the_server_with_one_line_before_any_worker(tmp_path, env, word):
    result = run_gunicorn(tmp_path, **env)
    assert result.returncode == 2
    output = result.stdout + result.stderr
    assert output.count("cannot start") == 1 and word in output
    assert "Traceback" not in output and "Booting worker" not in output
    assert len(output.strip().splitlines()) == 1


def group_left(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_open_streams_end_and_no_worker_is_killed_when_the_server_stops(tmp_path, stop_signal):
    server = Gunicorn(tmp_path, workers=2, STREAM_SECONDS="55", GUNICORN_GRACEFUL_TIMEOUT="20",
                      STREAMS_PER_PERSON="6",
                      LOG_LEVEL="INFO").start()
    requests.post(f"{server.url}/auth/register", timeout=30, json={
        "email": "ada@example.com", "password": "correct horse battery", "username": "ada",
        "first_name": "Ada", "last_name": "L"}).raise_for_status()
    token = requests.post(f"{server.url}/auth/login", timeout=30, json={
        "email": "ada@example.com", "password": "correct horse battery"}).json()["id_token"]
    streams = [requests.get(f"{server.url}/notifications/stream", stream=True, timeout=60,
                            headers={"Authorization": f"Bearer {token}"}) for _ in range(6)]
    lines = [stream.iter_lines() for stream in streams]
    for line in lines:
        assert next(line).startswith(b"retry:")  # open and streaming
    last_lines = []

    def read_to_the_end(rest) -> None:
        seen = [line for line in rest if line]
        last_lines.append(seen[-1] if seen else b"")

    readers = [threading.Thread(target=read_to_the_end, args=(rest,)) for rest in lines]
    for reader in readers:
        reader.start()
    pgid = server.proc.pid
    if stop_signal == signal.SIGINT:
        os.killpg(pgid, stop_signal)  # Ctrl-C in a terminal reaches the master and every worker
    else:
        server.proc.send_signal(stop_signal)
    exit_code = server.proc.wait(timeout=60)  # a bound for a hung test, not a timing assertion
    for reader in readers:
        reader.join(timeout=30)
    deadline = time.monotonic() + 10
    while group_left(pgid) and time.monotonic() < deadline:
        time.sleep(0.1)  # the workers' exit is reaped by the master; give the kernel a moment
    server.log.flush()
    log = (tmp_path / "gunicorn.log").read_text()
    server.stop()
    assert exit_code == 0
    assert "SIGKILL" not in log and "WORKER TIMEOUT" not in log
    assert "Traceback" not in log and "SystemExit" not in log  # a stop is no error
    # each stream was ended by the stop, not cut when the worker gave up waiting for it
    assert last_lines == [b": server stopping"] * len(streams)
    assert not group_left(pgid)  # no master, no worker left behind


def test_two_servers_on_one_machine_keep_their_own_control_sockets(tmp_path):
    """gunicorn's control socket defaulted to one path per machine user: a second `make run`
    took it over from the first."""
    first = Gunicorn(tmp_path / "one", workers=1, LOG_LEVEL="INFO").start()
    second = Gunicorn(tmp_path / "two", workers=1, LOG_LEVEL="INFO").start()
    try:
        sockets = [next((tmp_path / name).glob("gunicorn-*.ctl"), None) for name in ("one", "two")]
    finally:
        first.stop()
        second.stop()
    assert all(sockets) and sockets[0] != sockets[1]
    assert sockets[0].name == f"gunicorn-{first.port}.ctl"
    assert "/.gunicorn/gunicorn.ctl" not in (tmp_path / "one" / "gunicorn.log").read_text()
