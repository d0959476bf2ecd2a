"""`make bench`: the app as `make run` serves it (gunicorn, embedded default, a fresh database),
loaded with wrk on loopback. Prints one table and writes it to bench/RESULTS.md.

Figures are reported, never asserted, except one: a ticket rush must confirm exactly the
capacity, or this exits non-zero.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests

from app.domain.ids import new_id, new_ticket_code
from app.domain.models import CONFIRMED, SCHEDULED, Event, Notification, Registration
from app.store.sqlite import SqliteStore
from bench.clients import Crowd, percentile
from tools.servers import ROOT, Gunicorn, people_with_tokens

SECRET = "bench-secret-key-that-is-long-enough-for-hs256"
BENCH = ROOT / "bench"
RUSH_PEOPLE = 10_000
RUSH_SEATS = 1_000
WRK_THREADS = 2
WORKERS = min((os.cpu_count() or 1) * 2, 8)  # what `make run` starts (deploy/gunicorn.conf.py)
STREAMS = 2_000
SLOW_CLIENTS = 500
ORDINARY = 24  # concurrent ordinary requests beside the streams or slow clients


@dataclass
class Row:
    name: str
    figures: str
    target: str = ""


def serve(instance: Path, app_module: str = "run:app") -> Gunicorn:
    """The app as `make run` serves it (its workers), rate limits off: load comes from one address."""
    return Gunicorn(instance, workers=WORKERS, app_module=app_module, SECRET_KEY=SECRET,
                    RATE_LIMITS="off", LOG_LEVEL="WARNING").start()


def token_file(path: Path, database: Path, uids: list[str]) -> Path:
    """One token a line, for wrk: accounts written into the store first."""
    made = people_with_tokens(database, SECRET, uids)
    path.write_text("\n".join(made[uid] for uid in uids) + "\n")
    return path


def event(organizer: str, days: float, capacity: int, title: str = "Bench") -> Event:
    now = datetime.now(UTC)
    return Event(id=new_id(), organizer_id=organizer, title=title, description="load test",
                 starts_at=now + timedelta(days=days), ends_at=None, timezone="UTC", location="Almaty",
                 capacity=capacity, price=0, currency="KZT", status=SCHEDULED, created_at=now,
                 updated_at=now)


def seed(store: SqliteStore, events: int, registrations: int) -> list[Event]:
    """Bulk data through the store, many rows per transaction (the API path is what we measure)."""
    made = [event("seed-organizer", 1 + i / 100, 1_000_000, f"Event {i}") for i in range(events)]
    for start in range(0, events, 5000):
        store.run(lambda tx, chunk=made[start:start + 5000]: [tx.events.add(e) for e in chunk])
    now = datetime.now(UTC)
    regs = [Registration(id=new_id(), event_id=made[i % events].id, user_id=f"seed-{i}", status=CONFIRMED,
                         ticket_code=new_ticket_code(), created_at=now, updated_at=now)
            for i in range(registrations)]
    for start in range(0, registrations, 5000):
        store.run(lambda tx, chunk=regs[start:start + 5000]: [tx.registrations.add(r) for r in chunk])
    return made


def wrk(url: str, script: str, connections: int, duration: str, env: dict[str, str]) -> tuple[dict, float]:
    """Run wrk; return its figures and the CPU seconds wrk itself used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(["wrk", "-t", str(WRK_THREADS), "-c", str(connections), "-d", duration,
                          "--timeout", "10s", "-s", str(BENCH / script), url],
                         capture_output=True, text=True, env={**os.environ, **env}, check=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    line = next(ln for ln in out.splitlines() if ln.startswith("BENCH "))
    return json.loads(line[6:]), cpu


def rate(figures: dict) -> float:
    """Requests per second: over the rush's own span where the script measured one (wrk itself
    always runs for the whole -d)."""
    if "span_us" in figures:
        return sum(figures["statuses"].values()) / (figures["span_us"] / 1e6)
    return figures["requests"] / (figures["duration_us"] / 1e6)


def rss_mb(server: Gunicorn) -> list[float]:
    children = subprocess.run(["pgrep", "-P", str(server.proc.pid)], capture_output=True,
                              text=True).stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        kb = next(int(ln.split()[1]) for ln in status.splitlines() if ln.startswith("VmRSS:"))
        sizes.append(round(kb / 1024, 1))
    return sizes


def confirmed(db: Path, event_id: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM registrations WHERE event_id = ? AND status = ?",
                            (event_id, CONFIRMED)).fetchone()[0]


def pending(instance: Path) -> int:
    with sqlite3.connect(instance / "events.db") as store, sqlite3.connect(instance / "bus.db") as bus:
        return (store.execute("SELECT count(*) FROM outbox").fetchone()[0]
                + bus.execute("SELECT count(*) FROM deliveries").fetchone()[0])


def wait_drained(instance: Path, limit: float) -> float:
    """Seconds until the outbox and the bus's deliveries are empty (or `limit` passed)."""
    started = time.monotonic()
    while pending(instance) and time.monotonic() - started < limit:
        time.sleep(0.2)
    return time.monotonic() - started


def bus_lag(db: Path, since: str) -> tuple[float, float, int]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT (julianday(processed_at) - julianday(occurred_at)) * 86400000 FROM processed_messages "
            "WHERE subscription = 'user-notifications-topic-sub' AND occurred_at >= ?", (since,)).fetchall()
    lags = sorted(r[0] for r in rows if r[0] is not None)
    if not lags:
        return float("nan"), float("nan"), 0
    return statistics.median(lags), lags[min(len(lags) - 1, int(len(lags) * 0.99))], len(lags)


