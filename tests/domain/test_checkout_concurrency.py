"""The paid-ticket rush (app/domain/checkout.py) under real concurrency, on every store adapter:
300 buyers for 100 seats, each payment succeeding (its notice delivered twice), declined, or never
arriving; some arrive after their hold was released. Holds expire and the sweeper runs while
notices and late payments race it; the waitlist is promoted into new holds, round after round."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import UTC, datetime, timedelta

from app.domain import checkout, events
from app.domain import messages as m
from app.domain.models import (
    CONFIRMED,
    EXPIRED,
    FAILED,
    PAID,
    PENDING_PAYMENT,
    REFUND_PENDING,
    REFUNDED,
)
from app.domain.ports import PaymentNotice
from app.payment_providers.test_provider import TestProvider
from tests.conftest import HOLD
from tests.support.checkout import refund_request
from tests.support.races import race

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
PRICE = 2_500
FATES = ("pay", "decline", "abandon", "pay_late")


def _notice(payment_id: str, outcome: str) -> PaymentNotice:
    return PaymentNotice(notice_id=f"evt_{payment_id}_{outcome}", payment_id=payment_id,
                         outcome=outcome, checkout_id=f"cs_test_{payment_id}", amount=PRICE,
                         currency="EUR", provider_payment_id=f"pi_{payment_id}")


def _promotions(store) -> Counter:
    if hasattr(store, "db") and hasattr(store.db, "read"):  # SQLite
        bodies = store.db.read(lambda c: [r[0] for r in c.execute(
            "SELECT body FROM outbox WHERE type = ?", (m.REGISTRATION_PROMOTED,))])
    else:
        from google.cloud.firestore_v1.base_query import FieldFilter

        bodies = [d.get("body") for d in store.db.collection("outbox")
                  .where(filter=FieldFilter("type", "==", m.REGISTRATION_PROMOTED)).stream()]
    return Counter(json.loads(b)["data"]["registration_id"] for b in bodies)


def test_300_buyers_for_100_seats_pay_decline_abandon_or_pay_late(any_store):
    store = any_store
    fields = dict(title="Rush", description="", starts_at=NOW + timedelta(days=1), ends_at=None,
                  timezone="UTC", location="", capacity=100, price=PRICE, currency="EUR")
    event_id = events.create_event(store, "organizer", fields, NOW).id
    provider = TestProvider("race-test-signing-secret-0123456789", lambda: NOW)
    fate = {f"buyer{i}": random.Random(i).choice(FATES) for i in range(300)}
    acted: set[str] = set()
    late_payers: set[str] = set()

    def act(registration_id: str, user_id: str, now: datetime) -> None:
        acted.add(registration_id)
        if fate[user_id] == "pay":
            checkout.settle(store, _notice(registration_id, PAID), now, hold_for=HOLD)
            checkout.settle(store, _notice(registration_id, PAID), now, hold_for=HOLD)  # delivered twice
        elif fate[user_id] == "decline":
            checkout.settle(store, _notice(registration_id, FAILED), now, hold_for=HOLD)
        elif fate[user_id] == "pay_late":
            late_payers.add(registration_id)

    def buy(i: int) -> None:
        registration, _ = checkout.buy(store, provider, f"buyer{i}", event_id, True, NOW, "http://t/",
                                       hold_for=HOLD)
        if registration.status == PENDING_PAYMENT:
            act(registration.id, registration.user_id, NOW)

    race(300, buy)
    now = NOW
    for _ in range(12):  # rounds: holds expire, the waitlist gets new holds
        now += timedelta(minutes=31)
        registrations = store.read(lambda tx: tx.registrations.of_event(event_id, 1000, None)).items
        pending = [r for r in registrations if r.status == PENDING_PAYMENT and r.id not in acted]
        late = sorted(late_payers)
        late_payers.clear()
        work = ([lambda at=now: checkout.release_expired(store, at, hold_for=HOLD)] * 4
                + [lambda r=r, at=now: act(r.id, r.user_id, at) for r in pending]
                + [lambda p=p, at=now: checkout.settle(store, _notice(p, PAID), at + timedelta(minutes=1),
                                                       hold_for=HOLD)
                   for p in late])
        race(len(work), lambda k, work=work: work[k]())
        while checkout.release_expired(store, now + timedelta(minutes=31), hold_for=HOLD):
            pass
        still = store.read(lambda tx: tx.registrations.of_event(event_id, 1000, None)).items
        if not any(r.status == PENDING_PAYMENT for r in still) and not late_payers:
            break

    registrations = store.read(lambda tx: tx.registrations.of_event(event_id, 1000, None)).items
    payments = {r.id: store.read(lambda tx, r=r: tx.payments.get(r.id)) for r in registrations}
    for p in payments.values():  # what the payments subscription does with each refund request
        if p is not None and p.status == REFUND_PENDING:
            assert checkout.carry_out(store, provider, refund_request(p), now)
    payments = {r.id: store.read(lambda tx, r=r: tx.payments.get(r.id)) for r in registrations}
    event = events.get_event(store, event_id)
    confirmed = {r.id for r in registrations if r.status == CONFIRMED}
    statuses = Counter(r.status for r in registrations)
    # exactly the paid tickets are confirmed, never more than capacity, no hold left
    assert confirmed == {pid for pid, p in payments.items() if p is not None and p.status == PAID}
    assert len(confirmed) == event.confirmed_count <= 100
    assert event.held_count == 0 and statuses[PENDING_PAYMENT] == 0
    # every payment that arrived without a seat was refunded; the figures agree
    refunded = [p for p in payments.values() if p is not None and p.status == REFUNDED]
    assert event.paid_count == len(confirmed) + len(refunded)
    assert event.paid_amount - event.refunded_amount == PRICE * len(confirmed)
    assert all(p.status in (PAID, REFUNDED, FAILED, EXPIRED) for p in payments.values() if p)
    # the waitlist: nobody waits while a seat is free, and each promotion happened once
    assert event.waitlist_count == statuses["waitlisted"]
    assert event.waitlist_count == 0 or event.seats_left == 0
    promotions = _promotions(store)
    assert promotions and set(promotions.values()) == {1}
    print(f"paid rush: {len(confirmed)} confirmed, {len(refunded)} refunded, "
          f"{sum(promotions.values())} promotions, {statuses}")
    assert len(confirmed) > 50 and refunded  # the fates really mixed
