"""What every blueprint needs: parsed bodies and queries, the caller, pages, the clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar, cast

from flask import Response, current_app, g, jsonify, request
from pydantic import BaseModel, ValidationError
from werkzeug.exceptions import UnsupportedMediaType

from app.api.problems import InvalidJson
from app.domain import accounts
from app.domain.errors import Unauthorized
from app.domain.models import Page, TokenClaims
from app.domain.sentences import N_
from app.infra.answers import Built
from app.services import EXTENSION, Services

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


def services() -> Services:
    """The ports and the clock this app was built with (see app.create_app)."""
    return cast(Services, current_app.extensions[EXTENSION])


def now() -> datetime:
    return services().clock()


def site() -> str:
    """This app's public address (PUBLIC_URL), where the web client is and a buyer comes back
    to from a checkout. Never the request's Host header: anyone can send another one."""
    return link("/")


def link(path: str) -> str:
    """An absolute link to `path` (starting with "/") at PUBLIC_URL, never at the Host header."""
    return services().config.public_url + path


def event_link(event_id: str) -> str:
    """An event's page: the web client's own URL for it, where links and previews point."""
    return link(f"/e/{event_id}")


def parse_body(model: type[M]) -> M:
    if not request.is_json:
        raise UnsupportedMediaType(N_("send the body as application/json"))
    raw = request.get_data(cache=True)  # raises 413 past MAX_CONTENT_LENGTH
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        if any(e["type"] == "json_invalid" for e in exc.errors()):
            raise InvalidJson() from None
        raise


def parse_query(model: type[M]) -> M:
    known = {f.alias or name for name, f in model.model_fields.items()}
    return model.model_validate({k: v for k, v in request.args.items() if k in known})


# Routes anyone may read without signing in (public event pages, lists and previews need them);
# a token that is sent is still verified, and a bad one is still 401.
OPEN_TO_VISITORS = frozenset({"events.list_events", "events.get_event", "events.calendar", "events.similar",
                              "questions.list_questions",
                              "ticket_types.list_types"})


def authenticate() -> None:
    """before_request hook: the caller's id, from a verified token only."""
    if request.method == "OPTIONS":
        return
    header = request.headers.get("Authorization", "")
    if not header and request.endpoint in OPEN_TO_VISITORS:
        g.claims = None  # a visitor
        return
    scheme, _, token = header.partition(" ")
    if not header and request.endpoint == "notifications.stream":
        # Browsers' EventSource cannot send headers; this one read-only route takes the token
        # as ?access_token= (request logs record the path only, never the query string).
        scheme, token = "bearer", request.args.get("access_token", "")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("send Authorization: Bearer <token>")
    svc = services()
    g.claims = accounts.authenticate(svc.store, svc.auth, token.strip(), svc.clock())


def caller() -> str:
    return claims().user_id


def viewer() -> str | None:
    """Who reads a route open to visitors: the signed-in person, or None for a visitor."""
    found = g.get("claims")
    return found.user_id if found is not None else None


def claims() -> TokenClaims:
    """The verified token of this request (see `authenticate`)."""
    return cast(TokenClaims, g.claims)


def page_json(page: Page[T], shape: Callable[[T], dict[str, Any]]) -> dict[str, Any]:
    return {"items": [shape(item) for item in page.items], "next_cursor": page.next_cursor}


# A visitor's answer is the same for every visitor: a CDN or a browser may keep it this long.
SHARED_MAX_AGE = 60


def shareable(body: dict[str, Any]) -> Response:
    """A route open to visitors answers them with a strong ETag and `public` caching (304 when
    `If-None-Match` matches); a signed-in person's answer stays `no-store` (it may be theirs)."""
    return _for_readers(jsonify(body), None)


def same_for_all(build: Callable[[], tuple[Any, datetime | None]], *, personal: bool = False) -> Response:
    """The JSON answer of a route open to visitors that is the same for every reader (unless
    `personal`): `build` gives the body and the next instant the clock alone changes it; the
    worker keeps it while exact (app/infra/answers.py) and builds it again only after a change.
    Headers as `shareable`."""
    if personal:
        return shareable(build()[0])
    svc = services()

    def encode() -> Built:
        body, until = build()
        return Built(f"{current_app.json.dumps(body)}\n".encode(), until)  # as jsonify writes it

    kept = svc.answers.answer(f"json {request.full_path}", svc.store.catalog_version(), now(), encode)
    return _for_readers(Response(kept.body, mimetype="application/json"), kept.etag)


def _for_readers(response: Response, etag: str | None) -> Response:
    response.vary.add("Authorization")
    if g.get("claims") is not None:
        return response
    return cached_for_everyone(response, etag)


def cached_for_everyone(response: Response, etag: str | None = None) -> Response:
    """An answer the same for every reader: `public` caching for SHARED_MAX_AGE, a strong ETag
    (`etag`, or a hash of the body), and 304 when the request's `If-None-Match` matches it."""
    response.headers["Cache-Control"] = f"public, max-age={SHARED_MAX_AGE}"
    if etag is None:
        response.add_etag()
    else:
        response.set_etag(etag)
    return cast(Response, response.make_conditional(request))
