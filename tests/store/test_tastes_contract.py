"""The store contract of the recommender's records (app/domain/repositories.py, `Tastes`) and
the rebuild's bulk reads, on SQLite and on the Firestore emulator (whose `nearest` is a vector
search, `find_nearest`)."""

from __future__ import annotations

import math
from datetime import timedelta

from app.domain.ids import new_id
from app.domain.models import CONFIRMED, Registration, Review, User
from app.domain.taste import DIMENSIONS, ItemTaste, PersonTaste
from tests.support.records import T0, event, put


def unit(*head: float) -> list[float]:
    values = [*head, *([0.0] * (DIMENSIONS - len(head)))]
    norm = math.sqrt(sum(v * v for v in values))
    return [v / norm for v in values]


def item(event_id: str, vector: list[float], days: float = 3, **over) -> ItemTaste:
    return ItemTaste(event_id, "org", f"Event {event_id}", "music", ["jazz"], "almaty",
                     T0 + timedelta(days=days), vector, **over)


def test_items_people_and_popular_lists_read_back_as_written(any_store):
    a = item("a", unit(1), similar=["b"], co={"b": 2}, going=3, recent=1)
    any_store.run(lambda tx: tx.tastes.put_items([a, item("b", unit(0, 1))]))
    found = any_store.read(lambda tx: tx.tastes.items(["a", "b", "zz", "a"]))
    assert set(found) == {"a", "b"}
    assert found["a"].co == {"b": 2} and found["a"].going == 3 and found["a"].starts_at == a.starts_at
    assert all(math.isclose(x, y, abs_tol=1e-6) for x, y in zip(found["a"].vector, a.vector, strict=True))
    ada = PersonTaste("ada", went={"a": 1.0, "b": 2.0}, hidden=["c"], vector=unit(1), cities=["almaty"],
                      picks=["b"], built_at=T0)
    any_store.run(lambda tx: tx.tastes.put_person(ada))
    back = any_store.read(lambda tx: tx.tastes.person("ada"))
    assert back is not None and list(back.went) == ["a", "b"] and back.built_at == T0 and back.hidden == ["c"]
    assert [p.user_id for p in any_store.read(lambda tx: list(tx.tastes.every_person()))] == ["ada"]
    any_store.run(lambda tx: tx.tastes.forget_person("ada"))
    assert any_store.read(lambda tx: tx.tastes.person("ada")) is None
    any_store.run(lambda tx: tx.tastes.put_popular({"all": ["a", "b"], "city:almaty": ["b"]}))
    assert any_store.read(lambda tx: tx.tastes.popular()) == {"all": ["a", "b"], "city:almaty": ["b"]}


def test_nearest_finds_the_closest_content_first_and_never_the_item_itself(any_store):
    items = [item("x", unit(1, 0.1), similar=["y", "z"]), item("y", unit(1, 0.3)), item("z", unit(0.2, 1)),
             item("w", unit(0, 0, 1))]
    any_store.run(lambda tx: tx.tastes.put_items(items))
    assert any_store.read(lambda tx: tx.tastes.nearest(items[0], 2)) == ["y", "z"]


def test_old_items_are_dropped_a_batch_at_a_time(any_store):
    any_store.run(lambda tx: tx.tastes.put_items([item("old", unit(1), days=-400), item("new", unit(1))]))
    assert any_store.run(lambda tx: tx.tastes.drop_items(T0)) == 1
    assert set(any_store.read(lambda tx: tx.tastes.items(["old", "new"]))) == {"new"}


def test_the_rebuild_streams_events_registrations_reviews_and_people_since_a_time(any_store):
    ada = User(id=new_id(), email="ada@example.com", username="ada", first_name="Ada", last_name="T",
               created_at=T0, updated_at=T0)
    recent, old = event(days=-10), event(days=-500)
    put(any_store, ada, recent, old)
    for e in (recent, old):
        put(any_store, Registration(id=new_id(), event_id=e.id, user_id=ada.id, status=CONFIRMED,
                                    ticket_code=new_id(), created_at=T0, updated_at=T0, checked_in_at=T0))
    put(any_store, Review(id=new_id(), event_id=recent.id, user_id=ada.id, username="ada", rating=5,
                          comment="", created_at=T0))
    since = T0 - timedelta(days=365)
    assert [e.id for e in any_store.read(lambda tx: list(tx.tastes.events_since(since)))] == [recent.id]
    (seen,) = any_store.read(lambda tx: list(tx.tastes.attendance_since(since)))
    assert (seen.user_id, seen.event_id, seen.status, seen.checked_in) == (ada.id, recent.id, CONFIRMED, True)
    assert [r.rating for r in any_store.read(lambda tx: list(tx.tastes.ratings_since(since)))] == [5]
    assert [u.id for u in any_store.read(lambda tx: list(tx.tastes.people()))] == [ada.id]
    brief = any_store.read(lambda tx: tx.events.brief([recent.id, "nope", old.id]))
    assert set(brief) == {recent.id, old.id} and brief[recent.id].title == recent.title
