"""What the recommender keeps between requests (docs/recommendations.md): one record per event
and one per person, written whole by the full rebuild and kept fresh by the bus in between, and
the popular lists a newcomer is shown; and the platform's figures a turnout forecast starts
from (app/domain/turnout.py). Plain records: the arithmetic is app/domain/recommender.py,
the operations app/domain/recommendations.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

DIMENSIONS = 64  # of an event's content vector: TF-IDF reduced by truncated SVD
MAX_WENT = 50  # a person's most recent events that count (older ones are left out)
MAX_HIDDEN = 200
MAX_CO = 100  # co-attended events kept per event: the most shared first
POPULAR_LIST = 100  # events per popular list
ALL = "all"  # the popular list of every category and place


class Signal(StrEnum):
    """What a person did about an event, and how much it says they like such events."""

    REGISTERED = "registered"
    CHECKED_IN = "checked_in"
    LIKED = "liked"  # reviewed with 4 or 5 stars
    DISLIKED = "disliked"  # reviewed with 1 or 2 stars
    CANCELLED = "cancelled"


WEIGHT: dict[Signal, float] = {Signal.REGISTERED: 1.0, Signal.CHECKED_IN: 1.5, Signal.LIKED: 2.0,
                               Signal.DISLIKED: -1.0, Signal.CANCELLED: 0.2}


def popular_key(category: str | None = None, city: str | None = None) -> str:
    return f"category:{category}" if category else f"city:{city}" if city else ALL


@dataclass
class ItemTaste:
    """One upcoming or recent event as the recommender sees it."""

    event_id: str
    organizer_id: str
    title: str
    category: str
    tags: list[str]
    city: str  # from the location text (recommender.city_of); "" when it names none
    starts_at: datetime
    vector: list[float]  # unit length, DIMENSIONS (the rebuild's)
    similar: list[str] = field(default_factory=list)  # content neighbours, nearest first (rebuild)
    co: dict[str, int] = field(default_factory=dict)  # event -> people who went to both (bus)
    going: int = 0  # people who went or are going (bus)
    recent: int = 0  # of them, those who registered in the rebuild's last week

    def most_shared(self, limit: int) -> list[str]:
        """The events most of its people also went to, the most shared first (ties by id)."""
        return sorted(self.co, key=lambda e: (-self.co[e], e))[:limit]


@dataclass
class PersonTaste:
    """What one person's recommendations start from; only while personalisation is on."""

    user_id: str
    went: dict[str, float] = field(default_factory=dict)  # event -> signal weight, oldest first
    hidden: list[str] = field(default_factory=list)  # "not interested", oldest first
    vector: list[float] = field(default_factory=list)  # interests + history - hidden (rebuild)
    cities: list[str] = field(default_factory=list)  # of their recent events, most often first
    picks: list[str] = field(default_factory=list)  # the rebuild's best candidates for them
    built_at: datetime | None = None


DEFAULT_RATE, DEFAULT_SD = 0.8, 0.15  # before any event at all was checked in on the platform


@dataclass
class Norms:
    """The platform's check-in rate and sales curves, from every recent past event."""

    rate: float = DEFAULT_RATE
    rate_sd: float = DEFAULT_SD  # how much organizers' own rates differ
    events: int = 0
    shares: dict[str, list[float]] = field(default_factory=dict)  # days before -> [p10, p50, p90]
    within_sd: float = DEFAULT_SD  # how much one organizer's events differ from each other
