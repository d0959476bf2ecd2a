"""The recommender's arithmetic (docs/recommendations.md), free of any store so that the service
and the offline evaluation (`make eval`, eval/) run the very same code.

Content: TF-IDF over an event's title, description, category and tags, reduced by truncated SVD to
DIMENSIONS and scaled to unit length; a person's vector adds up what they went to (weighted by
`taste.WEIGHT`), their interests, and takes away what they hid. Collaborative: item-item
co-attendance (people who went to both), scaled as a cosine. Popularity: registrations in the
last week and people going, on a log scale. Place: the event is in a city the person's recent
events were in. The hybrid score adds the four with `Weights`; each pick keeps the reason that
contributed most."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from app.domain.catalog import normal_tag
from app.domain.sentences import N_, Sentence
from app.domain.taste import DIMENSIONS, ItemTaste, popular_key

if TYPE_CHECKING:
    import numpy as np

MAX_PER_ORGANIZER = 2  # in one list: not ten events of one organizer
RECENT_WENT = 10  # a person's latest events whose co-attendance is read at request time
PER_SOURCE = 15  # candidates taken from each co-attended event and each popular list
POPULAR_CANDIDATES = 50  # from the overall popular list


class ReasonKind(StrEnum):
    WENT = "went"  # Because you went to {about}
    INTEREST = "interest"  # You follow {about}
    POPULAR_NEAR = "popular_near"  # Popular in {about} this week
    POPULAR = "popular"  # Popular this week
    SOON = "soon"  # Coming up (nothing more is known of it yet)


_SAYS = {ReasonKind.WENT: N_("Because you went to {about}"), ReasonKind.INTEREST: N_("You follow {about}"),
         ReasonKind.POPULAR_NEAR: N_("Popular in {about} this week"),
         ReasonKind.POPULAR: N_("Popular this week"), ReasonKind.SOON: N_("Coming up")}


@dataclass(frozen=True)
class Reason:
    kind: ReasonKind
    about: str = ""  # an event's title, a category or tag, a city

    @property
    def text(self) -> Sentence:
        """In words, as the client shows it ("Popular in Almaty this week")."""
        about = self.about.replace("-", " ").title() if self.kind == ReasonKind.POPULAR_NEAR else self.about
        return Sentence(_SAYS[self.kind], {"about": about})


@dataclass(frozen=True)
class Scored:
    event_id: str
    score: float
    reason: Reason


@dataclass(frozen=True)
class Weights:
    content: float = 1.0
    collab: float = 1.0
    interest: float = 0.6
    popular: float = 0.4
    place: float = 0.4


HYBRID = Weights()
CONTENT_ONLY = Weights(collab=0, popular=0, place=0)
COLLAB_ONLY = Weights(content=0, interest=0, popular=0, place=0)
POPULAR_ONLY = Weights(content=0, collab=0, interest=0, place=0)  # personalisation off


@dataclass(frozen=True)
class Taster:
    """Who the list is for, as the ranking reads them."""

    vector: Sequence[float]  # the rebuild's (may be empty)
    went: Mapping[str, float]  # event -> signal weight
    categories: Sequence[str] = ()
    tags: Sequence[str] = ()
    cities: Sequence[str] = ()


def city_of(location: str) -> str:
    """The city a location names: its last comma-separated part ("Abay Opera House, Almaty" is
    Almaty), or the whole of a short location ("Astana"); no geocoding service is asked."""
    parts = [p.strip() for p in location.split(",") if p.strip()]
    if not parts:
        return ""
    last = "".join(c for c in parts[-1] if not c.isdigit()).strip()  # a postcode is not a city
    return normal_tag(last) if len(parts) > 1 or len(last.split()) <= 2 else ""


def document(title: str, description: str, category: str, tags: Iterable[str]) -> str:
    """The text an event's content vector is made of (title and tags count twice)."""
    tag_text = " ".join(t.replace("-", " ") for t in tags)
    return f"{title} {title} {description} {category} {tag_text} {tag_text}"


