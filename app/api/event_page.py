"""The head of an event's page (`/e/{id}`) as link previews and search engines read it: title,
description, canonical link, Open Graph and Twitter tags, and one schema.org `Event` as JSON-LD;
and the same preview tags for an organizer's page (`/o/{username}`). The web client's own page
follows (it takes over in the browser). Each page is there in every language (`?lang=ru`, `?lang=kk`;
English without): `lang` on <html>, the description's words and date in it, and `hreflang`
alternates naming the others.

Every value is escaped for where it goes: HTML-escaped in attributes and text, and in the JSON-LD
script, `<`, `>` and `&` are written as JSON escapes, so no title can close the script or an
attribute (tests/api/test_event_page.py)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from markupsafe import Markup, escape

from app.domain.currencies import major  # schema.org wants `1500.00`, `500` for JPY
from app.domain.models import Event, EventStatus, Language, Visibility
from app.domain.sentences import N_
from app.i18n import say
from app.timeutil import rfc3339

SITE_NAME = "Events"
DESCRIPTION_LENGTH = 200  # what previews show of a description, at most
SCHEMA = "https://schema.org/"


def _local(when: datetime, zone: str) -> str:
    """ISO 8601 in the event's own zone, with its UTC offset (`2026-12-01T18:00:00+05:00`)."""
    return when.astimezone(ZoneInfo(zone)).isoformat(timespec="seconds")


def _availability(event: Event, now: datetime) -> str:
    if event.status == EventStatus.CANCELLED or now >= event.starts_at:
        return SCHEMA + "Discontinued"  # nothing is sold after the start (invariant 11)
    return SCHEMA + ("SoldOut" if event.seats_left == 0 else "InStock")


def description_of(event: Event, language: Language = Language.EN) -> str:
    """One line for previews: when (as `language` writes it) and where, then the start of the
    description."""
    when = event.starts_at.astimezone(ZoneInfo(event.timezone))
    parts = [f"{format_datetime(when, 'dd MMM y, HH:mm', locale=language.value)} ({event.timezone})"]
    if event.location:
        parts.append(event.location)
    text = " · ".join(parts)
    if event.description:
        text += ". " + re.sub(r"\s+", " ", event.description).strip()
    return text if len(text) <= DESCRIPTION_LENGTH else text[: DESCRIPTION_LENGTH - 1].rstrip() + "…"


@dataclass(frozen=True)
class Picture:
    """The cover as previews show it (the JPEG rendition: app/domain/covers.py), and the page's
    own renditions (`srcset`), which the page asks for before its script runs."""

    url: str
    width: int
    height: int
    alt: str
    srcset: str = ""


# What the event page's cover takes of the screen: the `sizes` of web/src/pages/EventPage.tsx,
# where the same words are (main is at most 60rem wide, 1rem padding).
HERO_SIZES = "(min-width: 62rem) 58rem, calc(100vw - 2rem)"
_PRELOAD = Markup('<link rel="preload" as="image" href="{}" imagesrcset="{}" imagesizes="{}" '
                  'fetchpriority="high">')


def json_ld(event: Event, organizer: str, url: str, now: datetime,
            picture: Picture | None = None) -> dict[str, Any]:
    """A schema.org Event (https://schema.org/Event, and what Google's event results read)."""
    cancelled = event.status == EventStatus.CANCELLED
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Event", "name": event.title,
        "description": event.description or description_of(event), "url": url,
        "startDate": _local(event.starts_at, event.timezone),
        "eventStatus": SCHEMA + ("EventCancelled" if cancelled else "EventScheduled"),
        "organizer": {"@type": "Person", "name": organizer},
        "offers": {"@type": "Offer", "url": url, "price": major(event.price, event.currency),
                   "priceCurrency": event.currency, "availability": _availability(event, now),
                   "validFrom": rfc3339(event.created_at)},
    }
    if picture is not None:
        data["image"] = [picture.url]
    if event.ends_at is not None:
        data["endDate"] = _local(event.ends_at, event.timezone)
    if event.location:
        data["eventAttendanceMode"] = SCHEMA + "OfflineEventAttendanceMode"
        data["location"] = {"@type": "Place", "name": event.location, "address": event.location}
    else:
        data["eventAttendanceMode"] = SCHEMA + "OnlineEventAttendanceMode"
        data["location"] = {"@type": "VirtualLocation", "url": url}
    return data


