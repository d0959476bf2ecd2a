"""Records kept a few seconds in a process (app/store/recent.py)."""

from __future__ import annotations

from app.store.recent import Recent


def test_a_record_is_kept_until_its_time_is_up_and_the_oldest_go_first_when_full():
    now = [0.0]
    recent: Recent[int] = Recent(ttl=30, size=2, clock=lambda: now[0])
    recent.put({"a": 1, "b": 2})
    assert recent.get(["a", "b", "c"]) == ({"a": 1, "b": 2}, ["c"])
    recent.put({"c": 3})  # full: "a", the oldest, goes
    assert recent.get(["a", "c"]) == ({"c": 3}, ["a"])
    recent.drop(["c"])  # written through this process: read again
    assert recent.get(["c"]) == ({}, ["c"])
    now[0] = 31
    assert recent.get(["b"]) == ({}, ["b"])  # too old
