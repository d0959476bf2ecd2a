"""Buying a ticket (app/domain/checkout.py) on the test provider: holds, the provider's notices
in any order and number, the sweeper, late payments, refunds by policy."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from app.domain import checkout, events, registrations
from app.domain import messages as m
from app.domain.errors import CapacityBelowConfirmed, PaymentClosed, Unavailable
from app.domain.message_data import parse
from app.domain.messages import message_from_body
from app.domain.models import (
    CONFIRMED,
    EXPIRED,
    FAILED,
    OPEN,
    PAID,
    PENDING_PAYMENT,
    REFUND_PENDING,
    REFUNDED,
    WAITLISTED,
)
from app.payment_providers.test_provider import TestProvider
from tests.conftest import HOLD
from tests.support.checkout import SITE, notice, payment, registration

CANCELLED = "cancelled"  # a state of an event, a registration and a payment alike


@pytest.fixture
def paid_event(make_event):
    return lambda **fields: make_event(**{"price": 150_000, "capacity": 1, **fields})


def outbox_types(store) -> list[str]:
    return store.db.read(lambda c: [r[0] for r in c.execute("SELECT type FROM outbox ORDER BY rowid")])


def refund_everything(store, provider, clock) -> int:
    """What the payments subscription does with each refund request: once."""
    done = 0
    for message in _outbox(store, m.PAYMENT_REFUND_REQUESTED):
        done += checkout.carry_out(store, provider, parse(message), clock.now)
    return done


def _outbox(store, message_type: str):
    return [message_from_body(json.loads(body)) for (body,) in store.db.read(lambda c: c.execute(
        "SELECT body FROM outbox WHERE type = ? ORDER BY rowid", (message_type,)).fetchall())]


def test_a_paid_seat_is_held_with_a_checkout_and_counts_against_capacity(store, clock, provider,
                                                                         paid_event):
    event = paid_event()
    held, opened = checkout.buy(store, provider, "ann", event.id, False, clock.now, SITE, hold_for=HOLD)
    assert held.status == PENDING_PAYMENT and held.hold_expires_at == clock.now + timedelta(minutes=30)
    assert opened is not None and opened.status == OPEN and opened.amount == 150_000
    assert opened.checkout_url.startswith("http://app.test/payments/test-checkout/")
    assert provider.checkout(opened.checkout_url.rsplit("/", 1)[1]).success_url == \
        f"http://app.test/tickets/{held.id}?checkout=success"
    after = events.get_event(store, event.id)
    assert (after.held_count, after.confirmed_count, after.seats_left) == (1, 0, 0)
    with pytest.raises(CapacityBelowConfirmed):  # a hold is a taken seat
        events.update_event(store, "olga", event.id, {"capacity": 0}, clock.now, hold_for=HOLD)
    second, _ = checkout.buy(store, provider, "ben", event.id, True, clock.now, SITE, hold_for=HOLD)
    assert second.status == WAITLISTED
    assert m.REGISTRATION_HELD in outbox_types(store)


def test_paid_in_time_confirms_once_whatever_the_notices_do(store, clock, provider, paid_event):
    event = paid_event()
    held, _ = checkout.buy(store, provider, "ann", event.id, False, clock.now, SITE, hold_for=HOLD)
    for outcome in (PAID, PAID, EXPIRED, FAILED, PAID):  # duplicated, and late contradictions
        checkout.settle(store, notice(held.id, outcome), clock.now, hold_for=HOLD)
    assert registration(store, held.id).status == CONFIRMED
    assert payment(store, held.id).status == PAID
    after = events.get_event(store, event.id)
    assert (after.confirmed_count, after.held_count, after.paid_count, after.paid_amount) == \
        (1, 0, 1, 150_000)
    assert outbox_types(store).count(m.PAYMENT_PAID) == 1


def test_a_declined_payment_releases_the_seat_to_the_waitlist_once(store, clock, provider, paid_event):
    event = paid_event()
    held, _ = checkout.buy(store, provider, "ann", event.id, False, clock.now, SITE, hold_for=HOLD)
    waiting, _ = checkout.buy(store, provider, "ben", event.id, True, clock.now, SITE, hold_for=HOLD)
    answers = [checkout.settle(store, notice(held.id, FAILED), clock.now, hold_for=HOLD) for _ in range(3)]
    # what settle says is what it stored; only the first notice changed anything
    assert [(a.payment.status, a.changed) for a in answers if a] == [(FAILED, True), (FAILED, False),
                                                                   (FAILED, False)]
    assert registration(store, held.id).status == CANCELLED
    assert payment(store, held.id).status == FAILED
    promoted = registration(store, waiting.id)
    assert promoted.status == PENDING_PAYMENT  # a paid seat is offered as a hold, not for free
    assert payment(store, waiting.id).status == OPEN
    assert outbox_types(store).count(m.REGISTRATION_PROMOTED) == 1
    assert events.get_event(store, event.id).held_count == 1


def test_the_sweeper_releases_expired_holds_once_and_a_late_payment_takes_a_free_seat(
        store, clock, provider, paid_event):
    event = paid_event(capacity=2)
    first, _ = checkout.buy(store, provider, "ann", event.id, False, clock.now, SITE, hold_for=HOLD)
    clock.advance(minutes=10)
    second, _ = checkout.buy(store, provider, "ben", event.id, False, clock.now, SITE, hold_for=HOLD)
    clock.advance(minutes=21)  # ann's hold is over, ben's is not
    assert checkout.release_expired(store, clock.now, hold_for=HOLD) == 1
    assert checkout.release_expired(store, clock.now, hold_for=HOLD) == 0
    assert registration(store, first.id).status == CANCELLED
    assert registration(store, second.id).status == PENDING_PAYMENT
    # ann pays anyway: a seat is free, so her ticket is confirmed (late)
    checkout.settle(store, notice(first.id), clock.now, hold_for=HOLD)
    assert registration(store, first.id).status == CONFIRMED
    assert payment(store, first.id).status == PAID


def test_a_payment_after_release_with_no_seat_free_is_refunded(store, clock, provider, paid_event):
    event = paid_event()
    held, _ = checkout.buy(store, provider, "ann", event.id, False, clock.now, SITE, hold_for=HOLD)
    clock.advance(minutes=31)
    checkout.release_expired(store, clock.now, hold_for=HOLD)
    taken, _ = checkout.buy(store, provider, "ben", event.id, False, clock.now, SITE, hold_for=HOLD)
    checkout.settle(store, notice(taken.id), clock.now, hold_for=HOLD)
    checkout.settle(store, notice(held.id), clock.now, hold_for=HOLD)  # ann's money arrives: no seat left
    assert registration(store, held.id).status == CANCELLED
    late = payment(store, held.id)
    assert (late.status, late.refund_reason) == (REFUND_PENDING, "paid_after_release")
    assert refund_everything(store, provider, clock) == 1
    assert refund_everything(store, provider, clock) == 0  # the request again: nothing more
    refunded = payment(store, held.id)
    assert refunded.status == REFUNDED and refunded.refund_id == f"re_test_{held.id}"
    figures = events.get_event(store, event.id)
    assert (figures.paid_count, figures.paid_amount, figures.refunded_count, figures.refunded_amount,
            figures.confirmed_count) == (2, 300_000, 1, 150_000, 1)


def test_a_wrong_amount_is_refunded_and_the_hold_ends(store, clock, provider, paid_event):
    event = paid_event()
    held, _ = checkout.buy(store, provider, "ann", event.id, False, clock.now, SITE, hold_for=HOLD)
    checkout.settle(store, notice(held.id, amount=1), clock.now, hold_for=HOLD)
    assert registration(store, held.id).status == CANCELLED
    assert payment(store, held.id).refund_reason == "amount_mismatch"
    assert events.get_event(store, event.id).seats_left == 1


@pytest.mark.parametrize(("refund_hours", "hours_before", "refunded"),
                         [(0, 1, True), (24, 25, True), (24, 23, False), (None, 100, False)])
def test_the_holder_cancelling_is_refunded_by_the_events_policy(store, clock, provider, make_event,
                                                                refund_hours, hours_before, refunded):
    event = make_event(price=5_000, currency="JPY", starts_at=clock.now + timedelta(hours=200),
                       refund_hours_before=refund_hours)
    held, _ = checkout.buy(store, provider, "ann", event.id, False, clock.now, SITE, hold_for=HOLD)
    checkout.settle(store, notice(held.id, amount=5_000, currency="JPY"), clock.now, hold_for=HOLD)
    clock.advance(hours=200 - hours_before)
    cancelled, after = checkout.cancel_ticket(store, "ann", held.id, clock.now, hold_for=HOLD)
    assert cancelled.status == CANCELLED
    assert after is not None and after.status == (REFUND_PENDING if refunded else PAID)
    assert refund_everything(store, provider, clock) == int(refunded)


def test_cancelling_a_hold_closes_its_checkout_and_frees_the_seat(store, clock, provider, paid_event):
    event = paid_event()
    held, _ = checkout.buy(store, provider, "ann", event.id, False, clock.now, SITE, hold_for=HOLD)
    _, after = checkout.cancel_ticket(store, "ann", held.id, clock.now, hold_for=HOLD)
    assert after is not None and after.status == CANCELLED
    assert m.PAYMENT_CLOSED in outbox_types(store)
    assert events.get_event(store, event.id).seats_left == 1
    with pytest.raises(PaymentClosed):
        checkout.checkout_for(store, provider, "ann", held.id, SITE, clock.now)


def test_the_organizer_cancelling_refunds_everyone_who_paid(store, clock, provider, paid_event):
    event = paid_event(capacity=3, refund_hours_before=None)  # the policy does not apply here
    paid, _ = checkout.buy(store, provider, "ann", event.id, False, clock.now, SITE, hold_for=HOLD)
    checkout.settle(store, notice(paid.id), clock.now, hold_for=HOLD)
    open_hold, _ = checkout.buy(store, provider, "ben", event.id, False, clock.now, SITE, hold_for=HOLD)
    events.cancel_event(store, "olga", event.id, clock.now)
    assert payment(store, paid.id).status == REFUND_PENDING
    assert payment(store, open_hold.id).status == CANCELLED
    assert refund_everything(store, provider, clock) == 1
    assert events.get_event(store, event.id).refunded_amount == 150_000


def test_no_checkout_means_the_seat_goes_back_at_once(store, clock, paid_event):
    class Down(TestProvider):
        def open_checkout(self, request):
            raise Unavailable("the provider is down")

    event = paid_event()
    with pytest.raises(Unavailable):
        checkout.buy(store, Down("s" * 32, lambda: clock.now), "ann", event.id, False, clock.now, SITE,
                     hold_for=HOLD)
    assert events.get_event(store, event.id).seats_left == 1
    again, _ = checkout.buy(store, TestProvider("s" * 32, lambda: clock.now), "ann", event.id, False,
                            clock.now, SITE, hold_for=HOLD)
    assert again.status == PENDING_PAYMENT


def test_a_free_event_is_as_before(store, clock, provider, make_event):
    event = make_event()
    ticket, opened = checkout.buy(store, provider, "ann", event.id, False, clock.now, SITE, hold_for=HOLD)
    assert ticket.status == CONFIRMED and opened is None
    assert registrations.cancel(store, "ann", ticket.id, clock.now, hold_for=HOLD).status == CANCELLED