def ticket_rush(rows: list[Row], tmp: Path) -> None:
    instance = tmp / "rush"
    store = SqliteStore(instance / "events.db")
    events = {c: event("rush-organizer", 3, RUSH_SEATS, f"Rush c{c}") for c in (64, 256)}
    quiet = event("rush-organizer", 3, 100, "At rest")
    store.run(lambda tx: [tx.events.add(e) for e in [*events.values(), quiet]])
    store.close()
    tokens = token_file(tmp / "tokens.txt", instance / "events.db",
                        [f"person-{i}" for i in range(RUSH_PEOPLE)])
    server = serve(instance)
    try:
        rest = rss_mb(server)
        since = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        people = tokens.read_text().split()
        with requests.Session() as session:
            for token in people[-50:]:  # one at a time, 100 ms apart: the bus at rest
                session.post(f"{server.url}/registrations", json={"event_id": quiet.id},
                             headers={"Authorization": f"Bearer {token}"}, timeout=10).raise_for_status()
                time.sleep(0.1)
        wait_drained(instance, 30)
        p50, p99, n = bus_lag(instance / "events.db", since)
        rows.append(Row("event bus at rest", f"state change -> stored notification p50 {p50:.0f} ms, "
                        f"p99 {p99:.0f} ms ({n} registrations, 100 ms apart)", "p99 < 100 ms"))
        for connections, e in events.items():
            since = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            figures, cpu = wrk(server.url, "rush.lua", connections, "30s",
                               {"BENCH_TOKENS": str(tokens), "BENCH_EVENT": e.id,
                                "BENCH_THREADS": str(WRK_THREADS)})
            seats = confirmed(instance / "events.db", e.id)
            statuses = figures["statuses"]
            attempts = sum(statuses.values())
            created, full = statuses.get("201", 0), statuses.get("409", 0)
            rows.append(Row(
                f"ticket rush, concurrency {connections}",
                f"{attempts} answered attempts, {rate(figures):.0f}/s; confirmed in the database {seats} "
                f"(201: {created}, 409: {full}, other: {attempts - created - full}, socket errors "
                f"{figures['errors']}); p50 {figures['p50_us'] / 1000:.1f} ms, p95 "
                f"{figures['p95_us'] / 1000:.1f} ms, p99 {figures['p99_us'] / 1000:.1f} ms; "
                f"wrk used {cpu:.1f} CPU s",
                ">= 1000/s, p99 < 250 ms, exactly 1000 confirmed"))
            # the database decides: answers still in flight when wrk stopped are not counted
            if seats != RUSH_SEATS or created > RUSH_SEATS:
                print(f"OVERSOLD OR UNDERSOLD: {seats} confirmed for {RUSH_SEATS} seats", file=sys.stderr)
                raise SystemExit(1)
            drain = wait_drained(instance, 300)
            p50, p99, n = bus_lag(instance / "events.db", since)
            rows.append(Row(f"event bus during rush c{connections}",
                            f"state change -> stored notification p50 {p50:.0f} ms, p99 {p99:.0f} ms "
                            f"({n} messages); outbox drained {drain:.1f} s after the rush",
                            "p99 < 2 s" if connections == 64 else ""))
        after = rss_mb(server)
        rows.append(Row("memory per worker (RSS)", f"at rest {rest} MB; after the rushes {after} MB"))
    finally:
        server.stop()


