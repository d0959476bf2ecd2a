"""The store contract: what the domain relies on, whichever adapter is plugged in."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from app.domain.errors import Conflict, Invalid
from app.domain.ids import new_id
from app.domain.messages import new_message
from app.domain.models import (
    CONFIRMED,
    WAITLISTED,
    Credentials,
    Language,
    LoginAttempts,
    Notification,
    Payment,
    Registration,
    Review,
    User,
    Visibility,
    WindowCounter,
)
from app.domain.offers import Question, QuestionKind
from app.domain.repositories import EventQuery
from tests.support.records import T0, event, put

CANCELLED = "cancelled"  # a state of an event, a registration and a payment alike


def user(name: str, email: str | None = None) -> User:
    return User(id=new_id(), email=email or f"{name}@example.com", username=name, first_name=name,
                last_name="T", created_at=T0, updated_at=T0)


def registration(event_id: str, user_id: str, status: str = CONFIRMED, seconds: float = 0) -> Registration:
    when = T0 + timedelta(seconds=seconds)
    return Registration(id=new_id(), event_id=event_id, user_id=user_id, status=status,
                        ticket_code=new_id(), created_at=when, updated_at=when)


def all_pages(fetch, limit=2):
    items, cursor, pages = [], None, 0
    while True:
        page = fetch(limit, cursor)
        items += page.items
        pages += 1
        if page.next_cursor is None:
            return items, pages
        cursor = page.next_cursor


# users
def test_user_round_trip_and_update(any_store):
    ada = user("ada")
    put(any_store, ada)
    assert any_store.read(lambda tx: tx.users.get(ada.id)) == ada
    ada.first_name, ada.language = "Augusta", Language.KK
    any_store.run(lambda tx: tx.users.update(ada))
    stored = any_store.read(lambda tx: tx.users.get(ada.id))
    assert stored.first_name == "Augusta" and stored.language is Language.KK  # an enum again, not text
    assert any_store.read(lambda tx: tx.users.get("missing")) is None


def test_a_user_is_found_by_email_and_deleted_with_their_credentials(any_store):
    ada = user("ada")
    ada.email_verified, ada.mail_reminders = True, False  # flags come back as flags
    any_store.run(lambda tx: (tx.users.add_credentials(Credentials(ada.id, ada.email, "hash")),
                              tx.users.add(ada)))
    assert any_store.read(lambda tx: tx.users.by_email("ADA@example.com")) == ada
    assert any_store.read(lambda tx: tx.users.by_email("nobody@example.com")) is None
    any_store.run(lambda tx: tx.users.delete(ada.id))
    assert any_store.read(lambda tx: tx.users.get(ada.id)) is None
    assert any_store.read(lambda tx: tx.users.by_email(ada.email)) is None
    assert any_store.credentials.find(ada.email) is None
    again = user("ada")  # the email, the username and the sign-in email are free again
    any_store.run(lambda tx: (tx.users.add_credentials(Credentials(again.id, again.email, "h")),
                              tx.users.add(again)))
    assert any_store.read(lambda tx: tx.users.by_email("ada@example.com")).id == again.id


def test_a_new_email_moves_the_sign_in_email_and_frees_the_old_one(any_store):
    ada, bob = user("ada"), user("bob")
    for person in (ada, bob):
        any_store.run(lambda tx, p=person: (tx.users.add_credentials(Credentials(p.id, p.email, "hash")),
                                            tx.users.add(p)))
    ada.email = "ada@new.example.com"
    any_store.run(lambda tx: tx.users.update(ada))
    assert any_store.read(lambda tx: tx.users.by_email("ADA@new.example.com")).id == ada.id
    assert any_store.read(lambda tx: tx.users.by_email("ada@example.com")) is None
    assert any_store.credentials.find("ada@new.example.com").user_id == ada.id
    assert any_store.credentials.find("ada@example.com") is None
    bob.email = "Ada@New.example.com"
    with pytest.raises(Conflict) as clash:
        any_store.run(lambda tx: tx.users.update(bob))
    assert clash.value.code == "email_taken"
    put(any_store, user("ada2", email="ada@example.com"))  # the old one is free


def test_email_and_username_are_unique_case_insensitively(any_store):
    put(any_store, user("ada"))
    with pytest.raises(Conflict) as clash:
        put(any_store, user("ada2", email="ADA@example.com"))
    assert clash.value.code == "email_taken"
    with pytest.raises(Conflict) as clash:
        put(any_store, user("ADA", email="other@example.com"))
    assert clash.value.code == "username_taken"
    bob = user("bob")
    put(any_store, bob)
    bob.username = "Ada"
    with pytest.raises(Conflict) as clash:
        any_store.run(lambda tx: tx.users.update(bob))
    assert clash.value.code == "username_taken"


def test_a_failed_transaction_writes_nothing(any_store):
    ada = user("ada")

    def apply(tx):
        tx.users.add(ada)
        tx.emit(new_message("user.registered", ada.id, T0))
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        any_store.run(apply)
    assert any_store.read(lambda tx: tx.users.get(ada.id)) is None
    assert any_store.outbox.claim(T0, 30, 10) == []


# events
def test_event_round_trip(any_store):
    e = event(ends_at=T0 + timedelta(days=1, hours=2), description="d", location="here")
    put(any_store, e)
    assert any_store.read(lambda tx: tx.events.get(e.id)) == e
    e.confirmed_count, e.capacity = 3, 5
    any_store.run(lambda tx: tx.events.update(e))
    assert any_store.read(lambda tx: tx.events.get(e.id)) == e


def test_list_events_order_filters_and_pages(any_store):
    a = event("alice", days=3, title="Rust 100%", location="Almaty, Abay 10")
    b = event("alice", days=1, title="Cooking", description="no rust here")
    c = event("bob", days=2, title="Jazz", location="ALMATY")
    d = event("bob", days=2, title="Jazz too")  # same start as c: id breaks the tie
    gone = event("alice", days=2, status=CANCELLED)
    old = event("alice", days=-1)
    put(any_store, a, b, c, d, gone, old)

    def ids(**query):
        q = EventQuery(starts_from=T0, **query)
        items, _ = all_pages(lambda limit, cursor: any_store.read(
            lambda tx: tx.events.search(EventQuery(**{**q.__dict__, "limit": limit, "cursor": cursor}))))
        return [e.id for e in items]

    same_day = sorted([c, d], key=lambda e: e.id)
    assert ids() == [b.id, *[e.id for e in same_day], a.id]
    assert ids(text="RUST") == [b.id, a.id]
    assert ids(text="100%") == [a.id]
    assert ids(location="almaty") == [*[e.id for e in same_day if e is c], a.id]
    assert ids(organizer_id="bob") == [e.id for e in same_day]
    assert ids(exclude_organizer_id="bob") == [b.id, a.id]
    assert ids(starts_to=T0 + timedelta(days=2)) == [b.id]


def test_a_person_is_found_by_username_whatever_its_case(any_store):
    olga = user("Olga_K")
    put(any_store, olga)
    assert any_store.read(lambda tx: tx.users.by_username("olga_k")).id == olga.id
    assert any_store.read(lambda tx: tx.users.by_username("OLGA_K")).id == olga.id
    assert any_store.read(lambda tx: tx.users.by_username("olga")) is None


def test_unlisted_events_are_found_only_when_asked_for(any_store):
    listed, hidden = event("alice", days=1), event("alice", days=2, visibility=Visibility.UNLISTED)
    put(any_store, listed, hidden)

    def ids(**query):
        page = any_store.read(lambda tx: tx.events.search(EventQuery(starts_from=T0, **query)))
        return [e.id for e in page.items]

    assert ids() == [listed.id]  # public_only is the default
    assert ids(organizer_id="alice") == [listed.id]
    assert ids(organizer_id="alice", public_only=False) == [listed.id, hidden.id]
    stored = any_store.read(lambda tx: tx.events.get(hidden.id))
    assert stored is not None and stored.visibility == Visibility.UNLISTED  # read back as its enum


def test_the_catalog_version_moves_with_whatever_readers_see_of_it(any_store):
    """Either the store cannot tell (None, always: nothing is then kept by version), or every
    change to an event, its seats or an organizer's name moves the version, and nothing else."""
    before = any_store.catalog_version()
    if before is None:
        assert any_store.catalog_version() is None
        return
    ada, e = user("ada"), event()
    put(any_store, ada)

    def take_a_seat(tx):
        seats = tx.events.seats(e.id)
        tx.registrations.add(seats.take(tx, registration(e.id, "u1"), T0, timedelta(minutes=30)))
        tx.events.put_seats(seats)

    steps = [lambda tx: tx.events.add(e),
             lambda tx: tx.events.update(replace(e, title="Renamed")),
             take_a_seat,
             lambda tx: tx.users.update(replace(ada, username="augusta"))]
    for step in steps:
        seen = any_store.catalog_version()
        any_store.run(step)
        assert any_store.catalog_version() != seen
    seen = any_store.catalog_version()
    any_store.run(lambda tx: tx.users.update(replace(ada, username="augusta", first_name="Augusta")))
    assert any_store.catalog_version() == seen  # a private field: readers see no change