def script_json(data: dict[str, Any]) -> str:
    """JSON that cannot end the script it sits in, whatever its strings hold."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def in_language(url: str, language: Language) -> str:
    """The page's address in `language`: English is the page itself."""
    return url if language is Language.EN else f"{url}?lang={language}"


def _alternates(url: str) -> list[Markup]:
    """The page in each language, and which a reader whose language is none of them gets."""
    alternate = Markup('<link rel="alternate" hreflang="{}" href="{}">')
    tags = [alternate.format(language, in_language(url, language)) for language in Language]
    return [*tags, Markup('<link rel="alternate" hreflang="x-default" href="{}">').format(url)]


def _preview(name: str, description: str, url: str, language: Language, noindex: bool = False,
             picture: Picture | None = None) -> list[Markup]:
    """Description, canonical link (the page in its language), Open Graph and Twitter tags of a
    page named `name`, and its alternates in the other languages."""
    own = in_language(url, language)
    meta = [("og:title", name), ("og:description", description), ("og:url", own),
            ("og:type", "website"), ("og:site_name", SITE_NAME), ("og:locale", language.value)]
    meta += [("og:locale:alternate", other.value) for other in Language if other is not language]
    twitter = [("twitter:card", "summary_large_image" if picture else "summary"),
               ("twitter:title", name), ("twitter:description", description)]
    if picture is not None:
        meta += [("og:image", picture.url), ("og:image:type", "image/jpeg"),
                 ("og:image:width", str(picture.width)), ("og:image:height", str(picture.height)),
                 ("og:image:alt", picture.alt)]
        twitter += [("twitter:image", picture.url), ("twitter:image:alt", picture.alt)]
    tags = [Markup('<meta name="description" content="{}">').format(description),
            Markup('<link rel="canonical" href="{}">').format(own), *_alternates(url)]
    tags += [Markup('<meta property="{}" content="{}">').format(k, v) for k, v in meta]
    tags += [Markup('<meta name="{}" content="{}">').format(k, v) for k, v in twitter]
    if noindex:
        tags.append(Markup('<meta name="robots" content="noindex">'))
    return tags


def head(event: Event, organizer: str, url: str, now: datetime, picture: Picture | None = None,
         language: Language = Language.EN) -> tuple[str, str]:
    """The event page's <title> text (escaped) and the tags that go before </head>."""
    tags = _preview(event.title, description_of(event, language), url, language,
                    event.visibility == Visibility.UNLISTED, picture)
    data = script_json(json_ld(event, organizer, url, now, picture))  # <, > and & escaped: it stays data
    tags.append(Markup('<script type="application/ld+json">{}</script>').format(Markup(data)))  # noqa: S704
    if picture is not None and picture.srcset:  # the largest paint: asked for with the page
        tags.append(_PRELOAD.format(picture.srcset.split(" ")[0], picture.srcset, HERO_SIZES))
    return str(escape(f"{event.title} · {SITE_NAME}")), "\n".join(tags)


def organizer_head(username: str, url: str, language: Language = Language.EN) -> tuple[str, str]:
    """An organizer's page: their handle (all that is public of them) and where it is."""
    name = say(language, N_("Events by @{username}"), {"username": username})
    said = say(language, N_("Upcoming events organised by @{username} on {site}."),
               {"username": username, "site": SITE_NAME})
    tags = _preview(name, said, url, language)
    return str(escape(f"{name} · {SITE_NAME}")), "\n".join(tags)


_TITLE = re.compile(r"<title>.*?</title>", re.S)
_DESCRIPTION = re.compile(r'<meta name="description"[^>]*>\s*')
_LANG = re.compile(r'<html lang="[^"]*"')


def with_head(index_html: str, title: str, tags: str, language: Language = Language.EN) -> str:
    """The client's page in `language` with this title, and these tags before </head> (the
    client's generic description gives way to the page's own)."""
    page = _LANG.sub(f'<html lang="{language}"', index_html, count=1)
    page = _DESCRIPTION.sub("", page, count=1)
    page = _TITLE.sub(lambda _: f"<title>{title}</title>", page, count=1)
    if "</head>" in page:
        return page.replace("</head>", tags + "\n</head>", 1)
    return page.replace("</title>", "</title>\n" + tags, 1)  # a page without a head element