def notify_streams(database: Path, people: list[str], count: int, per_second: float) -> None:
    """Notifications stored for people with an open stream, each carrying when it was stored."""
    store = SqliteStore(database)
    try:
        for i in range(count):
            note = Notification(id=new_id(), user_id=people[(i * 7919) % len(people)], kind="bench",
                                message=repr(time.time()), event_id=None, created_at=datetime.now(UTC))
            store.run(lambda tx, n=note: tx.notifications.add(n))
            time.sleep(1 / per_second)
    finally:
        store.close()


def ordinary(server: Gunicorn, token: str) -> dict:
    figures, _ = wrk(server.url + "/events?limit=20", "get.lua", ORDINARY, "10s", {"BENCH_TOKEN": token})
    return figures


def streams_and_slow_clients(rows: list[Row], tmp: Path) -> None:
    instance = tmp / "streams"
    store = SqliteStore(instance / "events.db")
    seed(store, 1_000, 0)
    store.close()
    people = [f"listener-{i}" for i in range(STREAMS)]
    tokens = people_with_tokens(instance / "events.db", SECRET, [*people, "reader"])
    server = serve(instance)
    try:
        ordinary(server, tokens["reader"])  # warm: every worker has served and opened its store
        rest = rss_mb(server)
        alone = ordinary(server, tokens["reader"])
        crowd = Crowd(server.port)
        try:
            crowd.streams([tokens[p] for p in people])
            opened = crowd.wait_streaming(STREAMS, 120)
            held = rss_mb(server)
            notifier = threading.Thread(target=notify_streams, args=(instance / "events.db", people, 300, 25))
            notifier.start()
            beside = ordinary(server, tokens["reader"])
            notifier.join()
            time.sleep(2)
            still = len(crowd.streaming)
            latencies = list(crowd.latencies_ms)
            refused = dict(Counter(crowd.refused.values()))
        finally:
            crowd.close()
        rows.append(Row(
            f"{STREAMS:,} open notification streams",
            f"{opened} streaming ({still} at the end, {crowd.reconnects} reconnects, refused {refused}); "
            f"{ORDINARY} concurrent GET /events beside them: {rate(beside):.0f} req/s, p99 "
            f"{beside['p99_us'] / 1000:.1f} ms (alone: {rate(alone):.0f} req/s, p99 "
            f"{alone['p99_us'] / 1000:.1f} ms), non-2xx {beside['non2xx']}, errors {beside['errors']}",
            "p99 < 250 ms"))
        rows.append(Row(f"notification -> its open stream, {STREAMS:,} open",
                        f"{len(latencies)} of 300 arrived; p50 {percentile(latencies, 50):.0f} ms, "
                        f"p99 {percentile(latencies, 99):.0f} ms", "p99 < 1 s"))
        rows.append(Row("memory per worker (RSS), streams",
                        f"at rest {rest} MB; with {opened} streams open {held} MB"))
        crowd = Crowd(server.port)
        try:
            crowd.slow(SLOW_CLIENTS)
            time.sleep(3)
            slowed = ordinary(server, tokens["reader"])
            opened_slow = crowd.slow_open
        finally:
            crowd.close()
        extra = (slowed["p99_us"] - alone["p99_us"]) / 1000
        rows.append(Row(
            f"{SLOW_CLIENTS} slow clients (half trickle headers, half a body)",
            f"{opened_slow} slow connections open while measured, {crowd.slow_dropped} hung up on by the "
            f"server and reopened; {ORDINARY} concurrent GET /events: p99 {slowed['p99_us'] / 1000:.1f} ms "
            f"({extra:+.1f} ms against alone), non-2xx {slowed['non2xx']}, errors {slowed['errors']}",
            "<= +100 ms p99"))
    finally:
        server.stop()


