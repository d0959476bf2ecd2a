"""Recommendations (docs/recommendations.md): "For you", similar events, "not interested"; the
full rebuild of the model (a scheduled task, never a request) and what the bus keeps fresh in
between (a registration updates co-attendance counts at once).

A request reads a handful of records (the person's, their latest events', the candidates') and
ranks up to a few hundred candidates with app/domain/recommender.py: nothing is fitted on its
path."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from app.domain import recommender as rk
from app.domain.events import load_event
from app.domain.message_data import (
    MessageData,
    PaymentPaid,
    RegistrationCancelled,
    RegistrationChanged,
    RegistrationPromoted,
    ReviewCreated,
    TicketCheckedIn,
)
from app.domain.models import CONFIRMED, Event, Message, Visibility, WindowCounter
from app.domain.ports import Store, Transaction
from app.domain.recommender_fit import LOOKBACK, Corpus, fit
from app.domain.taste import (
    MAX_HIDDEN,
    MAX_WENT,
    WEIGHT,
    ItemTaste,
    PersonTaste,
    Signal,
)

# Where no scheduler calls /tasks/refresh-recommendations (the embedded default), a rebuild waits
# ten times as long as the last one took, at least a minute and at most an hour: a laptop's few
# events are picked up within the minute, a big model is not refitted back to back.
REBUILD_PAUSE, REBUILD_SOONEST, REBUILD_LATEST = 10, timedelta(minutes=1), timedelta(hours=1)
_REBUILT = "recommender:rebuilt"  # the counter that says when the model was last rebuilt
SHORTLIST = 6  # candidates given a reason per place asked for: some are closed, held or one too many
WRITE_BATCH = 400  # records per transaction: under Firestore's 500 writes
# what the recommendations topic carries: something a person did about an event
Signalled = (RegistrationChanged, RegistrationCancelled, RegistrationPromoted, TicketCheckedIn, ReviewCreated,
             PaymentPaid)


@dataclass(frozen=True)
class Recommendation:
    event: Event
    reason: rk.Reason


@dataclass(frozen=True)
class Rebuilt:
    events: int
    people: int
    forgotten: int


def _open(event: Event | None, now: datetime) -> bool:
    return event is not None and event.visibility == Visibility.PUBLIC and event.sales_open(now)


def recommended(store: Store, user_id: str, limit: int, now: datetime) -> list[Recommendation]:
    """Upcoming, open, public events this person does not hold, organise or hid, best first,
    each with its reason; with personalisation off, the popular ones."""
    def read(tx: Transaction) -> list[Recommendation]:
        user = tx.users.get(user_id)
        person = tx.tastes.person(user_id) or PersonTaste(user_id)
        personal = user is not None and user.personalised
        taster = (rk.Taster(person.vector, person.went, user.interest_categories, user.interest_tags,
                            person.cities) if personal and user is not None else rk.Taster([], {}))
        went_items = tx.tastes.items(list(taster.went)[-rk.RECENT_WENT:])
        wanted = rk.candidates(taster, person.picks if personal else [], went_items, tx.tastes.popular(),
                               person.hidden)
        candidates = [i for i in tx.tastes.items(wanted, whole=False).values() if i.organizer_id != user_id]
        weights = rk.HYBRID if personal else rk.POPULAR_ONLY
        scored = rk.rank(taster, went_items, candidates, weights, keep=limit * SHORTLIST)
        return _shortlist(tx, user_id, scored, limit, now)

    return store.read(read)


def _shortlist(tx: Transaction, user_id: str, scored: list[rk.Scored], limit: int,
               now: datetime) -> list[Recommendation]:
    """The best `limit` that are still open and not held, a few of each organizer at most (read
    a few at a time: most lists are filled by the first ones)."""
    kept: list[Recommendation] = []
    cap = rk.OrganizerCap()
    step = limit * 2
    for start in range(0, len(scored), step):
        part = scored[start:start + step]
        events = tx.events.brief([s.event_id for s in part])
        for s in part:
            event = events.get(s.event_id)
            if event is None or not _open(event, now) or not cap.admits(event.organizer_id):
                continue
            if tx.registrations.active_of(s.event_id, user_id) is not None:  # the bus has not told us yet
                continue
            cap.take(event.organizer_id)
            kept.append(Recommendation(event, s.reason))
            if len(kept) == limit:
                return kept
    return kept


def similar(store: Store, event_id: str, limit: int, now: datetime) -> list[Event]:
    """Open public events like this one: nearest in content, and those its people also go to."""
    def read(tx: Transaction) -> list[Event]:
        load_event(tx, event_id)
        item = tx.tastes.items([event_id]).get(event_id)
        if item is None:  # made after the last rebuild
            return []
        near = tx.tastes.nearest(item, limit * 3)
        also = item.most_shared(limit * 3)
        candidates = tx.tastes.items([*near, *also], whole=False)
        scored = sorted(
            ((sum(a * b for a, b in zip(item.vector, c.vector, strict=False))
              + item.co.get(c.event_id, 0) / max(item.going, 1), c.event_id)
             for c in candidates.values() if c.event_id != event_id), reverse=True)
        events = tx.events.brief([e for _, e in scored])
        return [events[e] for _, e in scored if _open(events.get(e), now)][:limit]

    return store.read(read)


def not_interested(store: Store, user_id: str, event_id: str) -> None:
    """Hide the event from this person's recommendations; the next rebuild also steers away from
    events like it. Saying it again changes nothing."""
    def hide(tx: Transaction) -> None:
        load_event(tx, event_id)
        person = tx.tastes.person(user_id) or PersonTaste(user_id)
        if event_id not in person.hidden:
            person.hidden = [*person.hidden, event_id][-MAX_HIDDEN:]
            tx.tastes.put_person(person)

    store.run(hide)


def learn(tx: Transaction, message: Message, data: MessageData) -> None:
    """recommendations topic: bring the person's record and co-attendance counts in line with
    what they hold now (read from the store, not from the message, so duplicated or reordered
    deliveries end the same)."""
    if not isinstance(data, Signalled):
        return
    user_id, event_id = data.user_id, data.event_id
    user = tx.users.get(user_id)
    if user is None or not user.personalised:
        return
    person = tx.tastes.person(user_id) or PersonTaste(user_id)
    weight = _weight_now(tx, event_id, user_id)
    before = person.went.get(event_id)
    if weight == before:
        return
    items = tx.tastes.items([*person.went, event_id])
    item = items.get(event_id) or _new_item(tx, event_id)
    others = [items[e] for e in person.went if e != event_id and e in items]
    if weight is None:  # cancelled: they are not going after all
        del person.went[event_id]
    else:  # going, checked in or reviewed: the latest thing they did
        person.went = {**{e: w for e, w in person.went.items() if e != event_id}, event_id: weight}
        person.went = dict(list(person.went.items())[-MAX_WENT:])
    if (before is None) != (weight is None) and item is not None:  # going now, or no longer
        _count(item, others, +1 if before is None else -1)
        tx.tastes.put_items([item, *others])
    tx.tastes.put_person(person)


def _weight_now(tx: Transaction, event_id: str, user_id: str) -> float | None:
    registration = tx.registrations.active_of(event_id, user_id)
    if registration is None or registration.status != CONFIRMED:
        return None
    review = tx.reviews.get(event_id, user_id)
    if review is not None and review.rating != 3:
        return WEIGHT[Signal.LIKED if review.rating >= 4 else Signal.DISLIKED]
    return WEIGHT[Signal.CHECKED_IN if registration.checked_in_at else Signal.REGISTERED]


def _new_item(tx: Transaction, event_id: str) -> ItemTaste | None:
    """An event made since the last rebuild: known by its co-attendance until the next one
    gives it a content vector."""
    event = tx.events.get(event_id)
    if event is None:
        return None
    return ItemTaste(event.id, event.organizer_id, event.title, event.category, list(event.tags),
                     rk.city_of(event.location), event.starts_at, [])


def _count(item: ItemTaste, others: list[ItemTaste], step: int) -> None:
    item.going = max(item.going + step, 0)
    for other in others:
        for a, b in ((item, other), (other, item)):
            a.co[b.event_id] = a.co.get(b.event_id, 0) + step
            if a.co[b.event_id] <= 0:
                del a.co[b.event_id]


def rebuild(store: Store, now: datetime, clock: Callable[[], float] = time.monotonic) -> Rebuilt:
    """Fit the whole model again from the store and write it, a batch per transaction; then say
    when the next rebuild is due where nothing else schedules it (`claim_rebuild`)."""
    began = clock()
    since = now - LOOKBACK

    def read(tx: Transaction) -> Corpus:
        hidden = {p.user_id: p.hidden for p in tx.tastes.every_person() if p.hidden}
        return Corpus(list(tx.tastes.events_since(since)), list(tx.tastes.attendance_since(since)),
                      list(tx.tastes.ratings_since(since)), list(tx.tastes.people()), hidden, now)

    fitted = fit(store.read(read))
    for start in range(0, len(fitted.items), WRITE_BATCH):
        store.run(lambda tx, s=start: tx.tastes.put_items(fitted.items[s:s + WRITE_BATCH]))  # type: ignore[misc]
    while store.run(lambda tx: tx.tastes.drop_items(since)):
        pass
    people = fitted.people + [PersonTaste(u) for u in fitted.forgotten]
    for start in range(0, len(people), WRITE_BATCH):
        store.run(lambda tx, s=start: _write_people(tx, people[s:s + WRITE_BATCH]))  # type: ignore[misc]
    store.run(lambda tx: tx.tastes.put_popular(fitted.popular))
    store.run(lambda tx: tx.tastes.put_norms(fitted.norms))
    pause = min(max(timedelta(seconds=(clock() - began) * REBUILD_PAUSE), REBUILD_SOONEST), REBUILD_LATEST)
    store.run(lambda tx: tx.counters.put(WindowCounter(_REBUILT, 1, now + pause)))
    return Rebuilt(len(fitted.items), len(fitted.people), len(fitted.forgotten))


def claim_rebuild(store: Store, now: datetime) -> bool:
    """Whether a rebuild is due and this caller is the one to run it (the embedded default's
    dispatcher asks every sweep, in every worker; the claim is in the store). A rebuild that
    never ends its claim (its process died) is due again after REBUILD_LATEST."""
    def claim(tx: Transaction) -> bool:
        last = tx.counters.get(_REBUILT)
        if last is not None and last.expires_at > now:
            return False
        tx.counters.put(WindowCounter(_REBUILT, 1, now + REBUILD_LATEST))
        return True

    return store.run(claim)


def _write_people(tx: Transaction, people: list[PersonTaste]) -> None:
    """Each person as fitted, keeping what they hid since the rebuild read (it is theirs, not
    the model's); one with personalisation off keeps nothing else, or no record at all."""
    for fitted in people:
        now_kept = tx.tastes.person(fitted.user_id)
        hidden = now_kept.hidden if now_kept else fitted.hidden
        if not fitted.vector and not fitted.went and not fitted.picks and not hidden:
            if now_kept is not None:
                tx.tastes.forget_person(fitted.user_id)
            continue
        tx.tastes.put_person(replace(fitted, hidden=hidden))
