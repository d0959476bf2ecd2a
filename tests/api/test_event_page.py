"""An event's page as link previews and search engines read it (app/api/event_page.py): the
head carries the event, every value escaped for where it goes, and the JSON-LD is a schema.org
Event with each property of the type schema.org and Google's event results expect."""

from __future__ import annotations

import json
import re
from datetime import datetime
from html.parser import HTMLParser

import pytest
from flask.testing import FlaskClient

from tests.conftest import sign_up
from tests.support.pictures import photo, upload_cover
from tools.processes import ROOT

NASTY = "</script><script>alert(1)</script> \"quoted\" & 'single' <b>"


class Head(HTMLParser):
    """The title, the meta and link tags, and the JSON-LD of a page, as a browser parses them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.title, self.scripts, self._in = "", [], ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and "content" in a:
            self.meta[a.get("property") or a.get("name") or ""] = a["content"]
        elif tag == "link":
            self.links[a["rel"]] = a["href"]
        elif tag == "script":
            self.scripts.append({"type": a.get("type"), "text": ""})
        self._in = tag

    def handle_endtag(self, tag):
        self._in = ""

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            self.scripts[-1]["text"] += data


@pytest.fixture
def real_index(dist):
    (dist / "index.html").write_text((ROOT / "web" / "index.html").read_text())
    return dist


def _event(web: FlaskClient, clock, **fields):
    olga = sign_up(web, "olga")
    body = {"title": "Jazz night", "starts_at": "2026-12-12T14:00:00Z", "ends_at": "2026-12-12T17:00:00Z",
            "timezone": "Asia/Almaty", "location": "Abay 10, Almaty", "capacity": 2, "price": 150000,
            "currency": "KZT", "description": "Standards and\nnew tunes.", **fields}
    created = olga.post("/events", json=body)
    assert created.status_code == 201, created.get_json()
    return olga, created.get_json()


def test_anyone_gets_the_event_in_the_page_head(web, real_index, clock):
    _, event = _event(web, clock)
    page = web.get(f"/e/{event['id']}")  # no token
    assert page.status_code == 200 and page.mimetype == "text/html"
    head = Head(page.get_data(as_text=True))
    url = f"http://127.0.0.1:8080/e/{event['id']}"  # PUBLIC_URL, never the Host header
    assert head.title == "Jazz night · Events"
    assert head.links["canonical"] == url and head.meta["og:url"] == url
    assert head.meta["og:title"] == head.meta["twitter:title"] == "Jazz night"
    assert head.meta["description"].startswith("12 Dec 2026, 19:00 (Asia/Almaty) · Abay 10, Almaty")
    assert head.meta["og:site_name"] == "Events" and head.meta["twitter:card"] == "summary"
    assert "robots" not in head.meta  # public: indexed
    assert sum(1 for s in head.scripts if s["type"] == "application/ld+json") == 1
    assert page.headers["Cache-Control"] == "public, max-age=60" and page.headers["ETag"]
    again = web.get(f"/e/{event['id']}", headers={"If-None-Match": page.headers["ETag"]})
    assert again.status_code == 304
    evil = web.get(f"/e/{event['id']}", headers={"Host": "evil.example"})
    assert "evil.example" not in evil.get_data(as_text=True)


def _ld(page) -> dict:
    (script,) = [s for s in Head(page.get_data(as_text=True)).scripts if s["type"] == "application/ld+json"]
    return json.loads(script["text"])


def _iso_with_offset(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    assert parsed.utcoffset() is not None, value
    return parsed


def test_the_json_ld_is_a_schema_org_event(web, real_index, clock):
    _, event = _event(web, clock)
    data = _ld(web.get(f"/e/{event['id']}"))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert isinstance(data["name"], str) and data["name"] == "Jazz night"
    assert data["startDate"] == "2026-12-12T19:00:00+05:00"  # the event's own zone and offset
    assert _iso_with_offset(data["endDate"]) > _iso_with_offset(data["startDate"])
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {"@type": "Place", "name": "Abay 10, Almaty", "address": "Abay 10, Almaty"}
    assert data["organizer"] == {"@type": "Person", "name": "olga"}
    offer = data["offers"]
    assert offer["@type"] == "Offer" and offer["price"] == "1500.00" and offer["priceCurrency"] == "KZT"
    assert offer["availability"] == "https://schema.org/InStock"
    assert offer["url"] == data["url"] and _iso_with_offset(offer["validFrom"])


def test_sold_out_cancelled_and_online_events_say_so(web, real_index, clock):
    olga, event = _event(web, clock, capacity=1, price=0, location="")
    gus = sign_up(web, "gus")
    assert gus.post("/registrations", json={"event_id": event["id"]}).status_code == 201
    data = _ld(web.get(f"/e/{event['id']}"))
    assert data["offers"]["availability"] == "https://schema.org/SoldOut"
    assert data["offers"]["price"] == "0.00"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"]["@type"] == "VirtualLocation"
    olga.delete(f"/events/{event['id']}")
    data = _ld(web.get(f"/e/{event['id']}"))
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["offers"]["availability"] == "https://schema.org/Discontinued"


def test_a_title_cannot_break_out_of_an_attribute_or_the_script(web, real_index, clock):
    _, event = _event(web, clock, title=NASTY[:200], description=NASTY)
    html = web.get(f"/e/{event['id']}").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "</script><script>" not in html.split("</title>")[1].split(
        'type="application/ld+json">')[0]
    head = Head(html)
    assert head.meta["og:title"] == NASTY[:200]  # what the reader sees is the title, whole
    assert head.title == f"{NASTY[:200]} · Events"
    assert [s["type"] for s in head.scripts].count("application/ld+json") == 1
    assert not any(s["text"].startswith("alert") for s in head.scripts)
    assert _ld(web.get(f"/e/{event['id']}"))["name"] == NASTY[:200]


def test_an_unlisted_event_is_readable_but_not_indexed_and_a_missing_one_is_404(web, real_index, clock):
    _, event = _event(web, clock, visibility="unlisted")
    head = Head(web.get(f"/e/{event['id']}").get_data(as_text=True))
    assert head.meta["robots"] == "noindex" and head.meta["og:title"] == "Jazz night"
    missing = web.get("/e/nosuchevent")
    assert missing.status_code == 404 and missing.mimetype == "text/html"  # the client says so
    assert "og:title" not in Head(missing.get_data(as_text=True)).meta


def test_the_sitemap_lists_public_upcoming_events_and_robots_points_at_it(web, clock):
    olga, shown = _event(web, clock)
    hidden = olga.post("/events", json={"title": "Family", "starts_at": "2026-12-20T10:00:00Z",
                                        "capacity": 5, "visibility": "unlisted"}).get_json()
    gone = olga.post("/events", json={"title": "Off", "starts_at": "2026-12-21T10:00:00Z",
                                      "capacity": 5}).get_json()
    olga.delete(f"/events/{gone['id']}")
    sitemap = web.get("/sitemap.xml")
    assert sitemap.status_code == 200 and sitemap.mimetype == "application/xml"
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in ET.fromstring(sitemap.data).findall("s:url/s:loc", ns)]
    assert locs == ["http://127.0.0.1:8080/", f"http://127.0.0.1:8080/e/{shown['id']}",
                    "http://127.0.0.1:8080/o/olga"]
    assert hidden["id"] not in sitemap.get_data(as_text=True)
    robots = web.get("/robots.txt").get_data(as_text=True).splitlines()
    assert "Sitemap: http://127.0.0.1:8080/sitemap.xml" in robots
    assert {"Disallow: /tickets", "Disallow: /account", "Disallow: /e/*/manage", "Allow: /e/"} <= set(robots)


def test_the_sitemap_names_the_organizers_of_public_events(web, clock):
    _event(web, clock)
    sitemap = web.get("/sitemap.xml").get_data(as_text=True)
    assert "http://127.0.0.1:8080/o/olga</loc>" in sitemap
    assert "Allow: /o/" in web.get("/robots.txt").get_data(as_text=True)


def test_an_organizers_page_carries_their_handle_and_nothing_else_of_them(web, real_index, clock):
    _event(web, clock)
    page = web.get("/o/OLGA")  # any case; the canonical link has theirs
    assert page.status_code == 200 and page.headers["Cache-Control"] == "public, max-age=60"
    head = Head(page.get_data(as_text=True))
    assert head.title == "Events by @olga · Events"
    assert head.links["canonical"] == "http://127.0.0.1:8080/o/olga"
    assert head.meta["og:title"] == "Events by @olga"
    assert "olga@" not in page.get_data(as_text=True) and "Tester" not in page.get_data(as_text=True)
    missing = web.get("/o/nobody-here")
    assert missing.status_code == 404 and "og:title" not in Head(missing.get_data(as_text=True)).meta


def test_the_page_previews_the_cover(web, real_index, clock):
    olga, event = _event(web, clock, image_alt="Saxophone, close up")
    assert upload_cover(olga, event["id"], photo("JPEG", (2400, 1200))).status_code == 200
    page = web.get(f"/e/{event['id']}")
    head = Head(page.get_data(as_text=True))
    image = web.get(f"/events/{event['id']}").get_json()["image_url"]
    assert head.meta["og:image"] == head.meta["twitter:image"] == image
    assert (head.meta["og:image:width"], head.meta["og:image:height"]) == ("1200", "600")
    assert head.meta["og:image:alt"] == "Saxophone, close up"
    assert head.meta["twitter:card"] == "summary_large_image"
    assert _ld(page)["image"] == [image]
    # the cover is asked for with the page, before the client's script draws it
    preload = re.search(r'<link rel="preload" as="image" href="[^"]+" '
                        r'imagesrcset="([^"]+)" imagesizes="([^"]+)"', page.get_data(as_text=True))
    assert preload and preload.group(1).endswith("-1600.webp 1600w") and "58rem" in preload.group(2)
    assert json.dumps(_ld(page)).count("media/covers") == 1


class Alternates(HTMLParser):
    """The page's <html lang> and its hreflang alternates."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.lang, self.alternates = "", {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang") or ""
        elif tag == "link" and a.get("rel") == "alternate":
            self.alternates[a["hreflang"]] = a["href"]