def test_bad_cursor_is_invalid(any_store):
    with pytest.raises(Invalid):
        any_store.read(lambda tx: tx.events.search(EventQuery(starts_from=T0, cursor="garbage")))


# registrations
def test_one_active_registration_per_person_and_event(any_store):
    e = event()
    put(any_store, e)
    first = registration(e.id, "u1")
    put(any_store, first)
    with pytest.raises(Conflict) as clash:
        put(any_store, registration(e.id, "u1", WAITLISTED))
    assert clash.value.code == "already_registered"
    first.status = CANCELLED
    any_store.run(lambda tx: tx.registrations.update(first))
    again = registration(e.id, "u1")
    put(any_store, again)
    assert any_store.read(lambda tx: tx.registrations.active_of(e.id, "u1")) == again
    assert any_store.read(lambda tx: tx.registrations.get(first.id)).status == CANCELLED


def test_registration_lookups(any_store):
    e, other = event(), event()
    put(any_store, e, other)
    regs = [registration(e.id, "u0", CONFIRMED, 0), registration(e.id, "u1", WAITLISTED, 2),
            registration(e.id, "u2", WAITLISTED, 1), registration(e.id, "u3", CANCELLED, 3),
            registration(other.id, "u0", WAITLISTED, 0)]
    put(any_store, *regs)
    assert any_store.read(lambda tx: tx.registrations.by_ticket(e.id, regs[1].ticket_code)) == regs[1]
    assert any_store.read(lambda tx: tx.registrations.by_ticket(other.id, regs[1].ticket_code)) is None
    waiting = any_store.read(lambda tx: tx.registrations.first_waitlisted(e.id, 5))
    assert [r.user_id for r in waiting] == ["u2", "u1"]  # longest waiting first
    first = any_store.read(lambda tx: tx.registrations.first_waitlisted(e.id, 1))
    assert [r.user_id for r in first] == ["u2"]
    active = any_store.read(lambda tx: tx.registrations.active(e.id))
    assert sorted(r.user_id for r in active) == ["u0", "u1", "u2"]
    items, pages = all_pages(lambda limit, cursor: any_store.read(
        lambda tx: tx.registrations.of_event(e.id, limit, cursor)))
    assert [r.user_id for r in items] == ["u0", "u2", "u1", "u3"] and pages == 2
    mine, _ = all_pages(lambda limit, cursor: any_store.read(
        lambda tx: tx.registrations.of_user("u0", limit, cursor)), limit=1)
    assert {r.event_id for r in mine} == {e.id, other.id} and len(mine) == 2