@dataclass
class ContentModel:
    """TF-IDF then truncated SVD, fitted on every event the rebuild reads."""

    vectorizer: object
    svd: object | None

    @classmethod
    def fit(cls, texts: Sequence[str]) -> tuple[ContentModel, np.ndarray]:
        import numpy as np
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(sublinear_tf=True, max_features=50_000, strip_accents="unicode")
        try:
            matrix = vectorizer.fit_transform(texts)
        except ValueError:  # no words at all
            return cls(vectorizer, None), np.zeros((len(texts), DIMENSIONS))
        rank = min(DIMENSIONS, matrix.shape[0] - 1, matrix.shape[1] - 1)
        model = cls(vectorizer, TruncatedSVD(rank, random_state=0) if rank >= 2 else None)
        return model, model._reduce(matrix, fit=True)

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        if not texts or not hasattr(self.vectorizer, "vocabulary_"):
            return np.zeros((len(texts), DIMENSIONS))
        return self._reduce(self.vectorizer.transform(texts), fit=False)  # type: ignore[attr-defined]

    def _reduce(self, matrix: object, *, fit: bool) -> np.ndarray:
        import numpy as np

        if self.svd is None:
            dense = np.zeros((matrix.shape[0], DIMENSIONS))  # type: ignore[attr-defined]
        else:
            reduced = (self.svd.fit_transform(matrix) if fit  # type: ignore[attr-defined]
                       else self.svd.transform(matrix))  # type: ignore[attr-defined]
            dense = np.zeros((reduced.shape[0], DIMENSIONS))
            dense[:, : reduced.shape[1]] = reduced
        return unit_rows(dense)


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    import numpy as np

    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def popularity(item: ItemTaste) -> float:
    return math.log1p(2 * item.recent + item.going)


def candidates(taster: Taster, picks: Sequence[str], went_items: Mapping[str, ItemTaste],
               popular: Mapping[str, Sequence[str]], hidden: Iterable[str] = ()) -> list[str]:
    """What is worth ranking for this person: the rebuild's picks, what people who went where
    they went are going to, the popular lists of their interests and cities, and the overall
    popular list; never what they went to or hid."""
    ids = [*list(popular.get(popular_key(), []))[:POPULAR_CANDIDATES], *picks]
    for item in went_items.values():
        ids += item.most_shared(PER_SOURCE)
    for key in [*(popular_key(category=c) for c in taster.categories),
                *(popular_key(city=c) for c in taster.cities)]:
        ids += list(popular.get(key, []))[:PER_SOURCE]
    left_out = {*taster.went, *hidden}
    return [e for e in dict.fromkeys(ids) if e not in left_out]


