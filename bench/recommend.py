"""`make bench` section for recommendations (docs/recommendations.md): 100,000 events and 100,000
people with half a million registrations in the embedded store, the full rebuild timed, then
GET /events/recommended (a different person each request) and GET /events/{id}/similar through
gunicorn with wrk. The community is drawn quickly with numpy (eval/community.py's words and
cities, not its whole story: the figures here are about speed; eval/ is about quality)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from app.domain import recommendations
from app.domain.catalog import Category
from app.domain.ids import new_ticket_code
from app.domain.models import CONFIRMED, SCHEDULED, Event, Registration
from app.store.sqlite import SqliteStore
from bench.run import ORDINARY, SECRET, Row, rate, serve, wrk
from eval.community import CATEGORIES, CITIES, GENERIC, WORDS
from tools.servers import people_with_tokens

EVENTS, PEOPLE, PER_PERSON = 100_000, 100_000, 5
ORGANIZERS = 5_000
ASKERS = 2_000  # people whose tokens the load rotates through
DAYS_BACK, DAYS_AHEAD = 300, 30  # events start over these: about a tenth are still to come


def community(store: SqliteStore, now: datetime) -> tuple[list[str], list[str]]:
    """Events, people and their registrations written in bulk; the people and upcoming events."""
    rng = np.random.default_rng(7)
    cat = rng.choice(len(CATEGORIES), EVENTS)
    city = rng.choice(len(CITIES), EVENTS, p=np.array([8, 4, 2, 1, 1, 1, 1, 1]) / 19)
    starts = rng.uniform(-DAYS_BACK, DAYS_AHEAD, EVENTS)
    # none within two days: their day-before reminders would be mailed (with QR codes) by the
    # workers while the load runs, and that is measured elsewhere (the mail sections)
    starts = np.where((starts > -1) & (starts < 2), starts + 3, starts)
    events = []
    for i in range(EVENTS):
        words = WORDS[CATEGORIES[cat[i]]].split()
        when = now + timedelta(days=float(starts[i]))
        events.append(Event(
            id=f"b{i}", organizer_id=f"org-{i % ORGANIZERS}",
            title=" ".join(rng.choice(words, 3)).title(),
            description=" ".join([*rng.choice(words, 8), *rng.choice(GENERIC, 4)]), starts_at=when,
            ends_at=None, timezone="UTC", location=f"Hall {i % 9}, {CITIES[city[i]].title()}",
            capacity=100_000, price=0, currency="KZT", status=SCHEDULED,
            created_at=when - timedelta(days=30), updated_at=when - timedelta(days=30),
            category=Category(CATEGORIES[cat[i]]),
            tags=list(dict.fromkeys(str(t) for t in rng.choice(words, 2)))))
    for start in range(0, EVENTS, 5000):
        store.run(lambda tx, chunk=events[start:start + 5000]: [tx.events.add(e) for e in chunk])
    people = [f"fan-{i}" for i in range(PEOPLE)]
    by_cat = [np.flatnonzero(cat == c) for c in range(len(CATEGORIES))]
    favourite = rng.choice(len(CATEGORIES), PEOPLE)
    regs = []
    for p in range(PEOPLE):
        own = by_cat[favourite[p]]
        picked = {*rng.choice(own, PER_PERSON - 1).tolist(), int(rng.integers(EVENTS))}
        for e in picked:
            at = events[e].created_at + timedelta(days=float(rng.uniform(0, 30)))
            regs.append(Registration(id=f"r{p}-{e}", event_id=events[e].id, user_id=people[p],
                                     status=CONFIRMED, ticket_code=new_ticket_code(),
                                     created_at=min(at, now), updated_at=now,
                                     checked_in_at=events[e].starts_at if events[e].starts_at < now
                                     else None))
    for start in range(0, len(regs), 10_000):
        store.run(lambda tx, chunk=regs[start:start + 10_000]: [tx.registrations.add(r) for r in chunk])
    return people, [e.id for e in events if e.starts_at > now]


def recommend(rows: list[Row], tmp: Path) -> None:
    instance = tmp / "recommend"
    database = instance / "events.db"
    began = time.perf_counter()
    people_with_tokens(database, SECRET, [])  # the schema
    store = SqliteStore(database)
    now = datetime.now(UTC)
    people, upcoming = community(store, now)
    seeded = time.perf_counter() - began
    tokens = people_with_tokens(database, SECRET, people)  # accounts for all, tokens for all
    began = time.perf_counter()
    rebuilt = recommendations.rebuild(store, now)
    rebuild_s = time.perf_counter() - began
    store.close()
    asking = people[:: PEOPLE // ASKERS]
    (tmp / "rec-tokens.txt").write_text("\n".join(tokens[p] for p in asking) + "\n")
    (tmp / "rec-paths.txt").write_text("/events/recommended?limit=10\n")
    similar_paths = [f"/events/{e}/similar?limit=10" for e in upcoming[:2000]]
    (tmp / "similar-paths.txt").write_text("\n".join(similar_paths) + "\n")
    server = serve(instance)
    try:
        env = {"BENCH_PATHS": str(tmp / "rec-paths.txt"), "BENCH_TOKENS": str(tmp / "rec-tokens.txt")}
        wrk(server.url + "/", "get.lua", 4, "3s", env)  # warm every worker (imports, caches)
        mine, _ = wrk(server.url + "/", "get.lua", ORDINARY, "15s", env)
        light, _ = wrk(server.url + "/", "get.lua", 4, "10s", env)  # one at a time per worker
        similar, _ = wrk(server.url + "/", "get.lua", ORDINARY, "10s",
                         {"BENCH_PATHS": str(tmp / "similar-paths.txt")})
    finally:
        server.stop()
    rows.append(Row(f"recommendations: {EVENTS:,} events, {PEOPLE:,} people, "
                    f"about {PEOPLE * PER_PERSON:,} registrations",
                    f"seeded in {seeded:.0f} s; full rebuild {rebuild_s:.0f} s ({rebuilt.events:,} events, "
                    f"{rebuilt.people:,} people); GET /events/recommended, {len(asking):,} people in turn at "
                    f"{ORDINARY} connections: p50 {mine['p50_us'] / 1000:.1f} ms, "
                    f"p99 {mine['p99_us'] / 1000:.1f} ms, {rate(mine):.0f} req/s, "
                    f"{mine['non2xx'] + mine['errors']} failed; at 4 connections: "
                    f"p50 {light['p50_us'] / 1000:.1f} ms, p99 {light['p99_us'] / 1000:.1f} ms, "
                    f"{rate(light):.0f} req/s; GET /events/{{id}}/similar at {ORDINARY}: "
                    f"p99 {similar['p99_us'] / 1000:.1f} ms, {rate(similar):.0f} req/s",
                    "p99 < 50 ms; the rebuild off the request path"))


def evaluation(rows: list[Row], tmp: Path) -> None:
    """`make eval` as a section: the recommender against its baselines (docs/evaluation.md)."""
    from eval import run
    from eval.community import build

    community = build()
    _, results, _ = run.recommenders(community)
    hybrid, popular = results["hybrid (served)"], results["most popular"]
    rows.append(Row("recommendations offline (make eval: 4,000 people, 3,000 events, split by time)",
                    f"nDCG@10 hybrid {hybrid['nDCG@10']:.4f} vs most popular {popular['nDCG@10']:.4f} "
                    f"(x{hybrid['nDCG@10'] / popular['nDCG@10']:.2f}); catalogue coverage "
                    f"{hybrid['coverage']:.3f} vs {popular['coverage']:.3f} "
                    f"(x{hybrid['coverage'] / popular['coverage']:.1f})",
                    "nDCG@10 >= +30% over most popular, coverage >= x3"))