def test_user_registrations_newest_first(any_store):
    events = [event() for _ in range(5)]
    put(any_store, *events)
    put(any_store, *[registration(ev.id, "me", seconds=i) for i, ev in enumerate(events)])
    items, pages = all_pages(lambda limit, cursor: any_store.read(
        lambda tx: tx.registrations.of_user("me", limit, cursor)))
    assert [r.event_id for r in items] == [ev.id for ev in reversed(events)] and pages == 3


# reviews
def test_one_review_per_person_and_event_newest_first(any_store):
    e = event()
    put(any_store, e)
    reviews = [Review(id=new_id(), event_id=e.id, user_id=f"u{i}", username=f"u{i}", rating=i + 1,
                      comment="", created_at=T0 + timedelta(minutes=i)) for i in range(3)]
    put(any_store, *reviews)
    with pytest.raises(Conflict) as clash:
        put(any_store, Review(id=new_id(), event_id=e.id, user_id="u1", username="u1", rating=5,
                              comment="again", created_at=T0))
    assert clash.value.code == "already_reviewed"
    assert any_store.read(lambda tx: tx.reviews.get(e.id, "u2")) == reviews[2]
    items, _ = all_pages(lambda limit, cursor: any_store.read(
        lambda tx: tx.reviews.of_event(e.id, limit, cursor)))
    assert [r.user_id for r in items] == ["u2", "u1", "u0"]
    any_store.run(lambda tx: tx.reviews.sign_as(e.id, "u1", "a former member"))  # its author left
    assert [r.username for r in any_store.read(lambda tx: tx.reviews.of_event(e.id, 5, None)).items] == [
        "u2", "a former member", "u0"]


