"""`python -m bench.run orders`: a rush of orders (issue 27, section 7). 10,000 people for 1,000
seats, each ordering 1 to 4 tickets, by turns of the first type or a VIP type capped at 250, a
third of them with a promo code, at 64 connections. The database must end with exactly the
capacity sold, the VIP cap held and the code's uses equal to its tickets; this exits non-zero
otherwise (the bench's one kind of assertion).

Tickets per second are counted while seats last (from the first request to the last order
placed): stricter than the single-ticket rush's attempts per second over the whole rush, most of
which are quick refusals once it is full; both are printed."""

from __future__ import annotations

import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

from app.domain import promo_codes, ticket_types
from app.store.sqlite import SqliteStore
from bench.run import RUSH_PEOPLE, RUSH_SEATS, WRK_THREADS, Row, event, rate, serve, token_file, wrk

VIP_CAP = 250


def order_rush(rows: list[Row], tmp: Path) -> None:
    instance = tmp / "orders"
    store = SqliteStore(instance / "events.db")
    sale = event("rush-organizer", 3, RUSH_SEATS, "Order rush")
    store.run(lambda tx: tx.events.add(sale))
    now = datetime.now(UTC)
    vip = ticket_types.create(store, "rush-organizer", sale.id, {"name": "VIP", "cap": VIP_CAP}, now)[1]
    promo_codes.create(store, "rush-organizer", sale.id, "RUSH", {"discount": 10}, now)
    store.close()
    tokens = token_file(tmp / "order-tokens.txt", instance / "events.db",
                        [f"orderer-{i}" for i in range(RUSH_PEOPLE)])
    server = serve(instance)
    try:
        figures, cpu = wrk(server.url, "rush.lua", 64, "30s", {
            "BENCH_TOKENS": str(tokens), "BENCH_EVENT": sale.id, "BENCH_THREADS": str(WRK_THREADS),
            "BENCH_TYPE": vip.id, "BENCH_CODE": "RUSH"})
    finally:
        server.stop()
    with sqlite3.connect(instance / "events.db") as conn:
        sold, vips, coded, orders = conn.execute(
            "SELECT count(*), sum(ticket_type_id = ?), sum(promo_code = 'RUSH'), count(DISTINCT order_id) "
            "FROM registrations WHERE event_id = ? AND status = 'confirmed'", (vip.id, sale.id)).fetchone()
        used = conn.execute("SELECT used FROM promo_codes WHERE event_id = ? AND code = 'RUSH'",
                            (sale.id,)).fetchone()[0]

    statuses = figures["statuses"]
    created, full = statuses.get("201", 0), statuses.get("409", 0)
    other = sum(statuses.values()) - created - full
    seconds = figures["sold_us"] / 1e6
    rows.append(Row(
        "order rush (1-4 tickets, two types, a code on a third), concurrency 64",
        f"{sold} tickets in {orders} orders sold in {seconds:.2f} s: {sold / seconds:.0f} tickets/s "
        f"while seats lasted ({orders / seconds:.0f} orders/s); {sum(statuses.values())} answered attempts, "
        f"{rate(figures):.0f}/s over the whole rush (201: {created}, 409: {full}, "
        f"other: {other}, socket errors {figures['errors']}); p50 {figures['p50_us'] / 1000:.1f} ms, "
        f"p99 {figures['p99_us'] / 1000:.1f} ms; VIP {vips} of a cap of {VIP_CAP}; the code used {used} "
        f"times for {coded} tickets; wrk used {cpu:.1f} CPU s",
        ">= 1,000 tickets/s, p99 < 250 ms, exactly 1000 sold"))
    if sold != RUSH_SEATS or vips > VIP_CAP or used != coded:
        print(f"ORDER RUSH WRONG: {sold} sold of {RUSH_SEATS}, VIP {vips}, code {used} for {coded}",
              file=sys.stderr)
        raise SystemExit(1)
