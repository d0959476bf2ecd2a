"""The offline evaluation (eval/) on a small community: it is made the same way every time from
its seed, and every method and figure it reports can be computed."""

from __future__ import annotations

from eval import run
from eval.community import Params, build

SMALL = Params(people=400, organizers=40, events=400)


def test_the_community_is_the_same_from_the_same_seed_and_differs_with_another():
    one, again, other = build(SMALL), build(SMALL), build(Params(**{**SMALL.__dict__, "seed": 1}))
    assert [a.event_id for a in one.attendance] == [a.event_id for a in again.attendance]
    assert [a.event_id for a in one.attendance] != [a.event_id for a in other.attendance]
    assert len(one.events) == 400 and one.reviews and all(1 <= r.rating <= 5 for r in one.reviews)


def test_ndcg_rewards_a_hit_at_the_top_more_than_lower_down():
    assert run.ndcg(["a", "b"], {"a"}) == 1.0
    assert 0 < run.ndcg(["b", "a"], {"a"}) < 1.0
    assert run.ndcg(["b"], {"a"}) == 0.0 and run.ndcg(["a"], set()) == 0.0


def test_every_method_and_figure_is_measured():
    community = build(SMALL)
    names, results, facts = run.recommenders(community)
    assert names == ["random", "most popular", "content only", "collaborative only", "hybrid (served)"]
    for figures in results.values():
        assert 0 <= figures["precision@10"] <= 1 and 0 <= figures["nDCG@10"] <= 1
        assert 0 < figures["coverage"] <= 1
    assert results["random"]["coverage"] > results["most popular"]["coverage"]
    assert facts["people tested"] > 0
    forecast = run.forecasts(community)
    assert forecast["events held out"] > 0 and 0 <= forecast["80% interval coverage"] <= 1
    assert 0.5 < run.sentiment(community)["agreement, 1-2 and 4-5 stars"] <= 1
