"""RFC 9457 problem details: the one error body of this API, as plain data (no Flask), so the
server in front of Flask (gunicorn's own answers) speaks it too."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

MEDIA_TYPE = "application/problem+json"

# the machine word of an HTTP status that no domain rule names more precisely
HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    417: "expectation_failed",
    429: "rate_limited",
    431: "headers_too_large",
    500: "internal_error",
    501: "not_implemented",
}
# every status the API answers with a problem: its title is said in the caller's language
STATUSES = frozenset(HTTP_CODES) | {409, 422, 503}


def problem_body(status: int, code: str, detail: str, field_errors: list[dict[str, str]] | None = None,
                 request_id: str | None = None, title: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"type": "about:blank", "title": title or HTTPStatus(status).phrase,
                            "status": status, "detail": detail, "code": code}
    if field_errors:
        body["errors"] = field_errors
    if request_id:
        body["request_id"] = request_id
    return body


def problem_json(status: int, detail: str) -> bytes:
    """The body for a status alone, ASCII-only (safe for any transport)."""
    code = HTTP_CODES.get(status, "error")
    return json.dumps(problem_body(status, code, detail)).encode("ascii")