# outbox
def test_outbox_claim_lease_retry_and_complete(any_store):
    messages = [new_message("event.created", "a", T0 - timedelta(seconds=3 - i), n=i) for i in range(3)]
    any_store.run(lambda tx: [tx.emit(m) for m in messages])
    claimed = any_store.outbox.claim(T0, lease_seconds=30, limit=10)
    assert [c.message for c in claimed] == messages and {c.attempts for c in claimed} == {1}
    # Claimed messages are leased: nobody else gets them until the lease ends.
    assert any_store.outbox.claim(T0 + timedelta(seconds=10), 30, 10) == []
    any_store.outbox.complete([messages[0].id])
    any_store.outbox.release(messages[1].id, retry_at=T0 + timedelta(seconds=5), error="HTTP 503")
    again = any_store.outbox.claim(T0 + timedelta(seconds=6), 30, 10)
    assert [(c.message.id, c.attempts) for c in again] == [(messages[1].id, 2)]
    # A claim that died (never completed nor released) is taken over after its lease.
    late = any_store.outbox.claim(T0 + timedelta(seconds=31), 30, 10)
    assert [c.message.id for c in late] == [messages[2].id]


@pytest.mark.parametrize("when", [datetime(2001, 2, 3, tzinfo=UTC), datetime(2090, 4, 5, tzinfo=UTC)],
                         ids=["past", "future"])
def test_outbox_is_due_on_the_callers_clock_whatever_the_date(any_store, when):
    """The relay's clock decides what is due, never the machine's or the server's clock."""
    message = new_message("event.created", "a", when)
    any_store.run(lambda tx: tx.emit(message))
    assert any_store.outbox.claim(when - timedelta(seconds=1), 30, 10) == []
    assert [c.message for c in any_store.outbox.claim(when, 30, 10)] == [message]


# sign-in attempts
def test_login_attempts_round_trip(any_store):
    record = LoginAttempts(key="account:abc", attempts=2, window_start=T0)
    any_store.run(lambda tx: tx.sign_in_attempts.put(record))
    assert any_store.read(lambda tx: tx.sign_in_attempts.get("account:abc")) == record
    record.attempts = 3
    any_store.run(lambda tx: tx.sign_in_attempts.put(record))
    assert any_store.read(lambda tx: tx.sign_in_attempts.get("account:abc")).attempts == 3
    any_store.run(lambda tx: tx.sign_in_attempts.delete("account:abc"))
    assert any_store.read(lambda tx: tx.sign_in_attempts.get("account:abc")) is None