def reads(rows: list[Row], tmp: Path) -> None:
    instance = tmp / "reads"
    store = SqliteStore(instance / "events.db")
    made = seed(store, 10_000, 0)
    store.close()
    env = {"BENCH_TOKEN": people_with_tokens(instance / "events.db", SECRET, ["reader"])["reader"]}
    server = serve(instance)
    try:
        listed, _ = wrk(server.url + "/events?limit=20", "get.lua", 64, "10s", env)
        one, _ = wrk(server.url + f"/events/{made[5000].id}", "get.lua", 64, "10s", env)
        visitors = {"BENCH_TOKEN": ""}  # no token: the answers shared caches may keep
        listed_anonymous, _ = wrk(server.url + "/events?limit=20", "get.lua", 64, "10s", visitors)
        shared_link, _ = wrk(server.url + f"/e/{made[5000].id}", "get.lua", 256, "10s", visitors)
    finally:
        server.stop()
    bare = serve(tmp / "bare", app_module="bench.bare_app:app")
    try:  # the ceiling at each concurrency: its throughput, and its own tail, the floor of ours
        ceilings = {c: wrk(bare.url + "/", "get.lua", c, "10s", {})[0] for c in (64, 256)}
    finally:
        bare.stop()
    for name, figures, conns, target in (
            ("GET /events (20 of 10,000)", listed, 64, ">= 50% of ceiling, p99 < 250 ms"),
            ("GET /events/{id}", one, 64, ">= 50% of ceiling"),
            ("GET /events (20 of 10,000), visitor", listed_anonymous, 64, ">= 50% of ceiling, p99 < 250 ms"),
            ("GET /e/{id} (the page), visitor, concurrency 256", shared_link, 256,
             ">= 50% of ceiling, p99 < 100 ms")):
        ceiling = ceilings[conns]
        rows.append(Row(f"reads: {name}",
                        f"{rate(figures):.0f} req/s, p99 {figures['p99_us'] / 1000:.1f} ms, "
                        f"{rate(figures) / rate(ceiling):.0%} of the bare Flask ceiling at {conns} "
                        f"connections ({rate(ceiling):.0f} req/s, p99 {ceiling['p99_us'] / 1000:.1f} ms); "
                        f"non-2xx {figures['non2xx']}", target))


def growth(rows: list[Row], tmp: Path) -> None:
    measured = {}
    for size in (1_000, 100_000):
        instance = tmp / f"growth-{size}"
        store = SqliteStore(instance / "events.db")
        seed(store, size, size)
        target = event("growth-organizer", 2, 1_000_000, "Growth")
        store.run(lambda tx, e=target: tx.events.add(e))
        store.close()
        tokens = token_file(tmp / f"growth-tokens-{size}.txt", instance / "events.db",
                            [f"g{size}-{i}" for i in range(3000)])
        reader = people_with_tokens(instance / "events.db", SECRET, ["reader"])["reader"]
        server = serve(instance)
        try:
            listed, _ = wrk(server.url + "/events?limit=20", "get.lua", 32, "5s",
                            {"BENCH_TOKEN": reader})
            regs, _ = wrk(server.url, "rush.lua", 32, "15s",
                          {"BENCH_TOKENS": str(tokens), "BENCH_EVENT": target.id,
                           "BENCH_THREADS": str(WRK_THREADS)})
        finally:
            server.stop()
        measured[size] = (listed["p50_us"], regs["p50_us"])
    small, large = measured[1_000], measured[100_000]
    rows.append(Row("growth: 1,000 -> 100,000 events and registrations",
                    f"list p50 {small[0] / 1000:.1f} -> {large[0] / 1000:.1f} ms "
                    f"({large[0] / small[0] - 1:+.0%}); registration p50 {small[1] / 1000:.1f} -> "
                    f"{large[1] / 1000:.1f} ms ({large[1] / small[1] - 1:+.0%})", "<= +30%"))


def machine() -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=ROOT).stdout.strip()
    mem = next(ln for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal"))
    return (f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit}, {os.cpu_count()} cores, "
            f"{int(mem.split()[1]) // 1024 // 1024} GiB, Python {platform.python_version()}, "
            f"gunicorn gevent, {WORKERS} workers (as `make run`)")


PAYMENTS_SECRET = "bench-payments-secret-long-enough"


