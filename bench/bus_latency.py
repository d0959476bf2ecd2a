"""Delivery latency of the embedded bus: from a registration answered 201 to the organizer's
notification arriving on the live stream, on gunicorn started as `make run` starts it.

    .venv/bin/python -m bench.bus_latency [--count 200] [--rate 20]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests

from tools.servers import Gunicorn

SECRET = "bench-secret-key-that-is-long-enough-for-hs256"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--rate", type=float, default=20.0, help="registrations per second")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = Gunicorn(Path(tmp), SECRET_KEY=SECRET, RATE_LIMITS="off", STREAM_SECONDS="600").start()
        try:
            run(server, args.count, args.rate)
        finally:
            server.stop()


def sign_up(session: requests.Session, url: str, name: str) -> dict[str, str]:
    body = {"email": f"{name}@example.com", "password": "bench password", "username": name,
            "first_name": name, "last_name": "Bench"}
    session.post(f"{url}/auth/register", json=body, timeout=30).raise_for_status()
    login = session.post(f"{url}/auth/login", json={"email": body["email"], "password": body["password"]},
                         timeout=30)
    login.raise_for_status()
    return {"Authorization": f"Bearer {login.json()['id_token']}"}


def run(server: Gunicorn, count: int, rate: float) -> None:
    url = server.url
    session = requests.Session()
    organizer = server.bearer("organizer")
    people = [sign_up(session, url, f"user{i}") for i in range(count)]
    starts = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    event_id = session.post(f"{url}/events", headers=organizer, timeout=10, json={
        "title": "Latency", "starts_at": starts, "capacity": count + 1}).json()["id"]
    arrived: dict[str, float] = {}
    ready = threading.Event()

    def watch() -> None:
        with requests.get(f"{url}/notifications/stream", headers=organizer, stream=True,
                          timeout=120) as r:
            for line in r.iter_lines(decode_unicode=True):
                ready.set()
                if line and line.startswith("data: "):
                    note = json.loads(line[6:])
                    if note["kind"] == "attendee_registered":
                        arrived[note["message"].split(" ")[0]] = time.perf_counter()
                if len(arrived) >= count:
                    return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    ready.wait(10)
    sent: dict[str, float] = {}
    for i, person in enumerate(people):
        response = session.post(f"{url}/registrations", headers=person, json={"event_id": event_id},
                                timeout=10)
        assert response.status_code == 201, response.text
        sent[f"user{i}"] = time.perf_counter()
        time.sleep(1 / rate)
    watcher.join(60)
    latencies = sorted((arrived[k] - sent[k]) * 1000 for k in sent if k in arrived)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else float("nan")
    print(f"| registrations | notified | median ms | p99 ms | max ms |\n|---|---|---|---|---|\n"
          f"| {len(sent)} | {len(latencies)} | {statistics.median(latencies):.1f} | {p99:.1f} "
          f"| {latencies[-1]:.1f} |")


if __name__ == "__main__":
    main()
