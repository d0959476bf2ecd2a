"""Promo and access codes (app/domain/promo_codes.py, PromoCode in app/domain/offers.py): exact
discounts, the types a code applies to and reveals, and its uses counted by the seat aggregate
exactly, under contention, on both stores (invariant 17)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

import pytest

from app.domain import checkout, errors, events, orders, promo_codes, registrations, ticket_types
from app.domain.models import CONFIRMED, FAILED, GENERAL
from app.domain.offers import DiscountKind, PromoCode
from app.domain.orders import Item, Wish
from tests.conftest import HOLD
from tests.support.checkout import SITE, notice
from tests.support.races import NOW, race, rush_event


def _code(store, event_id, code="SAVE", at=NOW, organizer="olga", **fields):
    return promo_codes.create(store, organizer, event_id, code, fields, at)[1]


def _uses(store, event_id, code="SAVE"):
    return store.read(lambda tx: tx.promo_codes.get(event_id, code)).used


def _order(store, who, event_id, *items, code=None, at=NOW):
    return orders.place(store, who, Wish(event_id, [Item(t, q) for t, q in items], [], code), at, HOLD)


@pytest.mark.parametrize(("kind", "discount", "price", "off"), [
    (DiscountKind.PERCENT, 15, 999, 150),  # 149.85: half up
    (DiscountKind.PERCENT, 50, 101, 51),  # 50.5: half up
    (DiscountKind.PERCENT, 10, 5, 1),  # 0.5: half up
    (DiscountKind.PERCENT, 10, 4, 0),  # 0.4
    (DiscountKind.PERCENT, 100, 2500, 2500),
    (DiscountKind.FIXED, 300, 1000, 300),
    (DiscountKind.FIXED, 5000, 1000, 1000),  # never below nothing
    (DiscountKind.FIXED, 300, 0, 0),
])
def test_a_discount_is_exact_half_up_and_never_past_the_price(kind, discount, price, off):
    code = PromoCode(event_id="e", code="X", created_at=NOW, updated_at=NOW, discount_kind=kind,
                     discount=discount)
    assert code.off(price) == off


def test_an_order_with_a_code_pays_each_ticket_less_its_discount(store, clock, make_event, provider):
    event = make_event(capacity=10, price=1_000)
    kid = ticket_types.create(store, "olga", event.id, {"name": "Child", "price": 399}, clock.now)[1]
    _code(store, event.id, "family", at=clock.now, discount=15, type_ids=[kid.id])  # typed in any case
    wish = Wish(event.id, [Item(GENERAL, 1), Item(kid.id, 2)], [], "Family")
    bought = orders.buy(store, provider, "ann", wish, clock.now, SITE, HOLD)
    assert [(t.price, t.discount, t.promo_code) for t in bought.tickets] == [
        (1_000, 0, None), (399, 60, "FAMILY"), (399, 60, "FAMILY")]  # 59.85 -> 60
    assert (bought.order.amount, bought.order.discount) == (1_000 + 2 * 339, 120)
    assert bought.payment is not None and bought.payment.amount == 1_678
    assert _uses(store, event.id, "FAMILY") == 2
    checkout.settle(store, notice(bought.order.id, amount=1_678), clock.now, HOLD)
    assert _uses(store, event.id, "FAMILY") == 2  # held, then confirmed: the same two uses


def test_a_code_is_refused_alike_when_wrong_or_not_valid_now(store, clock, make_event):
    event = make_event(capacity=10)
    _code(store, event.id, "LATER", at=clock.now, discount=10, valid_from=clock.now + timedelta(days=1))
    for typed in ("NOPE", "LATER"):
        with pytest.raises(errors.Invalid) as refused:
            _order(store, "ann", event.id, (GENERAL, 1), code=typed, at=clock.now)
        assert refused.value.field == "promo_code"
        assert str(refused.value) == "no such code, or it is not valid now"
    assert events.get_event(store, event.id).confirmed_count == 0


def test_uses_are_tickets_counted_while_they_stand(store, clock, make_event, provider):
    event = make_event(capacity=10, price=500)
    _code(store, event.id, at=clock.now, discount=100, max_uses=3)
    free = _order(store, "ann", event.id, (GENERAL, 2), code="save", at=clock.now)  # all off: free, confirmed
    assert [t.status for t in free.tickets] == [CONFIRMED] * 2 and free.order.amount == 0
    with pytest.raises(errors.PromoCodeUsedUp):
        _order(store, "bo", event.id, (GENERAL, 2), code="save", at=clock.now)  # one use left, not two
    assert events.get_event(store, event.id).confirmed_count == 2  # nothing half-written
    registrations.cancel(store, "ann", free.tickets[1].id, clock.now, HOLD)
    assert _uses(store, event.id) == 1  # a cancelled ticket gives its use back
    half = _code(store, event.id, "HALF", at=clock.now, discount=50, max_uses=2)
    held = orders.buy(store, provider, "cy", Wish(event.id, [Item(GENERAL, 2)], [], half.code), clock.now,
                      SITE, HOLD)
    assert _uses(store, event.id, "HALF") == 2  # holds are uses
    checkout.settle(store, notice(held.order.id, FAILED, amount=500), clock.now, HOLD)
    assert _uses(store, event.id, "HALF") == 0  # a released hold gives them back
    orders.cancel(store, "ann", free.order.id, clock.now, HOLD)
    assert _uses(store, event.id) == 0


def test_a_hidden_type_is_offered_only_with_a_code_that_names_it(store, clock, make_event):
    event = make_event(capacity=10)
    press = ticket_types.create(store, "olga", event.id, {"name": "Press", "hidden": True}, clock.now)[1]
    _code(store, event.id, "PRESS", at=clock.now, type_ids=[press.id])  # an access code: nothing off
    _code(store, event.id, "TENOFF", at=clock.now, discount=10)  # every type shown: not the hidden one
    def shown(viewer, code):
        return [t.id for t in promo_codes.offered(store, event.id, viewer, code, clock.now).types]
    assert shown("ann", None) == [GENERAL] and shown("ann", "tenoff") == [GENERAL]
    assert shown("ann", "press") == [GENERAL, press.id] and shown("olga", None) == [GENERAL, press.id]
    for code in (None, "TENOFF"):
        with pytest.raises(errors.NotFound):
            _order(store, "ann", event.id, (press.id, 1), code=code, at=clock.now)
    with pytest.raises(errors.NotFound):
        registrations.register(store, "ann", event.id, False, clock.now, HOLD, press.id)
    with pytest.raises(errors.Invalid):  # a code for none of the tickets chosen
        _order(store, "ann", event.id, (GENERAL, 1), code="PRESS", at=clock.now)
    placed = _order(store, "ann", event.id, (press.id, 1), code="press", at=clock.now)
    assert placed.tickets[0].ticket_type_id == press.id and _uses(store, event.id, "PRESS") == 1


def test_what_an_organizer_may_set_of_a_code(store, clock, make_event):
    event = make_event(capacity=10)
    _code(store, event.id, "SAVE", at=clock.now, discount=10)
    for code, fields, field in (("SAVE", {}, "code"), ("BIG", {"discount": 101}, "discount"),
                                ("ODD", {"type_ids": ["nosuchtype"]}, "type_ids"),
                                ("WIN", {"valid_from": clock.now, "valid_until": clock.now}, "valid_until")):
        with pytest.raises(errors.Invalid) as refused:
            _code(store, event.id, code, at=clock.now, **fields)
        assert refused.value.field == field
    with pytest.raises(errors.Forbidden):
        _code(store, event.id, "MINE", at=clock.now, organizer="mallory")
    _order(store, "ann", event.id, (GENERAL, 2), code="SAVE", at=clock.now)
    with pytest.raises(errors.Invalid):
        promo_codes.update(store, "olga", event.id, "save", {"max_uses": 1}, clock.now)  # 2 used
    with pytest.raises(errors.PromoCodeUsed):
        promo_codes.delete(store, "olga", event.id, "SAVE", clock.now)
    assert promo_codes.update(store, "olga", event.id, "save", {"max_uses": 2}, clock.now)[1].left == 0
    events.cancel_event(store, "olga", event.id, clock.now)
    assert _uses(store, event.id) == 0  # nothing stands with it any more


def test_300_buyers_race_for_a_code_with_25_uses(any_store):
    """Uses under contention, on each store: orders of 1 or 2 tickets, two thirds with a code good
    for 25 tickets, for 100 seats; the code's count equals the tickets bought with it."""
    store = any_store
    event_id = rush_event(store, 100)
    _code(store, event_id, at=NOW, organizer="organizer", discount=20, max_uses=25)
    picks = random.Random(11)
    asks = [(picks.randint(1, 2), "SAVE" if i % 3 else None) for i in range(300)]
    results = race(300, lambda i: orders.place(store, f"u{i}", Wish(event_id, [Item(GENERAL, asks[i][0])], [],
                                                                     asks[i][1]), NOW, HOLD))
    placed = [r for r in results if not isinstance(r, str)]
    assert set(Counter(r for r in results if isinstance(r, str))) <= {"event_full", "promo_code_used_up"}
    with_code = sum(t.promo_code == "SAVE" for p in placed for t in p.tickets)
    assert with_code == _uses(store, event_id) <= 25
    assert with_code >= 24  # no order that fitted was turned away while uses were left
    assert sum(len(p.tickets) for p in placed) == events.get_event(store, event_id).confirmed_count <= 100