def paid_rush(rows: list[Row], tmp: Path) -> None:
    """A ticket rush on a paid event (docs/payments.md): 10,000 people for 1,000 seats, each seat
    held; then the provider's notifications for every hold, 3 in 4 paid and 1 in 4 declined, 32
    at a time, each paid one sent twice (a provider's redelivery). The database must end with
    exactly the paid tickets confirmed."""
    from app.payment_providers import notices

    instance = tmp / "paid"
    store = SqliteStore(instance / "events.db")
    sale = replace(event("rush-organizer", 3, RUSH_SEATS, "Paid rush"), price=2_500, currency="EUR")
    store.run(lambda tx: tx.events.add(sale))
    store.close()
    tokens = token_file(tmp / "paid-tokens.txt", instance / "events.db",
                        [f"buyer-{i}" for i in range(RUSH_PEOPLE)])
    server = Gunicorn(instance, workers=WORKERS, SECRET_KEY=SECRET, RATE_LIMITS="off",
                      LOG_LEVEL="WARNING", PAYMENTS_SECRET=PAYMENTS_SECRET).start()
    try:
        figures, _ = wrk(server.url, "rush.lua", 64, "30s", {
            "BENCH_TOKENS": str(tokens), "BENCH_EVENT": sale.id, "BENCH_THREADS": str(WRK_THREADS)})
        with sqlite3.connect(instance / "events.db") as conn:
            holds = [r[0] for r in conn.execute(
                "SELECT id FROM registrations WHERE event_id = ? AND status = 'pending_payment'",
                (sale.id,))]
        outcomes = {h: ("paid" if i % 4 else "declined") for i, h in enumerate(holds)}
        latencies: list[float] = []
        lock = threading.Lock()

        def notify(hold: str) -> None:
            paid = outcomes[hold] == "paid"
            session = {"id": f"cs_{hold}", "client_reference_id": hold, "amount_total": 2_500,
                       "currency": "eur", "payment_status": "paid" if paid else "unpaid",
                       "payment_intent": f"pi_{hold}"}
            kind = "checkout.session.completed" if paid else "checkout.session.async_payment_failed"
            for _ in range(2 if paid else 1):
                body = notices.session_event(f"evt_{new_id()}", kind, session, int(time.time()))
                started = time.perf_counter()
                requests.post(f"{server.url}/payments/webhook", data=body, timeout=30, headers={
                    "Content-Type": "application/json",
                    "Stripe-Signature": notices.sign(body, PAYMENTS_SECRET, int(time.time()))},
                ).raise_for_status()
                with lock:
                    latencies.append(time.perf_counter() - started)

        began = time.perf_counter()
        with ThreadPoolExecutor(32) as pool:
            list(pool.map(notify, holds))
        spent = time.perf_counter() - began
        seats = confirmed(instance / "events.db", sale.id)
        paid = sum(1 for o in outcomes.values() if o == "paid")
        latencies.sort()
        statuses = figures["statuses"]
        rows.append(Row(
            "paid ticket rush, concurrency 64",
            f"{sum(statuses.values())} attempts, {rate(figures):.0f}/s, {len(holds)} seats held "
            f"(201: {statuses.get('201', 0)}, 409: {statuses.get('409', 0)}); p99 "
            f"{figures['p99_us'] / 1000:.1f} ms. Then {len(latencies)} signed notifications "
            f"({paid} paid, each twice; {len(holds) - paid} declined), 32 at a time: "
            f"{len(latencies) / spent:.0f}/s, p50 {latencies[len(latencies) // 2] * 1000:.1f} ms, "
            f"p99 {latencies[int(len(latencies) * 0.99)] * 1000:.1f} ms; confirmed in the database {seats}",
            "exactly the paid tickets confirmed"))
        if len(holds) > RUSH_SEATS or seats != paid:
            print(f"PAID RUSH WRONG: {seats} confirmed, {paid} paid, {len(holds)} held", file=sys.stderr)
            raise SystemExit(1)
    finally:
        server.stop()


def main() -> int:
    if not shutil.which("wrk"):
        print("wrk is not installed (make bench installs it from Debian)", file=sys.stderr)
        return 2
    from bench import mail, orders, recommend  # they build on this module's helpers: imported once they exist

    rows: list[Row] = []
    sections = {"streams": streams_and_slow_clients, "rush": ticket_rush, "paid": paid_rush,
                "orders": orders.order_rush,
                "reads": reads, "growth": growth, "announcement": mail.announcement,
                "reminders": mail.reminder_sweep, "recommend": recommend.recommend,
                "evaluation": recommend.evaluation}
    chosen = sys.argv[1:] or list(sections)  # `python -m bench.run reads` runs one part, unsaved
    with tempfile.TemporaryDirectory() as tmp:
        for name in chosen:
            sections[name](rows, Path(tmp))
    table = "| measure | figures | target |\n|---|---|---|\n" + "\n".join(
        f"| {r.name} | {r.figures} | {r.target} |" for r in rows)
    text = f"# Benchmark results\n\n{machine()}\n\n{table}\n"
    print(text)
    if not sys.argv[1:]:
        (BENCH / "RESULTS.md").write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