# counters of limits and quotas
def test_counters_round_trip_and_count_once_under_parallel_use(any_store):
    from concurrent.futures import ThreadPoolExecutor

    from app.domain import quotas
    from app.domain.errors import TooManyAttempts

    counter = WindowCounter(key="quota:x:ada", count=2, expires_at=T0 + timedelta(minutes=5))
    any_store.run(lambda tx: tx.counters.put(counter))
    assert any_store.read(lambda tx: tx.counters.get("quota:x:ada")) == counter
    assert any_store.read(lambda tx: tx.counters.get("quota:x:bob")) is None
    quota = quotas.Quota("race", 5, timedelta(minutes=10), "tries")

    def take(_: int) -> bool:
        try:
            any_store.run(lambda tx: quotas.take(tx, quota, "ada", T0))
            return True
        except TooManyAttempts:
            return False

    with ThreadPoolExecutor(8) as pool:
        taken = list(pool.map(take, range(20)))
    assert taken.count(True) == 5  # never a sixth, however the transactions interleave


# event payments (what cancelling an event refunds)
def test_event_payments_by_status(any_store):
    sold = event(price=100)
    put(any_store, sold)
    for n, status in enumerate(("open", "paid", "paid", "refunded")):
        any_store.run(lambda tx, n=n, status=status: tx.payments.put(Payment(
            id=f"p{n}", event_id=sold.id, user_id=f"u{n}", amount=100, currency="KZT",
            status=status, expires_at=T0, created_at=T0 + timedelta(seconds=n), updated_at=T0)))
    found = any_store.read(lambda tx: tx.payments.of_event(sold.id, ("open", "paid")))
    assert [p.id for p in found] == ["p0", "p1", "p2"]
    assert any_store.read(lambda tx: tx.payments.of_event("other", ("paid",))) == []


# credentials
def test_credentials(any_store):
    any_store.run(lambda tx: tx.users.add_credentials(Credentials("u1", "Ada@Example.com", "hash1")))
    with pytest.raises(Conflict) as clash:
        any_store.run(lambda tx: tx.users.add_credentials(Credentials("u2", "ada@example.COM", "hash2")))
    assert clash.value.code == "email_taken"
    assert any_store.credentials.find("ADA@example.com").user_id == "u1"
    any_store.credentials.set_password_hash("u1", "hash3")
    assert any_store.credentials.find("ada@example.com").password_hash == "hash3"
    any_store.credentials.delete("u1")
    assert any_store.credentials.find("ada@example.com") is None


def test_stream_positions_resume_or_start_from_now(any_store):
    notes = [Notification(id=f"n{i}", user_id="u1", kind="welcome", message=str(i), event_id=None,
                          created_at=T0) for i in range(3)]
    for note in notes:
        any_store.run(lambda tx, note=note: tx.notifications.add(note))
    read = any_store.read
    newest = read(lambda tx: tx.notifications.stream_position("u1", None))
    assert read(lambda tx: tx.notifications.after("u1", newest, 10)) == []
    everything = read(lambda tx: tx.notifications.after("u1", "0", 10))
    assert [n.id for _, n in everything] == ["n0", "n1", "n2"]
    first = everything[0][0]
    assert read(lambda tx: tx.notifications.stream_position("u1", first)) == first  # ours: resumed
    assert read(lambda tx: tx.notifications.stream_position("u1", "0")) == "0"
    for garbage in ["9" * 60, "१२३", "x|y", "2026-01-01|a/b", "", newest + "0"]:
        assert read(lambda tx, g=garbage: tx.notifications.stream_position("u1", g)) == newest, garbage
    assert read(lambda tx: tx.notifications.stream_position("u2", first)) == "0"  # not handed out to u2
    # of everyone: what each worker's live hub reads (its positions need not be a person's)
    before = read(lambda tx: tx.notifications.stream_position(None, None))
    other = Notification(id="m0", user_id="u2", kind="welcome", message="x", event_id=None, created_at=T0)
    any_store.run(lambda tx: tx.notifications.add(other))
    assert [n.id for _, n in read(lambda tx: tx.notifications.after(None, before, 10))] == ["m0"]
    assert [n.id for _, n in read(lambda tx: tx.notifications.after(None, "0", 2))] == ["n0", "n1"]
    latest = read(lambda tx: tx.notifications.stream_position(None, None))
    assert read(lambda tx: tx.notifications.after(None, latest, 10)) == []


