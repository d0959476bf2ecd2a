"""One error format for every failure: RFC 9457 problem details."""

from __future__ import annotations

import logging
from http import HTTPStatus

from flask import Flask, Response, current_app, g, json, request
from flask_limiter.errors import RateLimitExceeded
from pydantic import ValidationError
from werkzeug.exceptions import HTTPException

from app.api.body_limit import too_large_detail
from app.api.problem_details import HTTP_CODES, MEDIA_TYPE, problem_body
from app.api.ratelimit import seconds_until_reset
from app.domain import errors

log = logging.getLogger(__name__)

_STATUS = {
    errors.Invalid: 422,
    errors.NotFound: 404,
    errors.Forbidden: 403,
    errors.Conflict: 409,
    errors.Unauthorized: 401,
    errors.TooManyAttempts: 429,
    errors.Unavailable: 503,
    errors.BadSignature: 400,
    errors.MalformedNotice: 400,
}


class InvalidJson(HTTPException):
    code = 400
    description = "the body is not valid JSON"


def problem(status: int, code: str, detail: str, field_errors: list[dict[str, str]] | None = None,
            headers: dict[str, str] | None = None) -> Response:
    body = problem_body(status, code, detail, field_errors, g.get("request_id"))
    response = Response(json.dumps(body), status=status, mimetype=MEDIA_TYPE)
    response.headers.update(headers or {})
    return response


def _field_errors(exc: ValidationError) -> list[dict[str, str]]:
    out = []
    for error in exc.errors(include_url=False):
        location = ".".join(str(p) for p in error["loc"]) or "body"
        message = "unknown field" if error["type"] == "extra_forbidden" else error["msg"]
        out.append({"field": location, "message": message})
    return out


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(errors.DomainError)
    def domain_error(exc: errors.DomainError) -> Response:
        status = next((s for cls, s in _STATUS.items() if isinstance(exc, cls)), 500)
        if isinstance(exc, errors.Invalid):
            return problem(status, exc.code, "the request has invalid fields",
                           [{"field": exc.field, "message": exc.detail}])
        if isinstance(exc, errors.Unavailable):
            log.error("store unavailable: %s", exc.detail)
            return problem(status, exc.code, "the service cannot take this change right now; "
                           "try again shortly", headers={"Retry-After": "5"})
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        if isinstance(exc, errors.TooManyAttempts):
            headers = {"Retry-After": str(exc.retry_after)}
        return problem(status, exc.code, exc.detail, headers=headers)

    @app.errorhandler(ValidationError)
    def validation_error(exc: ValidationError) -> Response:
        return problem(422, "validation_failed", "the request has invalid fields", _field_errors(exc))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        status = exc.code or 500
        code = "invalid_json" if isinstance(exc, InvalidJson) else HTTP_CODES.get(status, "error")
        headers = {k: v for k, v in exc.get_headers() if k.lower() in {"retry-after", "allow"}}
        if isinstance(exc, RateLimitExceeded):
            headers["Retry-After"] = str(seconds_until_reset())
        if status == 413:
            detail = too_large_detail(request.max_content_length or current_app.config["MAX_CONTENT_LENGTH"])
        elif status == 429:
            detail = f"too many requests: {exc.description}"
        else:
            detail = exc.description or HTTPStatus(status).phrase
        return problem(status, code, detail, headers=headers)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Response:
        log.exception("unhandled error")
        return problem(500, "internal_error", "something went wrong on our side")
