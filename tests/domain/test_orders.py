"""Orders of several tickets (app/domain/orders.py): all or none, one hold and one payment for
a paid order, one order per person and event, cancelling the whole or one ticket, and a rush of
mixed orders on both stores that reconciles exactly."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from app.domain import checkout, errors, events, orders, quotas, registrations, ticket_types
from app.domain.models import (
    CONFIRMED,
    EXPIRED,
    FAILED,
    GENERAL,
    MAX_PER_ORDER,
    PENDING_PAYMENT,
    REFUND_PENDING,
)
from app.domain.orders import Attendee, Item, Wish
from tests.conftest import HOLD
from tests.support.checkout import SITE, notice, payment
from tests.support.races import NOW, counts, race, rush_event

CANCELLED = "cancelled"


def _order(store, who, event_id, *items, attendees=(), at=NOW, code=None):
    wanted = [Item(type_id, quantity) for type_id, quantity in items] or [Item(GENERAL, 1)]
    return orders.place(store, who, Wish(event_id, wanted, list(attendees), code), at, HOLD)


def _buy(store, provider, who, event_id, *items, at, code=None):
    wish = Wish(event_id, [Item(t, q) for t, q in items], [], code)
    return orders.buy(store, provider, who, wish, at, SITE, HOLD)


def _vip(store, event_id, cap, price=0, at=NOW, organizer="olga"):
    return ticket_types.create(store, organizer, event_id, {"name": "VIP", "price": price, "cap": cap}, at)[1]


def _statuses(store, order_id):
    return [t.status for t in store.read(lambda tx: tx.registrations.of_order(order_id))]


def test_a_free_order_seats_every_ticket_for_whom_it_names(store, clock, make_event):
    event = make_event(capacity=5)
    vip = _vip(store, event.id, cap=2, at=clock.now)
    placed = _order(store, "ann", event.id, (GENERAL, 1), (vip.id, 2), at=clock.now,
                    attendees=[Attendee("Ann"), Attendee("Bo", "bo@example.com"), Attendee("Cy")])
    first, *others = placed.tickets
    assert first.id == placed.order.id and {t.order_id for t in placed.tickets} == {placed.order.id}
    assert [t.status for t in placed.tickets] == [CONFIRMED] * 3
    assert [t.attendee_name for t in placed.tickets] == ["Ann", "Bo", "Cy"]
    assert len({t.ticket_code for t in placed.tickets}) == 3  # each its own code and QR
    assert (placed.order.ticket_count, placed.order.amount, placed.payment) == (3, 0, None)
    assert events.get_event(store, event.id).confirmed_count == 3
    assert store.read(lambda tx: tx.ticket_types.get(event.id, vip.id)).confirmed_count == 2
    assert [t.id for t in orders.own_order(store, "ann", placed.order.id).tickets] == [first.id] + [
        t.id for t in others]


def test_an_order_is_all_or_nothing(store, clock, make_event):
    event = make_event(capacity=3)
    vip = _vip(store, event.id, cap=1, at=clock.now)
    with pytest.raises(errors.EventFull):
        _order(store, "ann", event.id, (GENERAL, 4), at=clock.now)
    with pytest.raises(errors.TicketTypeSoldOut):
        _order(store, "ann", event.id, (GENERAL, 1), (vip.id, 2), at=clock.now)
    after = events.get_event(store, event.id)
    assert (after.confirmed_count, after.held_count) == (0, 0)  # nothing half-written
    assert store.read(lambda tx: tx.orders.of_user("ann", 10, None)).items == []
    assert store.read(lambda tx: tx.ticket_types.get(event.id, vip.id)).taken == 0
    assert len(_order(store, "ann", event.id, (GENERAL, 2), (vip.id, 1), at=clock.now).tickets) == 3


def test_an_order_is_checked_before_anything_is_seated(store, clock, make_event):
    event = make_event(capacity=20)
    with pytest.raises(errors.Invalid) as too_many:
        _order(store, "ann", event.id, (GENERAL, MAX_PER_ORDER + 1), at=clock.now)
    assert too_many.value.field == "items"
    with pytest.raises(errors.Invalid) as unnamed:
        _order(store, "ann", event.id, (GENERAL, 2), attendees=[Attendee("Only one")], at=clock.now)
    assert unnamed.value.field == "attendees"
    with pytest.raises(errors.NotFound):
        _order(store, "ann", event.id, ("no-such-type", 1), at=clock.now)
    assert events.get_event(store, event.id).confirmed_count == 0


def test_one_order_or_ticket_per_person_and_event(store, clock, make_event):
    event = make_event(capacity=10)
    _order(store, "ann", event.id, (GENERAL, 3), at=clock.now)
    with pytest.raises(errors.AlreadyRegistered):
        _order(store, "ann", event.id, (GENERAL, 1), at=clock.now)
    with pytest.raises(errors.AlreadyRegistered):
        registrations.register(store, "ann", event.id, False, clock.now, HOLD)
    registrations.register(store, "bo", event.id, False, clock.now, HOLD)
    with pytest.raises(errors.AlreadyRegistered):
        _order(store, "bo", event.id, (GENERAL, 2), at=clock.now)
    assert events.get_event(store, event.id).confirmed_count == 4


def test_a_paid_order_is_one_hold_and_one_payment_confirmed_once(store, clock, make_event, provider):
    event = make_event(capacity=4, price=1_000)
    vip = _vip(store, event.id, cap=2, price=2_500, at=clock.now)
    bought = _buy(store, provider, "ann", event.id, (GENERAL, 1), (vip.id, 2), at=clock.now)
    assert [t.status for t in bought.tickets] == [PENDING_PAYMENT] * 3
    assert bought.payment is not None and bought.payment.id == bought.order.id
    assert (bought.payment.amount, bought.order.amount) == (6_000, 6_000)
    assert bought.payment.checkout_url  # one checkout for the three
    assert events.get_event(store, event.id).held_count == 3
    for _ in range(2):  # a replayed notice changes nothing more
        checkout.settle(store, notice(bought.order.id, amount=6_000), clock.now, HOLD)
    assert _statuses(store, bought.order.id) == [CONFIRMED] * 3
    after = events.get_event(store, event.id)
    assert (after.confirmed_count, after.held_count, after.paid_count, after.paid_amount) == (3, 0, 1, 6_000)
    assert store.read(lambda tx: tx.ticket_types.get(event.id, vip.id)).confirmed_count == 2


def test_an_unpaid_order_goes_back_whole(store, clock, make_event, provider):
    event = make_event(capacity=3, price=1_000)
    declined = _buy(store, provider, "ann", event.id, (GENERAL, 2), at=clock.now)
    expiring = _buy(store, provider, "cy", event.id, (GENERAL, 1), at=clock.now)
    waiting = registrations.register(store, "bo", event.id, True, clock.now, HOLD)
    assert waiting.status == "waitlisted"
    checkout.settle(store, notice(declined.order.id, outcome=FAILED, amount=2_000), clock.now, HOLD)
    assert _statuses(store, declined.order.id) == [CANCELLED] * 2
    assert payment(store, declined.order.id).status == FAILED
    assert store.read(lambda tx: tx.registrations.get(waiting.id)).status == PENDING_PAYMENT  # promoted
    clock.advance(seconds=HOLD.total_seconds() + 60)
    assert checkout.release_expired(store, clock.now, HOLD) == 2  # bo's promoted hold and cy's order
    assert payment(store, expiring.order.id).status == EXPIRED
    assert checkout.release_expired(store, clock.now, HOLD) == 0
    after = events.get_event(store, event.id)
    assert (after.confirmed_count, after.held_count, after.waitlist_count) == (0, 0, 0)


def test_a_late_payment_for_a_released_order_is_refunded(store, clock, make_event, provider):
    event = make_event(capacity=3, price=1_000)
    bought = _buy(store, provider, "ann", event.id, (GENERAL, 2), at=clock.now)
    clock.advance(seconds=HOLD.total_seconds() + 60)
    checkout.release_expired(store, clock.now, HOLD)
    checkout.settle(store, notice(bought.order.id, amount=2_000), clock.now, HOLD)
    assert payment(store, bought.order.id).status == REFUND_PENDING
    assert _statuses(store, bought.order.id) == [CANCELLED] * 2
    assert events.get_event(store, event.id).seats_taken == 0


def test_the_buyer_cancels_the_whole_order_refunded_by_the_policy(store, clock, make_event, provider):
    event = make_event(capacity=2, price=1_000, refund_hours_before=24)
    bought = _buy(store, provider, "ann", event.id, (GENERAL, 2), at=clock.now)
    checkout.settle(store, notice(bought.order.id, amount=2_000), clock.now, HOLD)
    waiting = registrations.register(store, "bo", event.id, True, clock.now, HOLD)
    with pytest.raises(errors.Forbidden):
        orders.cancel(store, "bo", bought.order.id, clock.now, HOLD)
    cancelled = orders.cancel(store, "ann", bought.order.id, clock.now, HOLD)
    assert [t.status for t in cancelled.tickets] == [CANCELLED] * 2
    assert cancelled.payment is not None and cancelled.payment.status == REFUND_PENDING
    assert store.read(lambda tx: tx.registrations.get(waiting.id)).status == PENDING_PAYMENT
    with pytest.raises(errors.AlreadyCancelled):
        orders.cancel(store, "ann", bought.order.id, clock.now, HOLD)
    assert events.get_event(store, event.id).held_count == 1  # bo's seat, held for him to pay


def test_one_ticket_leaves_a_free_order_but_not_a_held_one(store, clock, make_event, provider):
    event = make_event(capacity=6)
    free = _order(store, "ann", event.id, (GENERAL, 3), at=clock.now)
    with pytest.raises(errors.WholeOrderOnly):  # the first stands for the order
        registrations.cancel(store, "ann", free.order.id, clock.now, HOLD)
    with pytest.raises(errors.Forbidden):
        registrations.cancel(store, "bo", free.tickets[1].id, clock.now, HOLD)
    registrations.cancel(store, "ann", free.tickets[1].id, clock.now, HOLD)
    assert _statuses(store, free.order.id) == [CONFIRMED, CANCELLED, CONFIRMED]
    assert events.get_event(store, event.id).confirmed_count == 2

    paid_event = make_event(capacity=4, price=500)
    paid = _buy(store, provider, "ann", paid_event.id, (GENERAL, 2), at=clock.now)
    with pytest.raises(errors.WholeOrderOnly):  # held: its one payment is the whole order's
        registrations.cancel(store, "ann", paid.tickets[1].id, clock.now, HOLD)
    assert _statuses(store, paid.order.id) == [PENDING_PAYMENT] * 2


def test_an_order_is_its_buyers_alone(store, clock, make_event):
    event = make_event(capacity=3)
    placed = _order(store, "ann", event.id, (GENERAL, 2), at=clock.now)
    with pytest.raises(errors.Forbidden):
        orders.own_order(store, "bo", placed.order.id)
    with pytest.raises(errors.NotFound):
        orders.own_order(store, "ann", "no-such-order")
    page, events_by_id = orders.list_own(store, "ann", 10, None)
    assert [o.id for o in page.items] == [placed.order.id] and event.id in events_by_id
    assert orders.list_own(store, "bo", 10, None)[0].items == []


def test_the_hold_quota_counts_tickets(store, clock, make_event, provider):
    limit = quotas.HOLDS_PER_HALF_HOUR.limit
    most = MAX_PER_ORDER
    paid = [make_event(capacity=most, price=100) for _ in range(limit // most + 1)]
    for event in paid[:-1]:
        _buy(store, provider, "ann", event.id, (GENERAL, most), at=clock.now)
    with pytest.raises(errors.TooManyAttempts):
        _buy(store, provider, "ann", paid[-1].id, (GENERAL, 1), at=clock.now)
    assert events.get_event(store, paid[-1].id).held_count == 0


def test_300_buyers_of_mixed_orders_race_for_the_last_seats(any_store):
    """Both bounds and all-or-nothing under contention, on each store: orders of 1 to 4 tickets,
    of a type capped at 20 and the first, for 60 seats; the counts on the type and the event match
    the tickets exactly, and every order is whole or absent."""
    store = any_store
    event_id = rush_event(store, 60)
    vip = _vip(store, event_id, cap=20, organizer="organizer")
    picks = random.Random(7)
    wanted = [[Item(vip.id if picks.random() < 0.4 else GENERAL, picks.randint(1, 4))] for _ in range(300)]
    results = race(300, lambda i: orders.place(store, f"u{i}", Wish(event_id, wanted[i]), NOW, HOLD))
    placed = [r for r in results if not isinstance(r, str)]
    refusals = Counter(r for r in results if isinstance(r, str))
    assert set(refusals) <= {"event_full", "ticket_type_sold_out"}
    statuses, event = counts(store, event_id)
    sold = sum(len(p.tickets) for p in placed)
    assert statuses[CONFIRMED] == sold == event.confirmed_count <= 60
    vip_sold = sum(t.ticket_type_id == vip.id for p in placed for t in p.tickets)
    assert vip_sold == store.read(lambda tx: tx.ticket_types.get(event_id, vip.id)).confirmed_count <= 20
    for p in placed:  # each order whole, as asked
        asked = wanted[int(p.order.user_id[1:])][0]
        assert _statuses(store, p.order.id) == [CONFIRMED] * asked.quantity
    assert len(placed) + sum(refusals.values()) == 300
    assert 60 - sold < 4  # no seat came back: no order of the first type was turned away with room


def test_a_type_sold_by_the_table_takes_its_least_and_most_in_one_order(store, clock, make_event):
    event = make_event(capacity=20)
    fields = {"name": "Table", "min_per_order": 2, "max_per_order": 4}
    table = ticket_types.create(store, "olga", event.id, fields, clock.now)[1]
    for quantity in (1, 5):
        with pytest.raises(errors.Invalid) as refused:
            _order(store, "ann", event.id, (table.id, quantity), at=clock.now)
        assert refused.value.field == "items"
    assert len(_order(store, "ann", event.id, (table.id, 3), at=clock.now).tickets) == 3
    with pytest.raises(errors.Invalid) as alone:  # a ticket alone is not a table
        registrations.register(store, "bo", event.id, False, clock.now, HOLD, table.id)
    assert str(alone.value) == "Table: 2 to 4 tickets in one order"  # the same range an order is told
    with pytest.raises(errors.Invalid) as odd:
        ticket_types.update(store, "olga", event.id, table.id, {"max_per_order": 1}, clock.now)
    assert odd.value.field == "max_per_order"
    assert events.get_event(store, event.id).confirmed_count == 3


def test_an_organizer_may_take_fewer_tickets_in_one_order(store, clock, make_event):
    event = make_event(capacity=20, max_per_order=4)
    with pytest.raises(errors.Invalid, match="at most 4 tickets") as refused:
        _order(store, "ann", event.id, (GENERAL, 5), at=clock.now)
    assert refused.value.field == "items" and events.get_event(store, event.id).confirmed_count == 0
    assert len(_order(store, "ann", event.id, (GENERAL, 4), at=clock.now).tickets) == 4
    for limit in (0, MAX_PER_ORDER + 1):  # at least one, at most the platform's
        with pytest.raises(errors.Invalid) as refused:
            events.update_event(store, "olga", event.id, {"max_per_order": limit}, clock.now, HOLD)
        assert refused.value.field == "max_per_order"
