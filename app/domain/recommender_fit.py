"""The full rebuild's arithmetic: from every event, registration, review and person of the last
LOOKBACK, the records app/domain/taste.py describes. Pure (no store): the scheduled rebuild
(app/domain/recommendations.py) and the offline evaluation (eval/) both call `fit`.

Only people with personalisation on are learnt from: the others' registrations count nowhere,
not even in co-attendance or popularity, so turning it off forgets them at the next rebuild."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from app.domain import turnout
from app.domain.models import Event, EventStatus, RegistrationStatus, Review, User, Visibility
from app.domain.recommender import ContentModel, city_of, document, unit_rows
from app.domain.repositories import Attendance
from app.domain.taste import (
    MAX_CO,
    MAX_WENT,
    POPULAR_LIST,
    WEIGHT,
    ItemTaste,
    Norms,
    PersonTaste,
    Signal,
    popular_key,
)

if TYPE_CHECKING:
    import numpy as np

LOOKBACK = timedelta(days=365)  # what the model learns from
RECENT = timedelta(days=7)  # "popular this week"
SIMILAR = 20  # content neighbours kept per event
PICKS = 60  # candidates kept per person
CITY_LISTS = 200  # popular lists by city: the cities with the most upcoming events
INTEREST_WEIGHT = 2.0  # a stated interest counts as much as two events gone to
HIDDEN_WEIGHT = 0.5
_CHUNK = 2048  # rows per block of the similarity products (memory stays under ~100 MB)


@dataclass(frozen=True)
class Corpus:
    events: list[Event]
    attendance: list[Attendance]
    reviews: list[Review]
    people: list[User]
    hidden: dict[str, list[str]]  # person -> "not interested" events (kept across rebuilds)
    now: datetime


@dataclass
class Fitted:
    items: list[ItemTaste]
    people: list[PersonTaste]
    popular: dict[str, list[str]]
    forgotten: list[str] = field(default_factory=list)  # personalisation off: their records go
    norms: Norms = field(default_factory=Norms)


def signals(corpus: Corpus, personal: set[str]) -> dict[tuple[str, str], tuple[Signal, datetime]]:
    """(person, event) -> the strongest thing they did about it, and when they registered."""
    found: dict[tuple[str, str], tuple[Signal, datetime]] = {}
    for a in corpus.attendance:
        if a.user_id not in personal:
            continue
        if a.status == RegistrationStatus.CONFIRMED:
            signal = Signal.CHECKED_IN if a.checked_in else Signal.REGISTERED
        elif a.status == RegistrationStatus.CANCELLED:
            signal = Signal.CANCELLED
        else:
            continue  # waitlisted or paying: not yet a choice made
        key = (a.user_id, a.event_id)
        if key not in found or found[key][0] == Signal.CANCELLED:  # a later registration wins
            found[key] = (signal, a.registered_at)
    for r in corpus.reviews:
        key = (r.user_id, r.event_id)
        if key in found and found[key][0] != Signal.CANCELLED and r.rating != 3:
            found[key] = (Signal.LIKED if r.rating >= 4 else Signal.DISLIKED, found[key][1])
    return found


def _candidate(event: Event, now: datetime) -> bool:
    return (event.status == EventStatus.SCHEDULED and event.visibility == Visibility.PUBLIC
            and event.starts_at > now)


def fit(corpus: Corpus) -> Fitted:
    import numpy as np
    from scipy import sparse

    now = corpus.now
    events = [e for e in corpus.events if e.starts_at >= now - LOOKBACK]
    index = {e.id: i for i, e in enumerate(events)}
    texts = [document(e.title, e.description, e.category, e.tags) for e in events]
    content, vectors = ContentModel.fit(texts)
    personal_users = [u for u in corpus.people if u.personalised]
    personal = {u.id for u in personal_users}
    found = {k: v for k, v in signals(corpus, personal).items() if k[1] in index}

    # co-attendance: people x events, 1 where they went (or are going); C = X^T X
    people_index = {u: i for i, u in enumerate(sorted({u for u, _ in found}))}
    active = [(people_index[u], index[e]) for (u, e), (s, _) in found.items() if s != Signal.CANCELLED]
    rows, cols = zip(*active, strict=True) if active else ((), ())
    x = sparse.csr_matrix((np.ones(len(active)), (rows, cols)), shape=(len(people_index), len(events)))
    co = (x.T @ x).tocsr()
    going = np.asarray(x.sum(axis=0)).ravel().astype(int)
    recent = Counter(e for (_, e), (s, at) in found.items() if s != Signal.CANCELLED and at >= now - RECENT)

    upcoming = np.array([i for i, e in enumerate(events) if _candidate(e, now)], dtype=int)
    cities = [city_of(e.location) for e in events]
    items = [ItemTaste(e.id, e.organizer_id, e.title, e.category, list(e.tags), cities[i], e.starts_at,
                       [round(float(v), 4) for v in vectors[i]], [], _top_co(co, i, events), int(going[i]),
                       recent[e.id])
             for i, e in enumerate(events)]
    for i, neighbours in _nearest(vectors, upcoming):
        items[i].similar = [events[j].id for j in neighbours if j != i][:SIMILAR]

    pop = np.log1p(2 * np.array([it.recent for it in items]) + going)
    popular = _popular_lists(items, upcoming, pop)
    people = _people(corpus, personal_users, found, index, items, content, vectors, upcoming, pop)
    forgotten = [u.id for u in corpus.people if not u.personalised]
    return Fitted(items, people, popular, forgotten, turnout.norms_of(_past(corpus)))


def _past(corpus: Corpus) -> list[turnout.Past]:
    """Every past event's held tickets, for the platform's turnout norms (everyone's: a rate is
    no one's signal)."""
    held: dict[str, list[tuple[datetime, bool]]] = {}
    for a in corpus.attendance:
        if a.status == RegistrationStatus.CONFIRMED:
            held.setdefault(a.event_id, []).append((a.registered_at, a.checked_in))
    return [(e.organizer_id, e.starts_at, held.get(e.id, [])) for e in corpus.events
            if e.starts_at <= corpus.now and e.status == EventStatus.SCHEDULED]


def _top_co(co: object, i: int, events: list[Event]) -> dict[str, int]:
    row = co.getrow(i)  # type: ignore[attr-defined]
    pairs = sorted(((int(c), int(j)) for j, c in zip(row.indices, row.data, strict=True) if j != i),
                   reverse=True)
    return {events[j].id: c for c, j in pairs[:MAX_CO]}


def _nearest(vectors: np.ndarray, among: np.ndarray) -> list[tuple[int, list[int]]]:
    """For every row, the rows of `among` nearest it (cosine: the rows are unit length)."""
    import numpy as np

    if len(among) == 0:
        return []
    pool = vectors[among]
    found = []
    for start in range(0, len(vectors), _CHUNK):
        block = vectors[start:start + _CHUNK] @ pool.T
        k = min(SIMILAR + 1, len(among))
        best = np.argpartition(-block, k - 1, axis=1)[:, :k]
        for r in range(block.shape[0]):
            order = best[r][np.argsort(-block[r, best[r]])]
            found.append((start + r, [int(among[j]) for j in order if block[r, j] > 0]))
    return found


def _popular_lists(items: list[ItemTaste], upcoming: np.ndarray, pop: np.ndarray) -> dict[str, list[str]]:
    order = sorted(upcoming.tolist(), key=lambda i: (-pop[i], items[i].starts_at, items[i].event_id))
    lists: dict[str, list[str]] = {popular_key(): [items[i].event_id for i in order[:POPULAR_LIST]]}
    by_city = Counter(items[i].city for i in order if items[i].city)
    for i in order:
        keys = [popular_key(category=items[i].category)]
        if items[i].city in by_city:
            keys.append(popular_key(city=items[i].city))
        for key in keys:
            if len(lists.setdefault(key, [])) < POPULAR_LIST:
                lists[key].append(items[i].event_id)
    cities = {popular_key(city=c) for c, _ in by_city.most_common(CITY_LISTS)}
    lists = {k: v for k, v in lists.items() if not k.startswith("city:") or k in cities}
    return lists


def _people(corpus: Corpus, users: list[User], found: dict[tuple[str, str], tuple[Signal, datetime]],
            index: dict[str, int], items: list[ItemTaste], content: ContentModel, vectors: np.ndarray,
            upcoming: np.ndarray, pop: np.ndarray) -> list[PersonTaste]:
    import numpy as np

    by_person: dict[str, list[tuple[datetime, str, Signal]]] = {}
    for (u, e), (s, at) in found.items():
        by_person.setdefault(u, []).append((at, e, s))
    interests = content.transform([" ".join([*u.interest_categories, *u.interest_tags]) for u in users])
    people, matrix = [], np.zeros((len(users), vectors.shape[1]))
    for n, user in enumerate(users):
        history = sorted(by_person.get(user.id, []))
        hidden = [e for e in corpus.hidden.get(user.id, []) if e in index]
        v = sum((WEIGHT[s] * vectors[index[e]] for _, e, s in history), np.zeros(vectors.shape[1]))
        if user.interest_categories or user.interest_tags:
            v = v + INTEREST_WEIGHT * interests[n]
        v = v - HIDDEN_WEIGHT * sum((vectors[index[e]] for e in hidden), np.zeros(vectors.shape[1]))
        matrix[n] = v
        went = {e: WEIGHT[s] for _, e, s in history if s != Signal.CANCELLED}
        went = dict(list(went.items())[-MAX_WENT:])
        places = Counter(items[index[e]].city for e in went if items[index[e]].city)
        people.append(PersonTaste(user.id, went, corpus.hidden.get(user.id, []), [],
                                  [c for c, _ in places.most_common(3)], [], corpus.now))
    matrix = unit_rows(matrix)
    for n, person in enumerate(people):
        person.vector = [round(float(v), 4) for v in matrix[n]]
    _picks(people, users, matrix, items, index, vectors, upcoming, pop)
    return people


def _picks(people: list[PersonTaste], users: list[User], matrix: np.ndarray, items: list[ItemTaste],
           index: dict[str, int], vectors: np.ndarray, upcoming: np.ndarray, pop: np.ndarray) -> None:
    """Each person's PICKS best upcoming events by content, interest, popularity and place (the
    request adds co-attendance, which the bus keeps fresher than any rebuild)."""
    import numpy as np

    if len(upcoming) == 0:
        return
    pool = vectors[upcoming]
    base = 0.4 * pop[upcoming] / (pop[upcoming].max() or 1.0)
    categories = np.array([items[i].category for i in upcoming])
    cities = np.array([items[i].city for i in upcoming])
    for start in range(0, len(people), _CHUNK):
        block = np.clip(matrix[start:start + _CHUNK] @ pool.T, 0, None) + base
        for r in range(block.shape[0]):
            person, user = people[start + r], users[start + r]
            row = block[r]
            if user.interest_categories:
                row = row + 0.6 * np.isin(categories, list(user.interest_categories))
            if person.cities:
                row = row + 0.4 * np.isin(cities, person.cities)
            seen = {index[e] for e in [*person.went, *person.hidden] if e in index}
            k = min(PICKS + len(seen), len(upcoming))
            best = np.argpartition(-row, k - 1)[:k]
            ordered = best[np.argsort(-row[best])]
            person.picks = [items[upcoming[j]].event_id for j in ordered if upcoming[j] not in seen][:PICKS]
