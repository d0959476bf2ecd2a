"""What an organizer learns from the reviews of an event (issue 28, section 3): how the ratings
fall, how many reviews read positive, neutral or negative, and the words that set the praised
apart from the criticised, each with a sentence it came from; for one event or across all of an
organizer's events of the last year.

Tone: VADER (`vaderSentiment`) on English text, with its own thresholds (compound >= 0.05
positive, <= -0.05 negative); VADER knows English only, so text in another language, or too short
to tell (under three words), is judged by its rating (4-5 positive, 3 neutral, 1-2 negative). The
language is detected with lingua (`lingua-language-detector`, which reads short text far better
than n-gram profile detectors: "Awful sound, endless queue." is English to it), among the
languages our people write and the ones English is most often mistaken for, in its low-accuracy
mode (about 30 MB, loaded on first use; its full models take 200 MB more for little gain here).
Themes: TF-IDF (scikit-learn) over every comment, English stop words left out, single words and
pairs; a term's mean weight in the 4-5 star comments minus its mean weight in the 1-2 star ones
ranks what is praised (highest) and criticised (lowest). scikit-learn is imported on first use:
it adds tens of megabytes to a worker that never asks.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from app.domain.events import event_for, recent_past
from app.domain.models import Review, every_item
from app.domain.ports import Store, Transaction
from app.domain.roles import Task

# Kazakh and Russian (our people's), English, and the languages of Latin script it is taken for
DETECTED = (Language.ENGLISH, Language.RUSSIAN, Language.KAZAKH, Language.GERMAN, Language.FRENCH,
            Language.SPANISH, Language.ITALIAN, Language.PORTUGUESE, Language.DUTCH, Language.TURKISH)
POSITIVE_AT, NEGATIVE_AT = 0.05, -0.05  # VADER's own thresholds for its compound score
MIN_WORDS = 3
THEMES = 5
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_PAGE = 200
ACROSS_EVENTS = 100
_vader = SentimentIntensityAnalyzer()


class Tone(StrEnum):
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


@dataclass(frozen=True)
class Theme:
    term: str
    weight: float  # the difference of mean TF-IDF weights between the two groups
    example: str  # a sentence of a comment of its group that holds it


@dataclass(frozen=True)
class Insight:
    reviews: int
    ratings: dict[int, int]  # stars -> how many
    tones: dict[Tone, int]
    judged_by_text: int  # of the tones: from English text (the rest from the rating)
    praised: list[Theme]
    criticised: list[Theme]


@cache
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*DETECTED).with_low_accuracy_mode().build()


def language(text: str) -> str | None:
    """The ISO 639-1 code of the text's language; None for text too short or without letters."""
    if len(text.split()) < MIN_WORDS:
        return None
    found = _detector().detect_language_of(text)
    return found.iso_code_639_1.name.lower() if found is not None else None


def _tone(value: float, positive: float, negative: float) -> Tone:
    return Tone.POSITIVE if value >= positive else Tone.NEGATIVE if value <= negative else Tone.NEUTRAL


def tone_of(review: Review) -> tuple[Tone, bool]:
    """The review's tone, and whether its text (not its rating) said it."""
    if review.comment and language(review.comment) == "en":
        return _tone(_vader.polarity_scores(review.comment)["compound"], POSITIVE_AT, NEGATIVE_AT), True
    return _tone(review.rating, 4, 2), False


def themes(high: list[str], low: list[str]) -> tuple[list[Theme], list[Theme]]:
    """The terms that set the high-rated comments apart from the low-rated ones, both ways."""
    if not high and not low:
        return [], []
    import numpy as np  # heavy, both: imported on first use
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = high + low
    vectorizer = TfidfVectorizer(stop_words="english", ngram_range=(1, 2), sublinear_tf=True)
    try:
        weights = vectorizer.fit_transform(texts)
    except ValueError:  # nothing but stop words
        return [], []
    terms = vectorizer.get_feature_names_out()
    zero = np.zeros(len(terms))
    mean_high = np.asarray(weights[: len(high)].mean(axis=0)).ravel() if high else zero
    mean_low = np.asarray(weights[len(high):].mean(axis=0)).ravel() if low else zero
    contrast = mean_high - mean_low
    order = contrast.argsort()

    def pick(indices: list[int], group: list[str]) -> list[Theme]:
        return [Theme(str(terms[i]), round(float(abs(contrast[i])), 4), _example(str(terms[i]), group))
                for i in indices if contrast[i] != 0][:THEMES]

    return pick(list(order[::-1]), high), pick(list(order), low)


def _example(term: str, comments: list[str]) -> str:
    pattern = re.compile(rf"\b{re.escape(term)}\b", re.IGNORECASE)
    for comment in comments:
        for sentence in _SENTENCE.split(comment):
            if pattern.search(sentence):
                return sentence.strip()
    return ""


def event_insight(store: Store, actor_id: str, event_id: str) -> Insight:
    def read(tx: Transaction) -> list[Review]:
        event_for(tx, actor_id, event_id, Task.MANAGE)
        return _reviews_of(tx, event_id)

    return insight_of(store.read(read))


def organizer_insight(store: Store, actor_id: str, now: datetime) -> Insight:
    """Across the organizer's events of the last year (at most ACROSS_EVENTS, the latest)."""
    def read(tx: Transaction) -> list[Review]:
        return [r for e in recent_past(tx, actor_id, now, ACROSS_EVENTS) for r in _reviews_of(tx, e.id)]

    return insight_of(store.read(read))


def _reviews_of(tx: Transaction, event_id: str) -> list[Review]:
    return every_item(lambda cursor: tx.reviews.of_event(event_id, _PAGE, cursor))


def insight_of(reviews: list[Review]) -> Insight:
    judged = [tone_of(r) for r in reviews]
    high = [r.comment for r in reviews if r.rating >= 4 and r.comment]
    low = [r.comment for r in reviews if r.rating <= 2 and r.comment]
    praised, criticised = themes(high, low)
    ratings = Counter(r.rating for r in reviews)
    return Insight(len(reviews), {stars: ratings[stars] for stars in range(1, 6)},
                   {tone: sum(t == tone for t, _ in judged) for tone in Tone},
                   sum(by_text for _, by_text in judged), praised, criticised)
