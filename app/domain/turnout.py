"""Turnout forecasts for an organizer's upcoming event (docs/recommendations.md, "Forecasts").

Check-ins: the organizer's past check-in rates (tickets checked in / tickets held, events with
MIN_TICKETS or more), shrunk toward the platform's rate as a normal hierarchical model does: an
organizer's own mean is known better the more events they ran and the less their rates vary
(`within_sd`) against how much organizers differ (`between_sd`). A newcomer gets the platform's
rate, a long history their own. The interval (80%, normal) adds the spread of one event's rate
around the organizer's mean to the chance of each ticket.

Final sales: past events' sales curves, the share of their final tickets already sold so many
days before the start; today's tickets divided by the middle share, the interval by the 90th and
10th percentiles (never below what is sold nor above capacity). The organizer's own curves when
they have CURVE_EVENTS past events, else the platform's. The platform's figures come with the
hourly rebuild (app/domain/recommendations.py); evaluated offline by `make eval`."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.domain.events import event_for, recent_past
from app.domain.models import CONFIRMED
from app.domain.ports import Store, Transaction
from app.domain.registrations import every_ticket
from app.domain.roles import Task
from app.domain.sentences import Sentence
from app.domain.taste import DEFAULT_SD, Norms

MIN_TICKETS = 5
CURVE_EVENTS = 3
HISTORY = 20  # the organizer's latest past events read
Z80 = 1.2816  # an 80% interval
DAYS = (0, 1, 2, 3, 5, 7, 10, 14, 21, 30, 45, 60, 90)  # the sales curve's points, days before the start

MIN_SD = 0.03  # no rate is known better than this
# one past event: its organizer, its start, and each held ticket's (registered at, checked in)
Past = tuple[str, datetime, Sequence[tuple[datetime, bool]]]


@dataclass(frozen=True)
class Interval:
    expected: float
    low: float
    high: float


@dataclass(frozen=True)
class Forecast:
    tickets: int
    rate: float  # the expected check-in rate
    history: int  # past events of this organizer it learnt from
    check_ins: Interval
    final_sales: Interval | None  # None: nothing sold yet, or the event has started
    explanation: list[Sentence]


def _rate(tickets: Sequence[tuple[datetime, bool]]) -> float | None:
    return sum(c for _, c in tickets) / len(tickets) if len(tickets) >= MIN_TICKETS else None


def rates(past: Sequence[Past]) -> list[float]:
    return [r for _, _, tickets in past if (r := _rate(tickets)) is not None]


def shares(past: Sequence[Past]) -> dict[int, list[float]]:
    """Days before the start -> each past event's share of its final tickets sold by then."""
    found: dict[int, list[float]] = {d: [] for d in DAYS}
    for _, starts_at, tickets in past:
        if len(tickets) < MIN_TICKETS:
            continue
        for d in DAYS:
            cut = starts_at - timedelta(days=d)
            found[d].append(sum(at <= cut for at, _ in tickets) / len(tickets))
    return found


def quantiles(values: list[float]) -> list[float]:
    if len(values) < 2:
        return [values[0]] * 3 if values else []
    cuts = statistics.quantiles(values, n=10, method="inclusive")
    return [cuts[0], statistics.median(values), cuts[-1]]


def norms_of(past: Sequence[Past]) -> Norms:
    found = rates(past)
    if not found:
        return Norms()
    by_organizer: dict[str, list[float]] = {}
    for organizer, _, tickets in past:
        if (rate := _rate(tickets)) is not None:
            by_organizer.setdefault(organizer, []).append(rate)
    # each observed rate carries the chance of its few tickets too (binomial): take that out, as
    # the forecast adds it back for the event it forecasts
    chance = statistics.fmean(r * (1 - r) / len(t) for _, _, t in past if (r := _rate(t)) is not None)
    total = (math.sqrt(max(statistics.pvariance(found) - chance, MIN_SD ** 2)) if len(found) > 1
             else DEFAULT_SD)
    groups = [g for g in by_organizer.values() if len(g) > 1]
    pooled = sum((r - statistics.fmean(g)) ** 2 for g in groups for r in g)
    freedom = sum(len(g) - 1 for g in groups)
    within = math.sqrt(max(pooled / freedom - chance, MIN_SD ** 2)) if freedom else total
    between = max(math.sqrt(max(total ** 2 - within ** 2, 0.0)), MIN_SD)
    return Norms(statistics.fmean(found), between, len(found),
                 {str(d): quantiles(v) for d, v in shares(past).items() if v}, min(within, total))


