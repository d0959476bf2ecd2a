"""Headers every answer carries.

- `X-Content-Type-Options: nosniff`: a browser never guesses a type other than the one we send.
- `Cache-Control: no-store` unless a route said otherwise: answers carry ticket codes, emails and
  tokens, which no shared or browser cache may keep.
- `Content-Security-Policy` for API answers: they are data, never a page; nothing in them may
  load, run or be framed. (Pages the app serves set a policy of their own.)
"""

from __future__ import annotations

from flask import Flask, Response

API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


def install_security_headers(app: Flask) -> None:
    @app.after_request
    def secure(response: Response) -> Response:
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers.setdefault("Content-Security-Policy", API_POLICY)
        return response
