"""What an event is about: one category from a fixed taxonomy and up to MAX_TAGS free tags, the
words people filter the list by and, later, what recommendations learn from (docs/api.md,
"Categories and tags")."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum


class Category(StrEnum):
    MUSIC = "music"
    TECH = "tech"
    BUSINESS = "business"
    ARTS = "arts"
    FILM = "film"
    SPORTS = "sports"
    HEALTH = "health"
    FOOD = "food"
    EDUCATION = "education"
    SCIENCE = "science"
    COMMUNITY = "community"
    FAMILY = "family"
    TRAVEL = "travel"
    GAMES = "games"
    OTHER = "other"  # what an event made before categories existed is


MAX_TAGS = 5
MAX_TAG_LENGTH = 30
_NOT_TAG = re.compile(r"[^\w]+")


def normal_tag(text: str) -> str:
    """One spelling per tag, whatever the case, accents or spacing: "Café  Jazz" and "cafe-jazz"
    are one tag ("cafe-jazz"). Letters of every script stay (Cyrillic included)."""
    stripped = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _NOT_TAG.sub("-", stripped.casefold().replace("_", "-")).strip("-")[:MAX_TAG_LENGTH].strip("-")


def normal_tags(texts: list[str]) -> list[str]:
    """Each tag once, in the order given, empty ones left out."""
    return list(dict.fromkeys(t for t in (normal_tag(x) for x in texts) if t))
