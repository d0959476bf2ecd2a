"""Who may call the push route: only the bus (docs/invariants.md, 9)."""

from __future__ import annotations

import hmac
import re
import threading
import time
from collections.abc import Callable, Mapping
from typing import Protocol

import requests
from google.auth import exceptions as google_exceptions
from google.auth import jwt as google_jwt
from werkzeug.datastructures import Headers

from app.domain.errors import Forbidden, Unauthorized


class PushAuthenticator(Protocol):
    def check(self, args: Mapping[str, str], headers: Headers) -> None:
        """Raise `Unauthorized` (no credentials) or `Forbidden` (wrong ones)."""


class TokenPushAuth:
    """Embedded bus: the push URL carries ?token=PUSH_TOKEN, compared in constant time."""

    def __init__(self, token: str) -> None:
        if len(token) < 16:
            raise ValueError("PUSH_TOKEN must be at least 16 characters")
        self._token = token.encode()

    def check(self, args: Mapping[str, str], headers: Headers) -> None:
        given = args.get("token")
        if not given:
            raise Unauthorized("the push endpoint needs the bus's token")
        if not hmac.compare_digest(given.encode(), self._token):
            raise Forbidden("this push token is not the bus's")


GOOGLE_CERTS_URL = "https://www.googleapis.com/oauth2/v1/certs"
GOOGLE_ISSUERS = ("accounts.google.com", "https://accounts.google.com")


class CachedCerts:
    """Google's token signing certificates, kept for as long as Google says they may be."""

    def __init__(self, url: str = GOOGLE_CERTS_URL, default_ttl: float = 3600.0) -> None:
        self._url = url
        self._default_ttl = default_ttl
        self._certs: dict[str, str] = {}
        self._expires = 0.0
        self._lock = threading.Lock()

    def __call__(self) -> dict[str, str]:
        with self._lock:
            if time.monotonic() >= self._expires:
                response = requests.get(self._url, timeout=10)
                response.raise_for_status()
                self._certs = response.json()
                match = re.search(r"max-age=(\d+)", response.headers.get("Cache-Control", ""))
                ttl = float(match.group(1)) if match else self._default_ttl
                self._expires = time.monotonic() + ttl
            return self._certs


class OidcPushAuth:
    """Google Cloud: Pub/Sub attaches an OIDC token signed by Google for the push subscription's
    service account; check signature, issuer, audience, email and email_verified."""

    def __init__(self, audience: str, service_account: str,
                 certs: Callable[[], dict[str, str]] | None = None) -> None:
        self._audience = audience
        self._service_account = service_account
        self._certs = certs or CachedCerts()

    def check(self, args: Mapping[str, str], headers: Headers) -> None:
        scheme, _, token = headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise Unauthorized("the push endpoint needs Pub/Sub's OIDC token")
        try:
            claims = google_jwt.decode(token, certs=self._certs(), audience=self._audience)
        except (ValueError, google_exceptions.GoogleAuthError) as exc:
            raise Unauthorized(f"the push token is not valid: {exc}") from None
        if claims.get("iss") not in GOOGLE_ISSUERS:
            raise Unauthorized("the push token was not issued by Google")
        if claims.get("email") != self._service_account or claims.get("email_verified") is not True:
            raise Forbidden("the push token is not the push subscription's service account")
