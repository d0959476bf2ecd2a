"""`make eval`: the recommender, the turnout forecast and the review sentiment measured offline on
the synthetic community of eval/community.py, split by time: everything before the cut is what the
model learns from; what people register for in the next four weeks is what it should have
found. Writes docs/evaluation.md (and prints it)."""

from __future__ import annotations

import math
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, replace
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from app.domain import insight, turnout
from app.domain import recommender as rk
from app.domain.recommender_fit import Corpus, fit
from app.domain.taste import ItemTaste, PersonTaste
from eval.community import START, Community, Params, build

REPORT = Path(__file__).resolve().parent.parent / "docs" / "evaluation.md"
K = 10
TEST_WEEKS = 4
CUT_WEEK = 22
MAX_TESTED = 2000  # people scored per method (the first, by id, with something to find)


def ndcg(ranked: Sequence[str], relevant: set[str]) -> float:
    gain = sum(1 / math.log2(i + 2) for i, e in enumerate(ranked[:K]) if e in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), K)))
    return gain / ideal if ideal else 0.0


def diversity(ranked: Sequence[str], items: dict[str, ItemTaste]) -> float:
    """1 - the mean cosine between the list's events' content: 0 is ten of a kind."""
    vectors = [np.asarray(items[e].vector) for e in ranked if e in items and items[e].vector]
    if len(vectors) < 2:
        return 0.0
    m = np.asarray(vectors)
    sims = m @ m.T
    n = len(vectors)
    return float(1 - (sims.sum() - n) / (n * (n - 1)))


def recommenders(c: Community) -> tuple[list[str], dict[str, dict[str, float]], dict[str, object]]:
    at = START + timedelta(weeks=CUT_WEEK)
    until = at + timedelta(weeks=TEST_WEEKS)
    started = {e.id for e in c.events if e.starts_at < at}
    train = Corpus([e for e in c.events if e.created_at <= at],
                   [replace(a, checked_in=a.checked_in and a.event_id in started)
                    for a in c.attendance if a.registered_at < at],
                   [r for r in c.reviews if r.created_at < at], c.users, {}, at)
    began = time.perf_counter()
    fitted = fit(train)
    fit_seconds = time.perf_counter() - began
    items = {i.event_id: i for i in fitted.items}
    people = {p.user_id: p for p in fitted.people}
    open_now = {e.id for e in c.events if e.created_at <= at < e.starts_at <= until}
    held: dict[str, set[str]] = {}
    truth: dict[str, set[str]] = {}
    for a in c.attendance:
        if a.registered_at < at:
            held.setdefault(a.user_id, set()).add(a.event_id)
        elif a.event_id in open_now:
            truth.setdefault(a.user_id, set()).add(a.event_id)
    users = {u.id: u for u in c.users}
    tested = sorted(truth, key=lambda u: int(u[1:]))[:MAX_TESTED]
    pool = [items[e] for e in sorted(open_now) if e in items]
    organizer = {i.event_id: i.organizer_id for i in pool}
    rng = np.random.default_rng(c.params.seed)
    popular = [e for e in fitted.popular.get("all", []) if e in open_now]

    def taster_of(u: str) -> tuple[rk.Taster, PersonTaste]:
        person = people.get(u) or PersonTaste(u)
        return rk.Taster(person.vector, person.went, users[u].interest_categories, [], person.cities), person

    def ranked(u: str, weights: rk.Weights, among: Sequence[ItemTaste]) -> list[str]:
        taster, _ = taster_of(u)
        went = {e: items[e] for e in list(taster.went)[-rk.RECENT_WENT:] if e in items}
        left = [i for i in among if i.event_id not in held.get(u, set())]
        return [s.event_id for s in rk.rank(taster, went, left, weights, keep=K)]

    def hybrid(u: str) -> list[str]:  # what the service does: its candidates, ranked, diversified
        taster, person = taster_of(u)
        went = {e: items[e] for e in list(taster.went)[-rk.RECENT_WENT:] if e in items}
        wanted = [e for e in rk.candidates(taster, person.picks, went, fitted.popular)
                  if e in open_now and e not in held.get(u, set())]
        scored = rk.rank(taster, went, [items[e] for e in wanted], rk.HYBRID, keep=K * 6)
        return [s.event_id for s in rk.diversify(scored, organizer, K)]

    methods: dict[str, Callable[[str], list[str]]] = {
        "random": lambda u: [str(e) for e in rng.choice(sorted(open_now - held.get(u, set())), K,
                                                         replace=False)],
        "most popular": lambda u: [e for e in popular if e not in held.get(u, set())][:K],
        "content only": lambda u: ranked(u, rk.CONTENT_ONLY, pool),
        "collaborative only": lambda u: ranked(u, rk.COLLAB_ONLY, pool),
        "hybrid (served)": hybrid,
    }
    results: dict[str, dict[str, float]] = {}
    for name, method in methods.items():
        began = time.perf_counter()
        lists = {u: method(u) for u in tested}
        hits = [len(set(lists[u]) & truth[u]) for u in tested]
        results[name] = {
            "precision@10": statistics.fmean(h / K for h in hits),
            "recall@10": statistics.fmean(h / len(truth[u]) for h, u in zip(hits, tested, strict=True)),
            "nDCG@10": statistics.fmean(ndcg(lists[u], truth[u]) for u in tested),
            "coverage": len({e for v in lists.values() for e in v}) / len(open_now),
            "diversity": statistics.fmean(diversity(v, items) for v in lists.values()),
            "ms per person": (time.perf_counter() - began) * 1000 / len(tested),
        }
    facts = {"cut": at.date().isoformat(), "open events": len(open_now), "people tested": len(tested),
             "fit seconds": round(fit_seconds, 2), "events learnt": len(fitted.items),
             "people learnt": len(fitted.people)}
    return list(methods), results, facts


