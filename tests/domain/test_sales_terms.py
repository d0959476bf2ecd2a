"""The terms a ticket is sold under (app/domain/checkout.py, events.py, payments.py): sales close
at the start on every path; what was sold keeps its currency and refund policy; a moved start or a
cancelled event gives the money back; a ticket used at the door is spent; organizers do not rate
their own events."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain import checkout, events, registrations, reviews
from app.domain.errors import (
    CurrencyLocked,
    OwnEvent,
    PaymentClosed,
    RegistrationClosed,
    TicketUsed,
)
from app.domain.models import CONFIRMED, PAID, PENDING_PAYMENT, REFUND_PENDING, WAITLISTED
from tests.conftest import HOLD
from tests.support.checkout import SITE, notice, payment, registration

CANCELLED = "cancelled"  # a state of an event, a registration and a payment alike


@pytest.fixture
def soon(make_event, clock):
    """A one-seat paid event starting in 20 s (the red team's shape)."""
    return lambda **fields: make_event(**{"price": 150_000, "capacity": 1,
                                          "starts_at": clock.now + timedelta(seconds=20), **fields})


def test_a_hold_ends_at_the_start_at_the_latest(store, clock, provider, soon):
    event = soon()
    held, _ = checkout.buy(store, provider, "lev", event.id, False, clock.now, SITE, hold_for=HOLD)
    assert held.hold_expires_at == event.starts_at
    assert payment(store, held.id).expires_at == event.starts_at


def test_nobody_is_promoted_to_a_seat_after_the_start(store, clock, provider, soon):
    event = soon()
    held, _ = checkout.buy(store, provider, "lev", event.id, False, clock.now, SITE, hold_for=HOLD)
    waiting, _ = checkout.buy(store, provider, "nia", event.id, True, clock.now, SITE, hold_for=HOLD)
    clock.advance(seconds=21)
    registrations.cancel(store, "lev", held.id, clock.now, hold_for=HOLD)
    assert registration(store, waiting.id).status == WAITLISTED  # not a hold after the start
    assert payment(store, waiting.id) is None


def test_no_checkout_opens_after_the_start(store, clock, provider, soon):
    event = soon()
    held, _ = checkout.buy(store, provider, "lev", event.id, False, clock.now, SITE, hold_for=HOLD)
    clock.advance(seconds=21)
    with pytest.raises(RegistrationClosed):
        checkout.checkout_for(store, provider, "lev", held.id, SITE, clock.now)


def test_no_checkout_opens_for_a_hold_whose_time_is_up(store, clock, provider, make_event):
    event = make_event(price=150_000, capacity=1)
    held, _ = checkout.buy(store, provider, "lev", event.id, False, clock.now, SITE, hold_for=HOLD)
    clock.advance(minutes=31)  # before the sweeper got to it
    with pytest.raises(PaymentClosed):
        checkout.checkout_for(store, provider, "lev", held.id, SITE, clock.now)


def test_a_payment_arriving_after_the_start_is_refunded_and_the_hold_ends(store, clock, provider, soon):
    event = soon()
    held, _ = checkout.buy(store, provider, "lev", event.id, False, clock.now, SITE, hold_for=HOLD)
    clock.advance(seconds=26)
    checkout.settle(store, notice(held.id), clock.now, hold_for=HOLD)
    assert registration(store, held.id).status == CANCELLED
    late = payment(store, held.id)
    assert (late.status, late.refund_reason) == (REFUND_PENDING, "paid_after_start")
    figures = events.get_event(store, event.id)
    assert (figures.confirmed_count, figures.held_count) == (0, 0)


def test_a_payment_for_a_released_seat_after_the_start_is_refunded(store, clock, provider, soon):
    event = soon()
    held, _ = checkout.buy(store, provider, "lev", event.id, False, clock.now, SITE, hold_for=HOLD)
    checkout.settle(store, notice(held.id, outcome="failed"), clock.now, hold_for=HOLD)  # seat free again
    clock.advance(seconds=21)
    checkout.settle(store, notice(held.id), clock.now, hold_for=HOLD)
    assert registration(store, held.id).status == CANCELLED
    assert payment(store, held.id).status == REFUND_PENDING


def test_the_currency_is_fixed_once_a_ticket_is_held_or_sold(store, clock, provider, make_event):
    event = make_event(price=30_000, capacity=5)
    events.update_event(store, "olga", event.id, {"currency": "USD"}, clock.now,
                        hold_for=HOLD)  # nothing sold
    held, _ = checkout.buy(store, provider, "ann", event.id, False, clock.now, SITE, hold_for=HOLD)
    with pytest.raises(CurrencyLocked):
        events.update_event(store, "olga", event.id, {"currency": "JPY", "price": 300}, clock.now,
                            hold_for=HOLD)
    checkout.settle(store, notice(held.id, amount=30_000, currency="USD"), clock.now, hold_for=HOLD)
    with pytest.raises(CurrencyLocked):
        events.update_event(store, "olga", event.id, {"currency": "JPY"}, clock.now, hold_for=HOLD)
    events.update_event(store, "olga", event.id, {"price": 45_000}, clock.now,
                        hold_for=HOLD)  # new sales only
    after = events.get_event(store, event.id)
    assert (after.currency, after.price, after.paid_amount) == ("USD", 45_000, 30_000)
    assert payment(store, held.id).amount == 30_000
    second, _ = checkout.buy(store, provider, "ben", event.id, False, clock.now, SITE, hold_for=HOLD)
    assert payment(store, second.id).amount == 45_000


def test_a_worse_refund_policy_applies_to_new_sales_only(store, clock, provider, make_event):
    event = make_event(price=30_000, capacity=5, refund_hours_before=0,
                       starts_at=clock.now + timedelta(days=10))
    bought, _ = checkout.buy(store, provider, "ann", event.id, False, clock.now, SITE, hold_for=HOLD)
    checkout.settle(store, notice(bought.id, amount=30_000), clock.now, hold_for=HOLD)
    events.update_event(store, "olga", event.id, {"refund_hours_before": None}, clock.now, hold_for=HOLD)
    later, _ = checkout.buy(store, provider, "ben", event.id, False, clock.now, SITE, hold_for=HOLD)
    checkout.settle(store, notice(later.id, amount=30_000), clock.now, hold_for=HOLD)
    _, ann = checkout.cancel_ticket(store, "ann", bought.id, clock.now, hold_for=HOLD)
    _, ben = checkout.cancel_ticket(store, "ben", later.id, clock.now, hold_for=HOLD)
    assert ann is not None and ann.status == REFUND_PENDING  # bought under "refundable"
    assert ben is not None and ben.status == PAID  # bought under "never"


def test_a_moved_start_lets_earlier_buyers_cancel_with_a_refund(store, clock, provider, make_event):
    event = make_event(price=30_000, capacity=5, refund_hours_before=None)
    bought, _ = checkout.buy(store, provider, "ann", event.id, False, clock.now, SITE, hold_for=HOLD)
    checkout.settle(store, notice(bought.id, amount=30_000), clock.now, hold_for=HOLD)
    clock.advance(hours=1)
    events.update_event(store, "olga", event.id, {"starts_at": event.starts_at + timedelta(days=1)},
                        clock.now, hold_for=HOLD)
    clock.advance(hours=1)
    after_move, _ = checkout.buy(store, provider, "ben", event.id, False, clock.now, SITE, hold_for=HOLD)
    checkout.settle(store, notice(after_move.id, amount=30_000), clock.now, hold_for=HOLD)
    _, ann = checkout.cancel_ticket(store, "ann", bought.id, clock.now, hold_for=HOLD)
    _, ben = checkout.cancel_ticket(store, "ben", after_move.id, clock.now, hold_for=HOLD)
    assert ann is not None and ann.status == REFUND_PENDING
    assert ben is not None and ben.status == PAID  # bought knowing the new date


def test_the_organizer_cancelling_refunds_money_a_holder_cancellation_kept(store, clock, provider,
                                                                            make_event):
    event = make_event(price=30_000, capacity=5, refund_hours_before=None)
    bought, _ = checkout.buy(store, provider, "ann", event.id, False, clock.now, SITE, hold_for=HOLD)
    checkout.settle(store, notice(bought.id, amount=30_000), clock.now, hold_for=HOLD)
    _, kept = checkout.cancel_ticket(store, "ann", bought.id, clock.now, hold_for=HOLD)
    assert kept is not None and kept.status == PAID
    events.cancel_event(store, "olga", event.id, clock.now)
    refunded = payment(store, bought.id)
    assert (refunded.status, refunded.refund_reason) == (REFUND_PENDING, "event_cancelled")


def test_a_checked_in_ticket_cannot_be_cancelled_or_refunded(store, clock, provider, make_event):
    from app.domain import checkin

    event = make_event(price=30_000, capacity=5)
    bought, _ = checkout.buy(store, provider, "ann", event.id, False, clock.now, SITE, hold_for=HOLD)
    checkout.settle(store, notice(bought.id, amount=30_000), clock.now, hold_for=HOLD)
    checkin.check_in(store, "olga", event.id, clock.now, ticket_code=bought.ticket_code)
    with pytest.raises(TicketUsed):
        checkout.cancel_ticket(store, "ann", bought.id, clock.now, hold_for=HOLD)
    assert registration(store, bought.id).status == CONFIRMED
    assert payment(store, bought.id).status == PAID
    events.cancel_event(store, "olga", event.id, clock.now)  # the organizer's decision: refunded
    assert payment(store, bought.id).status == REFUND_PENDING


def test_an_organizer_cannot_review_their_own_event(store, clock, make_event):
    event = make_event(capacity=5)
    registrations.register(store, "olga", event.id, False, clock.now, hold_for=HOLD)
    clock.advance(days=8)
    with pytest.raises(OwnEvent):
        reviews.create_review(store, "olga", event.id, 5, "", clock.now)
    assert events.get_event(store, event.id).review_count == 0


def test_a_held_seat_is_still_refused_to_pay_after_start_even_if_pending(store, clock, provider, soon):
    """The hold's own status is no way around the closed sale."""
    event = soon()
    held, _ = checkout.buy(store, provider, "lev", event.id, False, clock.now, SITE, hold_for=HOLD)
    assert held.status == PENDING_PAYMENT
    clock.advance(seconds=20)  # exactly at the start
    checkout.settle(store, notice(held.id), clock.now, hold_for=HOLD)
    assert payment(store, held.id).status == REFUND_PENDING
