"""One error format for every failure: RFC 9457 problem details, with `title`, `detail` and each
field's `message` in the caller's language (app/api/language.py); `code` stays the same in all."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, current_app, g, json, request
from flask_limiter.errors import RateLimitExceeded
from pydantic import ValidationError
from werkzeug.exceptions import HTTPException

from app.api.body_limit import TOO_LARGE, body_size
from app.api.problem_details import HTTP_CODES, MEDIA_TYPE, problem_body
from app.api.ratelimit import seconds_until_reset
from app.domain import errors
from app.domain.sentences import N_
from app.i18n import reader, say

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
    description = N_("the body is not valid JSON")


INVALID_FIELDS = N_("the request has invalid fields")
# pydantic's errors that bodies commonly have, in sentences of ours with the error's context in
# their {places}; any other keeps pydantic's own (English) message
_FIELD_SENTENCES = {
    "missing": N_("is required"),
    "extra_forbidden": N_("unknown field"),
    "string_too_short": N_("must have at least {min_length} characters"),
    "string_too_long": N_("must have at most {max_length} characters"),
    "too_short": N_("must have at least {min_length} items"),
    "too_long": N_("must have at most {max_length} items"),
    "greater_than_equal": N_("must be at least {ge}"),
    "less_than_equal": N_("must be at most {le}"),
    "greater_than": N_("must be more than {gt}"),
    "less_than": N_("must be less than {lt}"),
    "string_type": N_("must be text"),
    "int_type": N_("must be a whole number"),
    "int_parsing": N_("must be a whole number"),
    "bool_type": N_("must be true or false"),
    "list_type": N_("must be a list"),
    "model_type": N_("must be an object"),
    "enum": N_("must be one of {expected}"),
    "literal_error": N_("must be one of {expected}"),
    "string_pattern_mismatch": N_("does not have the expected form"),
}


def problem(status: int, code: str, detail: str, field_errors: list[dict[str, str]] | None = None,
            headers: dict[str, str] | None = None, params: dict[str, object] | None = None) -> Response:
    """`detail`: a sentence of the source with {places} filled from `params`, said in the caller's
    language (a sentence the catalogues do not hold is said as it is)."""
    language = reader()
    body = problem_body(status, code, say(language, detail, params), field_errors, g.get("request_id"),
                        title=say(language, HTTPStatus(status).phrase))
    response = Response(json.dumps(body), status=status, mimetype=MEDIA_TYPE)
    response.headers.update(headers or {})
    response.headers["Content-Language"] = language
    response.vary.add("Accept-Language")
    return response


def _field_message(error: Any) -> str:
    context = error.get("ctx", {})
    refused = context.get("error")
    if isinstance(refused, errors.Refused):
        return say(reader(), refused.template, refused.params)
    if refused is not None:  # a library's own refusal (an email address's, say): its words
        return str(refused)
    sentence = _FIELD_SENTENCES.get(error["type"])
    if sentence is None:
        return str(error["msg"])
    shown = {k: v if isinstance(v, int | float) else str(v) for k, v in context.items()}
    return say(reader(), sentence, shown)


def _field_errors(exc: ValidationError) -> list[dict[str, str]]:
    return [{"field": ".".join(str(p) for p in error["loc"]) or "body", "message": _field_message(error)}
            for error in exc.errors(include_url=False)]


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(errors.DomainError)
    def domain_error(exc: errors.DomainError) -> Response:
        status = next((s for cls, s in _STATUS.items() if isinstance(exc, cls)), 500)
        if isinstance(exc, errors.Invalid):
            return problem(status, exc.code, INVALID_FIELDS,
                           [{"field": exc.field, "message": say(reader(), exc.template, exc.params)}])
        if isinstance(exc, errors.Unavailable):
            log.error("store unavailable: %s", exc.detail)
            return problem(status, exc.code, N_("the service cannot take this change right now; "
                                                "try again shortly"), headers={"Retry-After": "5"})
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        if isinstance(exc, errors.TooManyAttempts):
            headers = {"Retry-After": str(exc.retry_after)}
        return problem(status, exc.code, exc.template, headers=headers, params=exc.params)

    @app.errorhandler(ValidationError)
    def validation_error(exc: ValidationError) -> Response:
        return problem(422, "validation_failed", INVALID_FIELDS, _field_errors(exc))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        status = exc.code or 500
        code = "invalid_json" if isinstance(exc, InvalidJson) else HTTP_CODES.get(status, "error")
        headers = {k: v for k, v in exc.get_headers() if k.lower() in {"retry-after", "allow"}}
        if isinstance(exc, RateLimitExceeded):
            headers["Retry-After"] = str(seconds_until_reset())
        if status == 413:
            limit = request.max_content_length or current_app.config["MAX_CONTENT_LENGTH"]
            return problem(status, code, TOO_LARGE, headers=headers, params={"size": body_size(limit)})
        if status == 429:
            return problem(status, code, N_("too many requests: {limit}"), headers=headers,
                           params={"limit": exc.description})
        else:
            detail = exc.description or HTTPStatus(status).phrase
        return problem(status, code, detail, headers=headers)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Response:
        log.exception("unhandled error")
        return problem(500, "internal_error", N_("something went wrong on our side"))
