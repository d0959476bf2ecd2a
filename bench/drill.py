"""`make drill`: fault drills on a real gunicorn (embedded default). Each prints PASS or FAIL with
its figures; the exit status is the number of drills that failed.

1. kill -9 every server process in the middle of a rush, then restart.
2. the push target fails for 30 seconds; then a poison message.
3. the database's disk is full (needs root to mount a small tmpfs). A read-only remount is not
   drilled: Linux refuses it while the server holds the database open for writing.
4. 500 slow clients (slowloris-style, bounded, loopback only) while others are served.
5. 1,000 open notification streams: delivery, others served, the per-person cap, a clean stop.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests

from app.store.sqlite import SqliteStore
from bench.clients import Crowd, percentile
from bench.run import SECRET, SLOW_CLIENTS, WORKERS, event, notify_streams, pending, wait_drained
from tools.servers import Gunicorn, people_with_tokens

ENV = {"SECRET_KEY": SECRET, "RATE_LIMITS": "off", "LOG_LEVEL": "WARNING"}
results: list[tuple[str, bool | None, str]] = []


def report(name: str, ok: bool | None, figures: str) -> None:
    """ok None: the drill could not run here (said, not counted as passed)."""
    results.append((name, ok, figures))
    print(f"{'SKIP' if ok is None else 'PASS' if ok else 'FAIL'}  {name}: {figures}", flush=True)


def new_event(store_path: Path, capacity: int) -> str:
    store = SqliteStore(store_path)
    e = event("drill-organizer", 2, capacity, "Drill")
    store.run(lambda tx: tx.events.add(e))
    store.close()
    return e.id


def kill_everything(server: Gunicorn) -> None:
    pids = subprocess.run(["pgrep", "-P", str(server.proc.pid)], capture_output=True,
                          text=True).stdout.split()
    for pid in [server.proc.pid, *map(int, pids)]:
        os.kill(int(pid), signal.SIGKILL)
    server.proc.wait()


def drill_kill_mid_rush(tmp: Path) -> None:
    instance = tmp / "kill"
    capacity = 300
    event_id = new_event(instance / "events.db", capacity)
    server = Gunicorn(instance, **ENV).start()
    answered: dict[str, str] = {}
    lock = threading.Lock()

    def attempt(i: int) -> None:
        try:
            response = requests.post(f"{server.url}/registrations", json={"event_id": event_id},
                                     headers=server.bearer(f"rusher-{i}"), timeout=5)
        except requests.RequestException:
            return  # the server died under this request: no answer, no promise made
        if response.status_code == 201:
            with lock:
                answered[response.json()["id"]] = f"rusher-{i}"

    pool = ThreadPoolExecutor(32)
    futures = [pool.submit(attempt, i) for i in range(1500)]
    time.sleep(0.6)
    kill_everything(server)
    for future in futures:
        future.result()
    pool.shutdown()
    killed_with = len(answered)
    server.stop()
    server = Gunicorn(instance, **ENV).start()  # same database, same bus file
    try:
        drain = wait_drained(instance, 120)
        with sqlite3.connect(instance / "events.db") as db:
            rows = dict(db.execute("SELECT id, status FROM registrations WHERE event_id = ?", (event_id,)))
            confirmed = sum(1 for s in rows.values() if s == "confirmed")
            counted = db.execute("SELECT confirmed_count FROM events WHERE id = ?", (event_id,)).fetchone()[0]
            notes = db.execute("SELECT count(*), count(DISTINCT id) FROM notifications WHERE kind = "
                               "'attendee_registered' AND event_id = ?", (event_id,)).fetchone()
            integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        lost = [r for r in answered if rows.get(r) != "confirmed"]
        ok = (not lost and confirmed <= capacity and counted == confirmed and pending(instance) == 0
              and notes[0] == notes[1] == confirmed and integrity == "ok")
        report("kill -9 mid-rush", ok,
               f"{killed_with} answered 201 before the kill, {len(lost)} of them missing after restart; "
               f"{confirmed} confirmed of {capacity} seats (event says {counted}); outbox drained in "
               f"{drain:.1f} s; {notes[0]} organizer notifications for {confirmed} tickets "
               f"({notes[0] - notes[1]} duplicates); integrity {integrity}")
    finally:
        server.stop()


class FlakyPush(BaseHTTPRequestHandler):
    """Stands between the bus and the app: 503 while `down`, 500 forever for poisoned
    subscriptions, otherwise forwards to the app."""

    target = ""
    down_until = 0.0
    poisoned: set[str] = set()
    seen = Counter()

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        subscription = self.path.split("?")[0].rsplit("/", 1)[-1]
        if time.monotonic() < self.down_until:
            status = 503
        elif subscription in self.poisoned:
            status = 500
        else:
            status = requests.post(self.target + self.path, data=body, timeout=30,
                                   headers={"Content-Type": "application/json"}).status_code
        FlakyPush.seen[status] += 1
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def behind_proxy(instance: Path, **env: str) -> tuple[Gunicorn, ThreadingHTTPServer]:
    """A server whose bus pushes through FlakyPush (started; the caller starts the server)."""
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), FlakyPush)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    server = Gunicorn(instance, **ENV, PUSH_ENDPOINT=f"http://127.0.0.1:{proxy.server_port}", **env)
    FlakyPush.target, FlakyPush.down_until, FlakyPush.poisoned = server.url, 0.0, set()
    return server, proxy


def drill_push_outage(tmp: Path) -> None:
    instance = tmp / "outage"
    event_id = new_event(instance / "events.db", 1000)
    server, proxy = behind_proxy(instance, BUS_MAX_ATTEMPTS="12")
    FlakyPush.down_until = time.monotonic() + 30
    server.start()
    try:
        people = 200
        for i in range(people):
            requests.post(f"{server.url}/registrations", json={"event_id": event_id},
                          headers=server.bearer(f"patient-{i}"), timeout=10).raise_for_status()
        time.sleep(max(0.0, FlakyPush.down_until - time.monotonic()))
        drain = wait_drained(instance, 240)
        with sqlite3.connect(instance / "events.db") as db:
            notes = db.execute("SELECT count(*), count(DISTINCT id) FROM notifications WHERE event_id = ?",
                               (event_id,)).fetchone()
            applied = db.execute("SELECT count(*) FROM processed_messages").fetchone()[0]
        delayed = FlakyPush.seen[503]
        ok = notes[0] == notes[1] == people and pending(instance) == 0 and delayed > 0
        report("push target down for 30 s", ok,
               f"{delayed} deliveries refused with 503, drained {drain:.1f} s after recovery; "
               f"{notes[0]} notifications for {people} registrations ({notes[0] - notes[1]} twice); "
               f"{applied} message applications recorded")
    finally:
        server.stop()
        proxy.shutdown()


def drill_poison(tmp: Path) -> None:
    """A delivery that can never succeed ends in the dead letters after BUS_MAX_ATTEMPTS."""
    instance = tmp / "poison"
    event_id = new_event(instance / "events.db", 10)
    server, proxy = behind_proxy(instance, BUS_MAX_ATTEMPTS="4")
    FlakyPush.poisoned = {"change-event-capacity-topic-sub"}
    server.start()
    try:
        requests.patch(f"{server.url}/events/{event_id}", json={"title": "Drill, renamed"},
                       headers=server.bearer("drill-organizer"), timeout=10).raise_for_status()
        started, dead = time.monotonic(), []
        while time.monotonic() - started < 120 and not dead:
            time.sleep(0.5)
            with sqlite3.connect(instance / "bus.db") as bus:
                dead = bus.execute("SELECT attempts, last_error FROM dead_letters WHERE subscription = "
                                   "'change-event-capacity-topic-sub'").fetchall()
        others_done = pending(instance) == 0
        report("poison message", len(dead) == 1 and dead[0][0] == 4 and others_done,
               f"dead-lettered after {time.monotonic() - started:.1f} s: {dead}; the other "
               f"subscriptions' deliveries {'all acked' if others_done else 'still pending'}")
    finally:
        server.stop()
        proxy.shutdown()
        FlakyPush.poisoned = set()


def drill_disk(tmp: Path) -> None:
    if os.geteuid() != 0:
        report("disk full", None, "cannot run: mounting a small tmpfs needs root")
        return
    mount = tmp / "small-disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], check=True)
    server = None
    try:
        event_id = new_event(mount / "events.db", 100_000)
        server = Gunicorn(mount, **ENV).start()
        # everyone's account first: the drill itself cannot write them once the disk is full
        server.tokens.update(people_with_tokens(server.database, SECRET, [
            *(f"full-{i}" for i in range(300)), "reader", "full-last", "after-full"]))
        # fill the disk, leaving the database where it is
        filler = mount / "filler"
        with open(filler, "wb") as fh:
            try:
                while True:
                    fh.write(b"\0" * 65536)
                    fh.flush()
            except OSError:
                pass
        codes = Counter()
        for i in range(300):  # until the WAL outgrows what is left
            codes[requests.post(f"{server.url}/registrations", json={"event_id": event_id},
                                headers=server.bearer(f"full-{i}"), timeout=10).status_code] += 1
        read = requests.get(f"{server.url}/events/{event_id}", headers=server.bearer("reader"), timeout=10)
        problem = requests.post(f"{server.url}/registrations", json={"event_id": event_id},
                                headers=server.bearer("full-last"), timeout=10)
        filler.unlink()
        after = requests.post(f"{server.url}/registrations", json={"event_id": event_id},
                              headers=server.bearer("after-full"), timeout=10)
        with sqlite3.connect(mount / "events.db") as db:
            stored = db.execute("SELECT count(*) FROM registrations").fetchone()[0]
            counted = db.execute("SELECT confirmed_count FROM events").fetchone()[0]
            integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        ok = (codes[503] > 0 and codes[500] == 0 and read.status_code == 200
              and problem.headers.get("Content-Type") == "application/problem+json"
              and after.status_code == 201 and stored == counted and integrity == "ok")
        report("disk full", ok, f"writes while full: {dict(codes)}; a read: {read.status_code}; space back: "
               f"{after.status_code}; {stored} tickets stored, event counts {counted}; integrity {integrity}")
    finally:
        if server:
            server.stop()
        subprocess.run(["umount", "-l", str(mount)], check=False)


def normal_requests(server: Gunicorn, count: int = 50) -> tuple[Counter, list[float]]:
    latencies, codes = [], Counter()
    for _ in range(count):
        started = time.monotonic()
        try:
            response = requests.get(f"{server.url}/events", headers=server.bearer("normal"), timeout=5)
            codes[response.status_code] += 1
        except requests.RequestException as exc:
            codes[type(exc).__name__] += 1
        latencies.append(time.monotonic() - started)
        time.sleep(0.1)
    return codes, sorted(latencies)


def drill_slow_clients(tmp: Path) -> None:
    instance = tmp / "slow"
    new_event(instance / "events.db", 10)
    server = Gunicorn(instance, workers=WORKERS, **ENV).start()
    try:
        _, alone = normal_requests(server)
        crowd = Crowd(server.port)
        try:
            crowd.slow(SLOW_CLIENTS)
            time.sleep(3)
            codes, slowed = normal_requests(server)
            held = crowd.slow_open
        finally:
            crowd.close()
        extra_ms = (percentile(slowed, 99) - percentile(alone, 99)) * 1000
        ok = codes.get(200, 0) == 50 and extra_ms <= 100
        report("slow clients", ok, f"{held} of {SLOW_CLIENTS} slow connections open (half trickling headers, "
               f"half a body); 50 normal requests: {dict(codes)}, p99 {percentile(slowed, 99) * 1000:.0f} ms "
               f"against {percentile(alone, 99) * 1000:.0f} ms alone ({extra_ms:+.0f} ms; at most +100)")
    finally:
        server.stop()


def drill_streams(tmp: Path) -> None:
    """1,000 open streams: a notification reaches each one it is for, others are served, one
    person cannot open more than the cap, and a stop ends every stream at once."""
    instance = tmp / "streams"
    new_event(instance / "events.db", 10)
    people = [f"listener-{i}" for i in range(1000)]
    tokens = people_with_tokens(instance / "events.db", SECRET, people)
    server = Gunicorn(instance, workers=WORKERS, **ENV).start()
    crowd = Crowd(server.port)
    try:
        crowd.streams([tokens[p] for p in people])
        streaming = crowd.wait_streaming(len(people), 60)
        notify_streams(server.database, people, 100, 20)
        time.sleep(2)
        arrived = len(crowd.latencies_ms)
        codes, latencies = normal_requests(server)
        capped = [requests.get(f"{server.url}/notifications/stream", stream=True, timeout=10,
                               headers=server.bearer("greedy")) for _ in range(6)]
        statuses = [r.status_code for r in capped]
        for r in capped:
            r.close()
        server.proc.send_signal(signal.SIGTERM)
        server.proc.wait(timeout=60)
        ended = time.monotonic()
        while crowd.streaming and time.monotonic() - ended < 5:
            time.sleep(0.05)
        left = len(crowd.streaming)
        ok = (streaming == len(people) and arrived == 100 and codes.get(200, 0) == 50
              and statuses == [200] * 5 + [429] and left == 0 and server.proc.returncode == 0)
        report("1,000 open streams", ok,
               f"{streaming} streaming; 100 notifications: {arrived} arrived, p99 "
               f"{percentile(crowd.latencies_ms, 99):.0f} ms; 50 normal requests {dict(codes)}, p99 "
               f"{percentile(latencies, 99) * 1000:.0f} ms; one person's 6 streams {statuses}; on SIGTERM "
               f"{left} left open, exit {server.proc.returncode}")
    finally:
        crowd.close()
        server.stop()


def main() -> int:
    chosen = set(sys.argv[1:])  # `python -m bench.drill drill_streams` runs one
    with tempfile.TemporaryDirectory() as tmp:
        for drill in (drill_kill_mid_rush, drill_push_outage, drill_poison, drill_disk, drill_slow_clients,
                      drill_streams):
            if chosen and drill.__name__ not in chosen:
                continue
            try:
                drill(Path(tmp))
            except Exception as exc:  # a drill that crashes has failed, and says why
                report(drill.__name__, False, f"crashed: {type(exc).__name__}: {exc}")
    failed = sum(1 for _, ok, _ in results if ok is False)
    passed = sum(1 for _, ok, _ in results if ok)
    print(f"\n{passed} passed, {failed} failed, {len(results) - passed - failed} skipped")
    return failed


if __name__ == "__main__":
    sys.exit(main())
