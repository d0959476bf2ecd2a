"""A synthetic community for the offline evaluation (docs/evaluation.md): people, organizers,
events, registrations, check-ins and reviews drawn from a documented generative story, seeded,
so every figure in the report can be made again.

The story: each person has a home city (cities are Zipf-popular), a taste over categories (a
Dirichlet draw, peaked) and a taste over five hidden "styles" that no text names (mainstream,
indie, academic, ...); some say their favourite category as an interest. Each organizer has a
city, a main category, a style and a quality; their events mostly share them. An event's text is
drawn from its category's words and generic ones; it has a popularity (log-normal) and a season.
People register for events drawn with weight taste[category] x style[style] x popularity x season
x place (their city, or a tenth of it elsewhere), each some days before the start; some check in
(the organizer's rate, varying by event); some review, with a rating that follows the experience
(quality and how well the event fits them) and words that say so. Collaborative filtering can
learn the styles from co-attendance; content can learn categories; place and popularity are
there for both."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np

from app.domain.catalog import Category
from app.domain.models import Event as EventRecord
from app.domain.models import EventStatus, RegistrationStatus, Review, User, Visibility
from app.domain.repositories import Attendance

START = datetime(2025, 1, 6, tzinfo=UTC)  # a Monday; the community's first week
CATEGORIES = [c.value for c in Category if c != Category.OTHER]
CITIES = ["almaty", "astana", "shymkent", "karaganda", "aktobe", "taraz", "pavlodar", "oskemen"]
STYLES = 5
WORDS = {
    "music": "concert band jazz rock live stage guitar piano vocal dj festival orchestra",
    "tech": "python cloud data startup code ai devops security api kubernetes hackathon web",
    "business": "founders sales marketing finance pitch networking leadership strategy growth",
    "arts": "gallery painting exhibition sculpture craft design photography studio canvas",
    "film": "cinema screening documentary director premiere short films festival indie",
    "sports": "run marathon football yoga cycling match training fitness tournament",
    "health": "wellbeing meditation nutrition sleep clinic mental health workshop",
    "food": "tasting chef cooking wine street food dinner coffee bakery market",
    "education": "lecture course seminar teachers students learning language school",
    "science": "physics biology astronomy lab research talk space chemistry",
    "community": "volunteers neighbours meetup charity local club gathering",
    "family": "kids parents children playground puppet family weekend",
    "travel": "hiking trip mountains tour guide camping backpacking",
    "games": "board games chess esports tournament quiz dungeon cards",
}
GENERIC = ["evening", "night", "weekend", "open", "friendly", "new", "people", "join", "us", "together",
           "session", "special"]
GOOD = ["Loved the {w}, great evening.", "The {w} was brilliant and the crowd friendly.",
        "Wonderful {w}, would come again."]
MEH = ["The {w} was fine.", "An ordinary {w}, nothing special.", "Okay {w}, a bit long."]
BAD = ["The {w} was awful and the queue endless.", "Terrible sound, boring {w}.",
       "Disappointing {w}, poorly organised."]


@dataclass(frozen=True)
class Params:
    """Everything the story draws from; the report prints them."""

    seed: int = 20261201
    people: int = 4000
    organizers: int = 300
    events: int = 3000
    weeks: int = 26
    interest_share: float = 0.5  # of people who state their favourite category
    taste_concentration: float = 0.3  # Dirichlet: lower is more peaked
    style_concentration: float = 0.4
    registrations_per_person: float = 8.0  # mean over the whole period (Poisson, per person rate)
    elsewhere: float = 0.1  # weight of an event in another city
    review_share: float = 0.35  # of checked-in tickets


@dataclass
class Community:
    params: Params
    users: list[User]
    events: list[EventRecord]
    attendance: list[Attendance]
    reviews: list[Review]
    quality: dict[str, float] = field(default_factory=dict)  # organizer -> quality


def _zipf(n: int, s: float = 1.1) -> np.ndarray:
    w = 1 / np.arange(1, n + 1) ** s
    return np.asarray(w / w.sum())


def build(params: Params = Params()) -> Community:
    rng = np.random.default_rng(params.seed)
    n_cat, city_p = len(CATEGORIES), _zipf(len(CITIES))
    cat_p = _zipf(n_cat, 0.6)
    # people
    home = rng.choice(len(CITIES), params.people, p=city_p)
    taste = rng.dirichlet([params.taste_concentration] * n_cat, params.people) * 0.8 + 0.2 * cat_p
    style = rng.dirichlet([params.style_concentration] * STYLES, params.people)
    activity = rng.lognormal(0, 0.7, params.people)
    users = []
    for i in range(params.people):
        favourite = Category(CATEGORIES[int(taste[i].argmax())])
        stated = [favourite] if rng.random() < params.interest_share else []
        users.append(User(id=f"p{i}", email=f"p{i}@example.com", username=f"p{i}", first_name="P",
                          last_name=str(i), created_at=START, updated_at=START, interest_categories=stated))
    # organizers and their events
    org_city = rng.choice(len(CITIES), params.organizers, p=city_p)
    org_cat = rng.choice(n_cat, params.organizers, p=cat_p)
    org_style = rng.integers(0, STYLES, params.organizers)
    quality = rng.normal(0, 1, params.organizers)
    org_rate = np.clip(rng.normal(0.75, 0.12, params.organizers), 0.2, 0.98)
    org_of = rng.choice(params.organizers, params.events, p=_zipf(params.organizers, 0.8))
    events, style_of = [], org_style[org_of]
    cat_of, city_of = np.zeros(params.events, int), np.zeros(params.events, int)
    pop = rng.lognormal(0, 1.0, params.events)
    span = params.weeks * 7 * 86400
    for e in range(params.events):
        o = int(org_of[e])
        cat_of[e] = org_cat[o] if rng.random() < 0.8 else rng.choice(n_cat, p=cat_p)
        city_of[e] = org_city[o] if rng.random() < 0.85 else rng.choice(len(CITIES), p=city_p)
        starts = START + timedelta(seconds=float(rng.uniform(14 * 86400, span)))
        starts = starts.replace(minute=0, second=0, microsecond=0)
        words = WORDS[CATEGORIES[cat_of[e]]].split()
        title = " ".join(rng.choice(words, 2, replace=False)).title() + " " + str(rng.choice(GENERIC)).title()
        description = " ".join([*rng.choice(words, 8), *rng.choice(GENERIC, 4)])
        tags = list(dict.fromkeys(str(t) for t in rng.choice(words, int(rng.integers(1, 4)))))
        created = starts - timedelta(days=float(rng.uniform(14, 42)))
        events.append(EventRecord(
            id=f"e{e}", organizer_id=f"o{o}", title=title, description=description, starts_at=starts,
            ends_at=None, timezone="UTC", location=f"Hall {e % 7}, {CITIES[city_of[e]].title()}",
            capacity=10_000, price=0, currency="KZT", status=EventStatus.SCHEDULED, created_at=created,
            updated_at=created, category=Category(CATEGORIES[cat_of[e]]), tags=tags,
            visibility=Visibility.PUBLIC))
    week = np.array([(e.starts_at - START).days // 7 for e in events])
    season = 1 + 0.3 * np.sin(2 * math.pi * week / 52)
    # registrations, check-ins and reviews
    base = pop * season
    attendance: list[Attendance] = []
    reviews: list[Review] = []
    event_rate = np.clip(org_rate[org_of] + rng.normal(0, 0.05, params.events), 0.05, 1.0)
    for i in range(params.people):
        place = np.where(city_of == home[i], 1.0, params.elsewhere)
        weight = taste[i][cat_of] * style[i][style_of] * base * place
        k = min(int(rng.poisson(params.registrations_per_person * activity[i])), 60)
        if k == 0:
            continue
        chosen = rng.choice(params.events, k, replace=False, p=weight / weight.sum())
        for e in chosen:
            ev = events[e]
            lead = (ev.starts_at - ev.created_at).total_seconds()
            at = ev.created_at + timedelta(seconds=lead * float(rng.beta(2.0, 1.3)))
            checked = rng.random() < event_rate[e]
            attendance.append(Attendance(users[i].id, ev.id, RegistrationStatus.CONFIRMED, bool(checked), at))
            if checked and rng.random() < params.review_share:
                fit = taste[i][cat_of[e]] * n_cat + style[i][style_of[e]] * STYLES
                experience = quality[org_of[e]] + 0.4 * (fit - 2) + rng.normal(0, 0.8)
                rating = int(np.clip(np.digitize(experience, [-1.5, -0.5, 0.4, 1.2]) + 1, 1, 5))
                phrases = GOOD if rating >= 4 else BAD if rating <= 2 else MEH
                word = str(rng.choice(words_of(CATEGORIES[cat_of[e]])))
                reviews.append(Review(id=f"r{len(reviews)}", event_id=ev.id, user_id=users[i].id,
                                      username=users[i].username, rating=rating,
                                      comment=str(rng.choice(phrases)).format(w=word),
                                      created_at=ev.starts_at + timedelta(hours=3)))
    return Community(params, users, events, attendance, reviews, {f"o{o}": float(quality[o])
                                                                   for o in range(params.organizers)})


def words_of(category: str) -> list[str]:
    return WORDS[category].split()