def test_the_page_is_there_in_each_language_with_alternates_naming_the_others(web, real_index, clock):
    _, event = _event(web, clock)
    url = f"http://127.0.0.1:8080/e/{event['id']}"
    languages = {"en": url, "ru": f"{url}?lang=ru", "kk": f"{url}?lang=kk", "x-default": url}
    for lang, expected in [("ru", "12 дек. 2026, 19:00 (Asia/Almaty)"),
                           ("kk", "12 жел. 2026, 19:00 (Asia/Almaty)"),
                           ("en", "12 Dec 2026, 19:00 (Asia/Almaty)")]:
        page = web.get(f"/e/{event['id']}" + ("" if lang == "en" else f"?lang={lang}")).get_data(as_text=True)
        head, alternates = Head(page), Alternates(page)
        assert alternates.lang == lang and alternates.alternates == languages
        assert head.links["canonical"] == head.meta["og:url"] == languages[lang]  # each its own canonical
        assert head.meta["og:locale"] == lang and head.meta["description"].startswith(expected)
    unknown = Alternates(web.get(f"/e/{event['id']}?lang=de").get_data(as_text=True))
    assert unknown.lang == "en"


def test_an_organizers_page_says_whose_events_in_the_pages_language(web, real_index, clock):
    _event(web, clock)
    head = Head(web.get("/o/olga?lang=kk").get_data(as_text=True))
    assert head.title == "@olga іс-шаралары · Events"
    assert head.meta["description"] == "@olga Events сайтында ұйымдастыратын алдағы іс-шаралар."
