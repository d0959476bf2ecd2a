"""The web client (web/, built by Vite into web/dist): its pages and its assets.

Only the client's own paths answer with its page, so none can shadow an API path (`/events/{id}`
is JSON; the client shows an event at `/e/{id}`). The list is the client's ROUTES in
web/src/paths.ts; tests/api/test_web.py holds the two together.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import cast
from xml.sax.saxutils import escape as xml_escape

from flask import Blueprint, Response, request, send_file
from werkzeug.security import safe_join

from app.api import event_page as event_page_head
from app.api.common import cached_for_everyone, event_link, link, services
from app.domain import accounts, covers, events
from app.domain.errors import NotFound
from app.domain.models import Event, Language
from app.domain.ports import CACHE_FOREVER
from app.infra.answers import Built
from app.timeutil import rfc3339

bp = Blueprint("web", __name__)

# Pages that are the client's page with their own head for previews and search engines.
EVENT_PAGE = "/e/<id:event_id>"
ORGANIZER_PAGE = "/o/<name:username>"
CLIENT_PAGES = ("/", "/signin", "/signup", "/account", "/tickets", "/tickets/<id:registration_id>",
                "/order/<id:order_id>", "/inbox", "/new", "/forgot-password", "/reset-password",
                "/verify-email", "/change-email", "/unsubscribe", "/join-team",
                EVENT_PAGE, "/e/<id:event_id>/edit", "/e/<id:event_id>/manage", ORGANIZER_PAGE)
API_DOCS_PAGE = "/api-docs"

# Pages may load only what the app itself serves; data: and blob: images are the QR codes, and
# the camera preview for scanning is a MediaStream (no source to allow). Swagger UI styles
# elements inline, so its page alone allows inline styles.
_PAGE_POLICY = ("default-src 'self'; img-src 'self' data: blob:; object-src 'none'; "
                "frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
PAGE_POLICY = _PAGE_POLICY + "; style-src 'self'"
DOCS_POLICY = _PAGE_POLICY + "; style-src 'self' 'unsafe-inline'"
# Pages are checked on every load, so a new build is seen at once; built files have hashed names
# (their content never changes under a name); the icon's name stays, so it is only kept a day.
PAGE_CACHE = "no-cache"
ASSET_CACHE = CACHE_FOREVER  # built files are named by their content
ICON_CACHE = "public, max-age=86400"
# Named here rather than guessed from the machine's mime.types, which differs between images;
# the gzip twin is sent with its original's type.
_TYPES = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".html": "text/html"}


def _file(name: str, cache: str, policy: str = PAGE_POLICY) -> Response:
    """A built file, its gzip twin when the browser takes gzip; 404 when not built."""
    root = services().config.web_dist
    found = safe_join(str(root), name)  # None for a name that leaves the build folder
    if found is None or not Path(found).is_file():
        raise NotFound("no such file" if (root / "index.html").is_file()
                       else "the web client is not built: `make run` builds it")
    path = Path(found)
    packed = path.with_name(path.name + ".gz")
    gzip = "gzip" in request.headers.get("Accept-Encoding", "") and packed.is_file()
    response = send_file(packed if gzip else path, mimetype=_TYPES.get(path.suffix), conditional=True,
                         etag=True)
    if gzip:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = cache
    response.headers["Content-Security-Policy"] = policy
    return response


def client_page(**_: str) -> Response:
    return _file("index.html", PAGE_CACHE)


def _index() -> str:
    """The built client's page, read again only when the build changed it."""
    index = services().config.web_dist / "index.html"
    try:
        stat = index.stat()
    except OSError:
        raise NotFound("the web client is not built: `make run` builds it") from None
    return _read(index, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _read(path: Path, mtime_ns: int, size: int) -> str:
    # mtime_ns and size are not read: they make a rebuilt file a new key of the cache
    return path.read_text()


# A page's head: its title, its tags, and the next instant the clock alone changes them.
Head = tuple[str, str, datetime | None]


def page_language() -> Language:
    """A public page's language: its address says it (`?lang=kk`), so that every language has
    its own page for search engines and caches; English without (anything else is English too)."""
    asked = request.args.get("lang", "")
    return Language(asked) if asked in set(Language) else Language.EN


def _page_with_head(head: Callable[[Language], Head]) -> Response:
    """The client's page with the title and tags `head` gives in the page's language, for anyone
    (link previews and search engines run no JavaScript); 404 with the client's page when `head`
    finds nothing. The same for every reader of one address: kept by the worker while exact
    (app/infra/answers.py), and by shared caches a minute."""
    html = _index()
    svc = services()
    language = page_language()

    def build() -> Built:
        title, tags, until = head(language)
        return Built(event_page_head.with_head(html, title, tags, language).encode(), until)

    try:  # a rebuilt client is another page: its hash is part of the key
        kept = svc.answers.answer(f"page {request.path} {language} {hash(html)}", svc.store.catalog_version(),
                                  svc.clock(), build)
        response, etag = Response(kept.body, mimetype="text/html"), kept.etag
    except NotFound:
        response, etag = Response(html, status=404, mimetype="text/html"), None
    response.headers["Content-Security-Policy"] = PAGE_POLICY
    return cached_for_everyone(response, etag)


def event_page(event_id: str) -> Response:
    """The event's title, preview tags and JSON-LD."""
    def head(language: Language) -> Head:
        svc = services()
        at = svc.clock()
        event = events.get_event(svc.store, event_id)
        organizer = accounts.public_name(svc.store, event.organizer_id)
        title, tags = event_page_head.head(event, organizer, event_link(event.id), at, _picture(event),
                                           language)
        return title, tags, events.next_change([event], at)

    return _page_with_head(head)


def _picture(event: Event) -> event_page_head.Picture | None:
    key = covers.share_key(event)
    if key is None:
        return None
    files = services().files
    srcset = ", ".join(f"{files.url(k)} {w}w" for w, k in covers.page_keys(event))
    return event_page_head.Picture(files.url(key), *covers.share_size(event), event.image_alt or event.title,
                                   srcset)


def organizer_page(username: str) -> Response:
    """The organizer's handle in the preview tags."""
    def head(language: Language) -> Head:
        person = accounts.organizer(services().store, username)
        page = event_page_head.organizer_head(person.username, link(f"/o/{person.username}"), language)
        return (*page, None)

    return _page_with_head(head)


_PAGES = {EVENT_PAGE: event_page, ORGANIZER_PAGE: organizer_page}
for _rule in CLIENT_PAGES:
    bp.add_url_rule(_rule, f"page{_rule}", _PAGES.get(_rule, client_page), methods=["GET"])


@bp.get(API_DOCS_PAGE)
def api_docs() -> Response:
    return _file("api-docs.html", PAGE_CACHE, DOCS_POLICY)


@bp.get("/assets/<path:name>")
def asset(name: str) -> Response:
    return _file(f"assets/{name}", ASSET_CACHE)


@bp.get("/favicon.svg")
def favicon() -> Response:
    return _file("favicon.svg", ICON_CACHE)


# What search engines may crawl: the home page and event pages. Everything else is a person's
# own (tickets, inbox, account, managing an event) or the API, which pages link to, not people.
_NOT_FOR_CRAWLERS = ("/signin", "/signup", "/account", "/tickets", "/inbox", "/new", "/e/*/edit",
                     "/e/*/manage", "/auth/", "/profile", "/events", "/registrations", "/reviews",
                     "/notifications", "/payments/", "/pubsub/", "/tasks/", "/forgot-password",
                     "/reset-password", "/verify-email", "/change-email", "/unsubscribe", "/mail/")
SITEMAP_LIMIT = 50_000  # URLs one sitemap file may list (sitemaps.org)
SITEMAP_CACHE = "public, max-age=3600"


@bp.get("/robots.txt")
def robots() -> Response:
    lines = ["User-agent: *", "Allow: /$", "Allow: /e/", "Allow: /o/",
             *(f"Disallow: {path}" for path in _NOT_FOR_CRAWLERS),
             f"Sitemap: {link('/sitemap.xml')}", ""]
    response = Response("\n".join(lines), mimetype="text/plain")
    response.headers["Cache-Control"] = SITEMAP_CACHE
    return response


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    """Public upcoming events (never unlisted ones), soonest first, then their organizers' pages."""
    svc = services()
    entries = [f"<url><loc>{xml_escape(link('/'))}</loc></url>"]
    organizers: dict[str, None] = {}  # in order of first appearance
    cursor: str | None = None
    while len(entries) < SITEMAP_LIMIT:
        page = events.search_events(svc.store, None, events.EventSearch(limit=100, cursor=cursor),
                                    svc.clock())
        entries += [f"<url><loc>{xml_escape(event_link(e.id))}</loc>"
                    f"<lastmod>{rfc3339(e.updated_at)}</lastmod></url>" for e in page.items]
        organizers.update(dict.fromkeys(e.organizer_id for e in page.items))
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    for organizer_id in list(organizers)[: max(SITEMAP_LIMIT - len(entries), 0)]:
        name = accounts.public_name(svc.store, organizer_id)
        entries.append(f"<url><loc>{xml_escape(link(f'/o/{name}'))}</loc></url>")
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "\n".join(entries[:SITEMAP_LIMIT]) + "\n</urlset>\n")
    response = Response(body, mimetype="application/xml")
    response.headers["Cache-Control"] = SITEMAP_CACHE
    response.add_etag()
    return cast(Response, response.make_conditional(request))
