"""Headers every answer carries.

- `X-Content-Type-Options: nosniff`: a browser never guesses a type other than the one we send.
- `Cache-Control: no-store` unless a route said otherwise: answers carry ticket codes, emails and
  tokens, which no shared or browser cache may keep.
- `Content-Security-Policy` for API answers: they are data, never a page; nothing in them may
  load, run or be framed. (Pages the app serves set a policy of their own.)
- `Referrer-Policy: strict-origin-when-cross-origin`: a link followed from a page of ours tells
  another site our origin at most, never a path (which may carry an id).
- `Strict-Transport-Security` on answers served over HTTPS (behind TRUSTED_PROXIES, as the
  proxy's X-Forwarded-Proto says): a browser that reached us once over HTTPS never falls back to
  plain HTTP for a year. Never over plain HTTP, where it means nothing (and `make run` is local).
"""

from __future__ import annotations

from flask import Flask, Response, request

API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
REFERRER_POLICY = "strict-origin-when-cross-origin"
HSTS = "max-age=31536000; includeSubDomains"


def install_security_headers(app: Flask) -> None:
    @app.after_request
    def secure(response: Response) -> Response:
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers.setdefault("Content-Security-Policy", API_POLICY)
        response.headers.setdefault("Referrer-Policy", REFERRER_POLICY)
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = HSTS
        return response
