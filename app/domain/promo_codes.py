"""Promo and access codes (docs/orders.md, "Codes"): what an organizer sets of them, and the one
rule that finds a code a buyer typed. What a code takes off a ticket is `PromoCode.off`
(app/domain/offers.py); its uses are counted by the seat aggregate (app/domain/seats.py) in the
transaction that seats or frees a ticket bought with it (invariant 17)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from app.domain.errors import Invalid, NotFound, PromoCodeUsed
from app.domain.events import event_for, load_event
from app.domain.models import Event
from app.domain.offers import DiscountKind, PromoCode, TicketType
from app.domain.ports import Store, Transaction
from app.domain.roles import Task, may, role_of
from app.domain.ticket_types import changeable, of_event


def normal(code: str) -> str:
    """Codes are typed in any case and read out loud: one spelling each."""
    return code.strip().upper()


def valid_code(tx: Transaction, event: Event, typed: str, now: datetime) -> PromoCode:
    """The event's code a buyer typed, valid now (`usable`)."""
    return usable(tx.promo_codes.get(event.id, normal(typed)), now)


def usable(code: PromoCode | None, now: datetime) -> PromoCode:
    """The code, when there is one and it is valid now; one answer for a wrong one and an expired
    one, so a code cannot be guessed from which it is."""
    if code is None or not code.valid_at(now):
        raise Invalid("promo_code", "no such code, or it is not valid now")
    return code


@dataclass(frozen=True)
class Offer:
    event: Event
    types: list[TicketType]
    code: PromoCode | None  # the one typed
    manages: bool  # the viewer is the organizer or a manager: sees every type and its figures


def offered(store: Store, event_id: str, viewer_id: str | None, typed_code: str | None,
            now: datetime) -> Offer:
    """The event's types as a buyer is offered them: a hidden one only with a code that reveals
    it (its organizer and managers see every one), with the code they typed (Invalid when it is
    not one)."""
    def read(tx: Transaction) -> Offer:
        event = load_event(tx, event_id)
        code = valid_code(tx, event, typed_code, now) if typed_code else None
        manages = viewer_id is not None and may(role_of(tx, event, viewer_id), Task.MANAGE)
        types = [kind for kind in of_event(tx, event) if not kind.hidden or manages
                 or (code is not None and code.applies_to(kind))]
        return Offer(event, types, code, manages)

    return store.read(read)


def _checked(tx: Transaction, event: Event, code: PromoCode) -> PromoCode:
    if code.discount_kind == DiscountKind.PERCENT and not 0 <= code.discount <= 100:
        raise Invalid("discount", "a percentage is 0 to 100")
    if code.discount < 0:
        raise Invalid("discount", "must not be negative")
    known = {kind.id for kind in of_event(tx, event)}
    if set(code.type_ids) - known:
        raise Invalid("type_ids", "names a ticket type this event does not have")
    if code.valid_from is not None and code.valid_until is not None and code.valid_from >= code.valid_until:
        raise Invalid("valid_until", "must be after valid_from")
    if code.max_uses is not None and code.max_uses < code.used:
        raise Invalid("max_uses", "must not be below the {used} tickets bought with it", used=code.used)
    return replace(code, type_ids=sorted(set(code.type_ids)))


def listed(store: Store, actor_id: str, event_id: str) -> tuple[Event, list[PromoCode]]:
    """The event's codes with their uses, for its organizer (with the event: their currency)."""
    return store.read(lambda tx: (event_for(tx, actor_id, event_id, Task.MANAGE),
                                  tx.promo_codes.of_event(event_id)))


def create(store: Store, actor_id: str, event_id: str, code: str, fields: dict[str, Any],
           now: datetime) -> tuple[Event, PromoCode]:
    def apply(tx: Transaction) -> tuple[Event, PromoCode]:
        event = changeable(tx, actor_id, event_id, now)
        if tx.promo_codes.get(event_id, normal(code)) is not None:
            raise Invalid("code", "this event has this code already")
        made = _checked(tx, event, PromoCode(event_id=event_id, code=normal(code), created_at=now,
                                             updated_at=now, **fields))
        tx.promo_codes.put(made)
        return event, made

    return store.run(apply)


def update(store: Store, actor_id: str, event_id: str, code: str, changes: dict[str, Any],
           now: datetime) -> tuple[Event, PromoCode]:
    def apply(tx: Transaction) -> tuple[Event, PromoCode]:
        event = changeable(tx, actor_id, event_id, now)
        current = tx.promo_codes.get(event_id, normal(code))
        if current is None:
            raise NotFound("no such code")
        changed = _checked(tx, event, replace(current, **changes, updated_at=now))
        tx.promo_codes.put(changed)
        return event, changed

    return store.run(apply)


def delete(store: Store, actor_id: str, event_id: str, code: str, now: datetime) -> None:
    """Remove a code nobody bought a standing ticket with (else end its validity)."""
    def apply(tx: Transaction) -> None:
        changeable(tx, actor_id, event_id, now)
        current = tx.promo_codes.get(event_id, normal(code))
        if current is None:
            raise NotFound("no such code")
        if current.used:
            raise PromoCodeUsed()
        tx.promo_codes.delete(event_id, current.code)

    store.run(apply)
