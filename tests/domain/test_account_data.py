"""Export and deletion of an account (app/domain/account_data.py), on both stores (SQLite and the
Firestore emulator), with local sign-in over the store's own credentials."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain import account_data, accounts, events, registrations, reviews
from app.domain.errors import HasUpcomingEvents, Invalid, WrongCredentials
from app.domain.models import CONFIRMED, RegistrationStatus
from app.domain.taste import PersonTaste
from tests.conftest import fast_auth

HOLD = timedelta(minutes=30)
PASSWORD = "violet kettle harbour lamp"


def make(store, organizer_id, clock, **fields):
    values = {"title": "Show", "description": "", "ends_at": None, "timezone": "UTC", "location": "Hall",
              "price": 0, "currency": "KZT", **fields}
    return events.create_event(store, organizer_id, values, clock.now)


def person(store, auth, name, clock):
    return accounts.register_account(store, auth, email=f"{name}@example.com", password=PASSWORD,
                                     username=name, first_name=name.title(), last_name="T", now=clock.now)


def test_deletion_gives_back_what_is_to_come_keeps_the_past_and_frees_the_email(any_store, clock):
    auth = fast_auth(any_store)
    olga, ada, bob = (person(any_store, auth, n, clock) for n in ("olga", "ada", "bob"))
    past = make(any_store, olga.id, clock, capacity=5, starts_at=clock.now + timedelta(hours=1))
    coming = make(any_store, olga.id, clock, capacity=1, starts_at=clock.now + timedelta(days=7))
    went = registrations.register(any_store, ada.id, past.id, False, clock.now, HOLD)
    registrations.register(any_store, ada.id, coming.id, False, clock.now, HOLD)
    waiting = registrations.register(any_store, bob.id, coming.id, True, clock.now, HOLD)
    clock.advance(hours=2)
    reviews.create_review(any_store, ada.id, past.id, 4, "Fine", clock.now)
    exported = account_data.export(any_store, ada.id)
    assert {r.event_id for r in exported.registrations} == {past.id, coming.id}
    assert [r.comment for r in exported.reviews] == ["Fine"]

    with pytest.raises(Invalid):
        account_data.delete_account(any_store, auth, ada.id, "wrong", "10.0.0.1", clock.now, HOLD)
    with pytest.raises(HasUpcomingEvents):
        account_data.delete_account(any_store, auth, olga.id, PASSWORD, "10.0.0.1", clock.now, HOLD)
    any_store.run(lambda tx: tx.tastes.put_person(PersonTaste(ada.id, went={past.id: 2.0})))
    account_data.delete_account(any_store, auth, ada.id, PASSWORD, "10.0.0.1", clock.now, HOLD)

    assert any_store.read(lambda tx: tx.users.get(ada.id)) is None
    assert any_store.read(lambda tx: tx.tastes.person(ada.id)) is None  # the recommender forgot her
    with pytest.raises(WrongCredentials):
        auth.login("ada@example.com", PASSWORD)
    assert any_store.read(lambda tx: tx.registrations.get(went.id)).status == CONFIRMED  # the past stays
    promoted = any_store.read(lambda tx: tx.registrations.get(waiting.id))
    assert promoted.status == CONFIRMED  # the seat to come went to the waitlist
    assert any_store.read(lambda tx: tx.reviews.get(past.id, ada.id)).username == "a former member"
    again = person(any_store, auth, "ada", clock)
    assert again.id != ada.id
    assert any_store.read(lambda tx: tx.users.by_email("ada@example.com")).id == again.id
    assert RegistrationStatus.CANCELLED in {r.status for r in any_store.read(
        lambda tx: tx.registrations.of_user(ada.id, 10, None)).items}
