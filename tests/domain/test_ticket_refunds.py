"""One ticket of a paid order given back alone (payment_rules.refund_ticket, checkout.carry_out),
on SQLite and the Firestore emulator: each ticket its share once, the rest of the order later,
and never more than was paid, however the cancellations and the event's cancel interleave
(invariant 18)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain import checkout, errors, events, orders, payment_rules, registrations
from app.domain import messages as m
from app.domain.message_data import parse
from app.domain.models import GENERAL, PAID, REFUND_PENDING
from app.domain.orders import Item, Wish
from app.payment_providers.test_provider import TestProvider
from tests.conftest import HOLD
from tests.support.checkout import SITE, notice
from tests.support.races import NOW, race

pytestmark = pytest.mark.parametrize("any_store", ["sqlite", "firestore"], indirect=True)
PRICE = 1_000


class CountingProvider(TestProvider):
    """The test provider, keeping every refund it was asked for: (key, amount)."""

    def __init__(self) -> None:
        super().__init__("refund-test-signing-secret-0123456789", lambda: NOW)
        self.refunds: list[tuple[str, int]] = []

    def refund(self, payment, amount, key):  # type: ignore[no-untyped-def]
        self.refunds.append((key, amount))
        return super().refund(payment, amount, key)

    def given_back(self) -> int:
        return sum(dict(self.refunds).values())  # a key asked twice is one refund


def _paid_order(store, provider, tickets):
    fields = dict(title="Gala", description="", starts_at=NOW + timedelta(days=3), ends_at=None,
                  timezone="UTC", location="", capacity=10, price=PRICE, currency="KZT",
                  refund_hours_before=24)
    event_id = events.create_event(store, "olga", fields, NOW).id
    bought = orders.buy(store, provider, "ann", Wish(event_id, [Item(GENERAL, tickets)], []), NOW, SITE, HOLD)
    checkout.settle(store, notice(bought.order.id, amount=PRICE * tickets), NOW, HOLD)
    return event_id, bought


def _refund_all(store, provider) -> None:
    """What the payments subscription does: each request, delivered twice."""
    for item in store.outbox.claim(NOW + timedelta(days=1), 60, 1000):
        if item.message.type == m.PAYMENT_REFUND_REQUESTED:
            for _ in range(2):
                checkout.carry_out(store, provider, parse(item.message), NOW)


def test_a_ticket_gets_its_share_back_and_the_order_the_rest(any_store):
    store, provider = any_store, CountingProvider()
    event_id, bought = _paid_order(store, provider, 3)
    first, second, third = bought.tickets
    with pytest.raises(errors.WholeOrderOnly):  # the first stands for the order
        registrations.cancel(store, "ann", first.id, NOW, HOLD)
    registrations.cancel(store, "ann", third.id, NOW, HOLD)
    registrations.cancel(store, "ann", second.id, NOW, HOLD)
    payment = store.read(lambda tx: tx.payments.get(bought.order.id))
    assert (payment.status, payment.refunded_part) == (PAID, 2 * PRICE)  # the order stands, paid
    _refund_all(store, provider)
    # each asked for once, though every request was delivered twice
    assert sorted(provider.refunds) == sorted([(second.id, PRICE), (third.id, PRICE)])
    event = events.get_event(store, event_id)
    assert (event.refunded_count, event.refunded_amount, event.confirmed_count) == (2, 2 * PRICE, 1)
    given = [store.read(lambda tx, t=t: tx.registrations.get(t.id)) for t in (second, third)]
    assert [t.refunded_at for t in given] == [NOW, NOW]
    whole = orders.cancel(store, "ann", bought.order.id, NOW, HOLD)  # the last ticket: the rest
    assert whole.payment is not None and whole.payment.status == REFUND_PENDING
    _refund_all(store, provider)
    assert provider.given_back() == PRICE * 3 == events.get_event(store, event_id).refunded_amount


def test_cancellations_racing_the_events_cancel_never_give_back_more_than_was_paid(any_store):
    store, provider = any_store, CountingProvider()
    event_id, bought = _paid_order(store, provider, 4)
    tickets = bought.tickets[1:] * 2  # each of the three cancelled twice at once

    def act(i):
        try:
            if i == len(tickets):
                return events.cancel_event(store, "olga", event_id, NOW)
            return registrations.cancel(store, "ann", tickets[i].id, NOW, HOLD)
        except (errors.AlreadyCancelled, errors.EventCancelled) as refused:
            return refused.code

    results = race(len(tickets) + 1, act)
    assert sum(isinstance(r, str) for r in results) >= 3  # a ticket is cancelled once
    _refund_all(store, provider)
    event = events.get_event(store, event_id)
    assert provider.given_back() == PRICE * 4 == event.refunded_amount  # every share, once
    assert len(dict(provider.refunds)) == event.refunded_count


def test_an_order_whose_every_share_was_given_back_asks_nothing_more(any_store):
    store, provider = any_store, CountingProvider()
    event_id, bought = _paid_order(store, provider, 2)
    event = events.get_event(store, event_id)
    spent = store.read(lambda tx: tx.payments.get(bought.order.id))
    spent.refunded_part = spent.amount  # as if each share had been given back alone
    kept = store.run(lambda tx: payment_rules.request_refund(tx, event, spent, "ann", NOW,
                                                             payment_rules.HOLDER_CANCELLED))
    assert kept.status == PAID  # no refund of nothing: a provider would refuse an amount of 0
    assert not [i for i in store.outbox.claim(NOW + timedelta(days=1), 60, 1000)
                if i.message.type == m.PAYMENT_REFUND_REQUESTED]
