"""Answers kept per worker while exact (app/infra/answers.py): by the store's catalog version
and the next change by time alone, never by age."""

from __future__ import annotations

from datetime import timedelta

from app.infra.answers import Built, SharedAnswers
from tests.support.records import T0


class Builder:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, until=None):
        def build() -> Built:
            self.calls += 1
            return Built(f"answer {self.calls}".encode(), until)

        return build


def test_an_answer_is_kept_while_the_version_stays_and_rebuilt_after_it_moves():
    answers, build = SharedAnswers(), Builder()
    first = answers.answer("k", "1", T0, build())
    assert answers.answer("k", "1", T0 + timedelta(days=300), build()) == first  # no age limit
    assert build.calls == 1 and (answers.hits, answers.misses) == (1, 1)
    moved = answers.answer("k", "2", T0, build())
    assert moved.body == b"answer 2" and moved.etag != first.etag
    assert answers.answer("k", "1", T0, build()).body == b"answer 3"  # an older version is not kept


def test_an_answer_goes_when_the_clock_reaches_its_next_change():
    answers, build = SharedAnswers(), Builder()
    starts = T0 + timedelta(hours=1)
    answers.answer("k", "1", T0, build(until=starts))
    assert answers.answer("k", "1", starts - timedelta(microseconds=1), build()).body == b"answer 1"
    assert answers.answer("k", "1", starts, build()).body == b"answer 2"
    # a clock behind the moment it was built (another worker's, a test's) does not trust it
    assert answers.answer("k", "1", starts - timedelta(hours=2), build()).body == b"answer 3"


def test_a_store_without_a_version_builds_every_time():
    answers, build = SharedAnswers(), Builder()
    assert [answers.answer("k", None, T0, build()).body for _ in range(3)] == [
        b"answer 1", b"answer 2", b"answer 3"]


def test_keys_are_apart_and_the_least_recently_used_goes_first():
    answers, build = SharedAnswers(entries=2), Builder()
    answers.answer("a", "1", T0, build())
    answers.answer("b", "1", T0, build())
    answers.answer("a", "1", T0, build())  # a is used again: b is now the oldest
    answers.answer("c", "1", T0, build())
    assert answers.answer("a", "1", T0, build()).body == b"answer 1"
    assert answers.answer("b", "1", T0, build()).body == b"answer 4"  # b was dropped
    assert build.calls == 4