def test_live_streams_are_counted_per_person_until_they_end(any_store):
    soon, later = T0 + timedelta(seconds=30), T0 + timedelta(seconds=60)
    any_store.run(lambda tx: tx.live_streams.open("s1", "u1", soon))
    any_store.run(lambda tx: tx.live_streams.open("s2", "u1", later))
    any_store.run(lambda tx: tx.live_streams.open("s3", "u2", later))
    assert any_store.run(lambda tx: tx.live_streams.count_open("u1", T0)) == 2
    assert any_store.run(lambda tx: tx.live_streams.count_open("u1", soon)) == 1  # s1 ended without closing
    any_store.run(lambda tx: tx.live_streams.close("s2"))
    assert any_store.run(lambda tx: tx.live_streams.count_open("u1", T0)) == 0  # s1 was forgotten, s2 closed
    assert any_store.run(lambda tx: tx.live_streams.count_open("u2", T0)) == 1


def test_an_organizers_past_and_cancelled_events_come_most_recent_first(any_store):
    mine = [event(organizer_id="olga", starts_at=T0 + timedelta(days=d)) for d in (-3, -2, -1, 1, 2)]
    mine[1].status = "cancelled"
    mine[3].status = "cancelled"
    put(any_store, *mine, event(organizer_id="other", starts_at=T0 - timedelta(days=1)))

    def listed(**fields):
        query = EventQuery(organizer_id="olga", public_only=False, limit=2, **fields)
        items, _ = all_pages(lambda limit, cursor: any_store.read(
            lambda tx: tx.events.search(replace(query, limit=limit, cursor=cursor))))
        return [e.id for e in items]

    epoch = T0 - timedelta(days=365)
    assert listed(starts_from=epoch, starts_to=T0, latest_first=True) == [mine[2].id, mine[0].id]
    assert listed(starts_from=epoch, status="cancelled", latest_first=True) == [mine[3].id, mine[1].id]
    assert listed(starts_from=T0) == [mine[4].id]


def test_events_are_searched_by_category_and_tag(any_store):
    jazz = event(starts_at=T0 + timedelta(days=1), category="music", tags=["jazz", "вечер"])
    rock = event(starts_at=T0 + timedelta(days=2), category="music", tags=["rock"])
    talk = event(starts_at=T0 + timedelta(days=3), category="tech", tags=["jazz"])
    put(any_store, jazz, rock, talk)

    def found(**fields):
        page = any_store.read(lambda tx: tx.events.search(EventQuery(starts_from=T0, **fields)))
        return [e.id for e in page.items]

    assert found(category="music") == [jazz.id, rock.id]
    assert found(tag="jazz") == [jazz.id, talk.id] and found(tag="вечер") == [jazz.id]
    assert found(category="music", tag="jazz") == [jazz.id]
    assert any_store.read(lambda tx: tx.events.get(jazz.id)).tags == ["jazz", "вечер"]


def test_an_events_questions_come_in_their_order_and_go(any_store):
    evt, other = event(), event()
    put(any_store, evt, other)
    asked = [Question(id=f"q{n}", event_id=evt.id, position=p, label=f"Q{n}", kind=QuestionKind.SHORT_TEXT,
                      created_at=T0) for n, p in ((1, 2), (2, 0), (3, 1))]
    any_store.run(lambda tx: [tx.questions.put(q) for q in asked])
    assert [q.id for q in any_store.read(lambda tx: tx.questions.of_event(evt.id))] == ["q2", "q3", "q1"]
    any_store.run(lambda tx: tx.questions.delete(evt.id, "q3"))
    assert [q.label for q in any_store.read(lambda tx: tx.questions.of_event(evt.id))] == ["Q2", "Q1"]
    assert any_store.read(lambda tx: tx.questions.of_event(other.id)) == []