def rank(taster: Taster, went_items: Mapping[str, ItemTaste], candidates: Sequence[ItemTaste],
         weights: Weights = HYBRID, keep: int | None = None) -> list[Scored]:
    """Score each candidate for this person, best first, with the reason that weighed most; the
    best `keep` of them only (all when None). Scores are computed for all at once; reasons, the
    slow part, for those kept."""
    import numpy as np

    if not candidates:
        return []
    vector = np.zeros(DIMENSIONS)
    if len(taster.vector) == DIMENSIONS:
        vector += np.asarray(taster.vector)
    for event_id, item in went_items.items():
        if len(item.vector) == DIMENSIONS:
            vector += 0.5 * taster.went.get(event_id, 0.0) * np.asarray(item.vector)
    norm = np.linalg.norm(vector)
    vectors = _matrix(candidates)
    content = np.clip(vectors @ (vector / norm), 0, None) if norm else np.zeros(len(candidates))
    collab, via = _co_attended(taster.went, went_items, candidates)
    like = weights.content * content + weights.collab * collab
    categories, tags, cities = set(taster.categories), set(taster.tags), list(taster.cities)[:3]
    followed = [c.category if c.category in categories else next((t for t in c.tags if t in tags), "")
                for c in candidates]
    interest = np.array([0.0 if not f else weights.interest * (1.0 if f == c.category else 0.5)
                         for f, c in zip(followed, candidates, strict=True)])
    pops = np.array([popularity(c) for c in candidates])
    pop = weights.popular * pops / (pops.max() or 1.0)
    near = np.array([c.city != "" and c.city in cities for c in candidates])
    total = like + interest + pop + weights.place * near
    order = np.lexsort(([c.event_id for c in candidates], -np.round(total, 6)))[:keep]
    # for each candidate kept, the event this person went to whose content is nearest it
    gone = [o for o in went_items.values() if len(o.vector) == DIMENSIONS]
    nearest = (vectors[order] @ _matrix(gone).T).argmax(axis=1) if gone else None
    scored = []
    for n, i in enumerate(order):
        item = candidates[i]
        # the reason shown is the part that weighed most, among those that are true
        reasons = [(pop[i], Reason(ReasonKind.POPULAR if item.recent else ReasonKind.SOON))]
        if near[i] and item.recent:
            reasons.append((pop[i] + weights.place, Reason(ReasonKind.POPULAR_NEAR, item.city)))
        if followed[i]:
            reasons.append((interest[i], Reason(ReasonKind.INTEREST, followed[i])))
        about = via[i] or (gone[int(nearest[n])].title if nearest is not None and like[i] > 0 else "")
        if about:
            reasons.append((like[i], Reason(ReasonKind.WENT, about)))
        reason = max(reasons, key=lambda r: float(r[0]))[1]
        scored.append(Scored(item.event_id, round(float(total[i]), 6), reason))
    return scored


def _co_attended(went: Mapping[str, float], went_items: Mapping[str, ItemTaste],
                 candidates: Sequence[ItemTaste]) -> tuple[np.ndarray, list[str]]:
    """People who went to what this person went to and are going to each candidate: a cosine of
    co-attendance (at most 1), with the title of the event that shares the most."""
    import numpy as np

    at = {c.event_id: i for i, c in enumerate(candidates)}
    total, best = np.zeros(len(candidates)), np.zeros(len(candidates))
    via = [""] * len(candidates)
    for event_id, other in went_items.items():
        weight = went.get(event_id, 0.0)
        if weight <= 0:
            continue
        for shared_with, shared in other.co.items():
            i = at.get(shared_with)
            if i is None or shared <= 0:
                continue
            part = weight * shared / math.sqrt(max(other.going, 1) * max(candidates[i].going, 1))
            total[i] += part
            if part > best[i]:
                best[i], via[i] = part, other.title
    return np.minimum(total, 1.0), via


def _matrix(items: Sequence[ItemTaste]) -> np.ndarray:
    """Their content vectors as rows (zeros for an event made since the last rebuild)."""
    import numpy as np

    blank = np.zeros(DIMENSIONS)
    return np.asarray([c.vector if len(c.vector) == DIMENSIONS else blank for c in items], dtype=float)


class OrganizerCap:
    """At most `per_organizer` events of one organizer in a list."""

    def __init__(self, per_organizer: int = MAX_PER_ORGANIZER) -> None:
        self._per, self._taken = per_organizer, dict[str, int]()

    def admits(self, organizer_id: str) -> bool:
        return self._taken.get(organizer_id, 0) < self._per

    def take(self, organizer_id: str) -> None:
        self._taken[organizer_id] = self._taken.get(organizer_id, 0) + 1


def diversify(scored: Sequence[Scored], organizer_of: Mapping[str, str], limit: int,
              per_organizer: int = MAX_PER_ORGANIZER) -> list[Scored]:
    """The best `limit`, at most `per_organizer` of one organizer's."""
    cap, kept = OrganizerCap(per_organizer), []
    for s in scored:
        organizer = organizer_of.get(s.event_id, "")
        if cap.admits(organizer):
            cap.take(organizer)
            kept.append(s)
            if len(kept) == limit:
                break
    return kept