def check_ins(sold: int, own: list[float], norms: Norms) -> tuple[float, Interval]:
    between, within = max(norms.rate_sd, MIN_SD) ** 2, max(norms.within_sd, MIN_SD) ** 2
    precision = 1 / between + len(own) / within
    rate = (norms.rate / between + sum(own) / within) / precision
    spread = within + 1 / precision if own else between + within  # one new event's rate
    sd = math.sqrt(sold * sold * spread + sold * rate * (1 - rate))
    expected = sold * rate
    return rate, Interval(round(expected, 1), round(max(expected - Z80 * sd, 0.0), 1),
                          round(min(expected + Z80 * sd, sold), 1))


def final_sales(sold: int, capacity: int, days_before: float,
                curve: dict[str, list[float]]) -> tuple[Interval, float] | None:
    """The final tickets expected, and the middle share of them sold by now on past curves."""
    if sold == 0 or days_before < 0 or not curve:
        return None
    nearest = min(curve, key=lambda d: abs(int(d) - days_before))
    p10, p50, p90 = curve[nearest]
    if p50 <= 0:
        return None

    def bound(share: float) -> float:
        return round(float(min(max(sold / share if share > 0 else capacity, sold), capacity)), 1)

    return Interval(bound(p50), bound(p90), bound(p10)), p50


def forecast(store: Store, actor_id: str, event_id: str, now: datetime) -> Forecast:
    def read(tx: Transaction) -> tuple[int, int, datetime, list[Past], Norms]:
        event = event_for(tx, actor_id, event_id, Task.MANAGE)
        sold = sum(t.status == CONFIRMED for t in every_ticket(tx, event_id))
        past: list[Past] = [
            (actor_id, e.starts_at, [(t.created_at, t.checked_in_at is not None)
                                     for t in every_ticket(tx, e.id) if t.status == CONFIRMED])
            for e in recent_past(tx, actor_id, now, HISTORY) if e.id != event_id]
        return sold, event.capacity, event.starts_at, past, tx.tastes.norms() or Norms()

    sold, capacity, starts_at, past, norms = store.read(read)
    own = rates(past)
    rate, expected = check_ins(sold, own, norms)
    own_shares = shares(past)
    mine = len(own) >= CURVE_EVENTS
    curve = {str(d): quantiles(v) for d, v in own_shares.items() if v} if mine else norms.shares
    days_before = (starts_at - now).total_seconds() / 86400
    sales = final_sales(sold, capacity, days_before, curve) if starts_at > now else None
    rates_said = {"rate": round(rate * 100), "platform": round(norms.rate * 100)}
    said = [Sentence("{rate}% of tickets are expected to be checked in: your last {events} events "
                     "averaged {own}%, weighed against {platform}% across the platform.",
                     rates_said | {"events": len(own), "own": round(statistics.fmean(own) * 100)}) if own
            else Sentence("{rate}% of tickets are expected to be checked in: with no past event of yours "
                          "to learn from, this is the platform's rate ({platform}%).", rates_said)]
    if sales is not None:
        had_sold = {"share": round(sales[1] * 100), "days": round(days_before)}
        said.append(Sentence("Past events of yours had sold about {share}% of their final tickets {days} "
                             "days before the start.", had_sold) if mine
                    else Sentence("Past events across the platform had sold about {share}% of their final "
                                  "tickets {days} days before the start.", had_sold))
    elif starts_at > now:
        said.append(Sentence("Final sales: no tickets sold yet, or no past event's sales to compare with.")
                    if sold == 0 or not curve
                    else Sentence("Final sales: past events had sold nothing this early."))
    return Forecast(sold, round(rate, 3), len(own), expected, sales[0] if sales else None, said)
