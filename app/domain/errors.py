"""Failures of a business rule. Each carries a stable machine word; the API maps kinds to status."""

from __future__ import annotations


class DomainError(Exception):
    code = "error"

    def __init__(self, detail: str, code: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if code:
            self.code = code


class NotFound(DomainError):
    code = "not_found"


class Forbidden(DomainError):
    code = "forbidden"


class Conflict(DomainError):
    code = "conflict"


class Invalid(DomainError):
    """A value that is well-formed on its own but breaks a rule together with others."""

    code = "validation_failed"

    def __init__(self, field: str, detail: str) -> None:
        super().__init__(detail)
        self.field = field


class Unauthorized(DomainError):
    code = "unauthorized"


class TooManyAttempts(DomainError):
    """A limit of the product was reached; the caller may try again after `retry_after` s."""

    code = "rate_limited"

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class Unavailable(DomainError):
    """The store cannot take writes right now (read-only file, full disk, contention)."""

    code = "unavailable"