def forecasts(c: Community) -> dict[str, float]:
    """Hold out each organizer's last past event; forecast it from the ones before."""
    at = START + timedelta(weeks=CUT_WEEK)
    tickets: dict[str, list[tuple[datetime, bool]]] = {}
    for a in c.attendance:
        tickets.setdefault(a.event_id, []).append((a.registered_at, a.checked_in))
    past = sorted(((e.organizer_id, e.starts_at, tickets.get(e.id, [])) for e in c.events
                   if e.starts_at < at), key=lambda p: p[1])
    by_org: dict[str, list[turnout.Past]] = {}
    for p in past:
        if len(p[2]) >= turnout.MIN_TICKETS:
            by_org.setdefault(p[0], []).append(p)
    held_out = {org: events[-1] for org, events in by_org.items() if len(events) >= 3}
    norms = turnout.norms_of([p for org, events in by_org.items() for p in events
                              if held_out.get(org) is not p])
    err, base_err, covered, sales_err, sales_base = [], [], 0, [], []
    for org, last in held_out.items():
        before = by_org[org][:-1]
        own = turnout.rates(before)
        sold, actual = len(last[2]), sum(c for _, c in last[2])
        _, interval = turnout.check_ins(sold, own, norms)
        err.append(abs(interval.expected - actual))
        base_err.append(abs(own[-1] * sold - actual))
        covered += interval.low <= actual <= interval.high
        week_before = last[1] - timedelta(days=7)
        sold_then = sum(at_ <= week_before for at_, _ in last[2])
        curve = ({str(d): turnout.quantiles(v) for d, v in turnout.shares(before).items() if v}
                 if len(before) >= turnout.CURVE_EVENTS else norms.shares)
        predicted = turnout.final_sales(sold_then, 10_000, 7, curve)
        sales_err.append(abs((predicted[0].expected if predicted else sold_then) - sold))
        sales_base.append(abs(len(before[-1][2]) - sold))
    return {"events held out": len(held_out), "check-ins MAE": statistics.fmean(err),
            "check-ins MAE, last event's rate": statistics.fmean(base_err),
            "80% interval coverage": covered / len(held_out),
            "final sales MAE (a week before)": statistics.fmean(sales_err),
            "final sales MAE, last event's final": statistics.fmean(sales_base)}


def sentiment(c: Community) -> dict[str, float]:
    judged = [(insight.tone_of(r), r.rating) for r in c.reviews]
    by_text = [(tone, rating) for (tone, text), rating in judged if text]
    expected = {insight.Tone.POSITIVE: (4, 5), insight.Tone.NEUTRAL: (3,), insight.Tone.NEGATIVE: (1, 2)}
    agree = sum(rating in expected[tone] for tone, rating in by_text)
    polar = [(t, r) for t, r in by_text if r != 3]
    return {"reviews": len(judged), "judged by text": len(by_text),
            "agreement with the rating": agree / len(by_text),
            "agreement, 1-2 and 4-5 stars": sum(r in expected[t] for t, r in polar) / len(polar)}


def _table(figures: dict[str, float]) -> list[str]:
    return [f"| {k} | {v:.3f} |" if isinstance(v, float) else f"| {k} | {v} |" for k, v in figures.items()]


def main(params: Params = Params()) -> str:  # noqa: B008 - frozen, the default story
    began = time.perf_counter()
    community = build(params)
    names, results, facts = recommenders(community)
    lines = ["# Offline evaluation", "",
             "Made by `make eval` (`python -m eval.run`) from the synthetic community of `eval/community.py`",
             "(its docstring tells the story it draws from); the figures below are this file as it was last",
             "written. See [recommendations.md](recommendations.md) for what is measured and why.", "",
             "## Parameters", "", *(f"- {k}: {v}" for k, v in asdict(params).items()), "",
             "## Recommendations", "",
             f"Cut at {facts['cut']} (week {CUT_WEEK}); relevant: what a person registered for after the cut",
             f"among the {facts['open events']} events open then and starting within {TEST_WEEKS} weeks;"
             f" {facts['people tested']} people tested. The model learnt {facts['events learnt']} events and",
             f"{facts['people learnt']} people in {facts['fit seconds']} s.", "",
             "| method | precision@10 | recall@10 | nDCG@10 | coverage | diversity | ms/person |",
             "|---|---|---|---|---|---|---|"]
    for name in names:
        r = results[name]
        lines.append(f"| {name} | {r['precision@10']:.4f} | {r['recall@10']:.4f} | {r['nDCG@10']:.4f} | "
                     f"{r['coverage']:.3f} | {r['diversity']:.3f} | {r['ms per person']:.2f} |")
    hybrid, popular = results["hybrid (served)"], results["most popular"]
    lines += ["", f"Hybrid vs most popular: nDCG@10 x{hybrid['nDCG@10'] / popular['nDCG@10']:.2f} "
              f"({(hybrid['nDCG@10'] / popular['nDCG@10'] - 1) * 100:+.0f}%), catalogue coverage "
              f"x{hybrid['coverage'] / popular['coverage']:.1f} (goals: +30% and x3).", "",
              "## Turnout forecast", "", "| figure | value |", "|---|---|"]
    lines += _table(forecasts(community))
    lines += ["", "## Review sentiment", "", "| figure | value |", "|---|---|"]
    lines += _table(sentiment(community))
    lines += ["", f"Whole run: {time.perf_counter() - began:.0f} s.", ""]
    report = "\n".join(lines)
    REPORT.write_text(report)
    return report


if __name__ == "__main__":
    sys.stdout.write(main())
