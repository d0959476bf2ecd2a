"""Who may call the push route: only the bus (DESIGN invariant 9)."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from typing import Protocol

from app.domain.errors import Forbidden, Unauthorized


class PushAuthenticator(Protocol):
    def check(self, args: Mapping[str, str], headers: Mapping[str, str]) -> None:
        """Raise `Unauthorized` (no credentials) or `Forbidden` (wrong ones)."""


class TokenPushAuth:
    """Embedded bus: the push URL carries ?token=PUSH_TOKEN, compared in constant time."""

    def __init__(self, token: str) -> None:
        if len(token) < 16:
            raise ValueError("PUSH_TOKEN must be at least 16 characters")
        self._token = token.encode()

    def check(self, args: Mapping[str, str], headers: Mapping[str, str]) -> None:
        given = args.get("token")
        if not given:
            raise Unauthorized("the push endpoint needs the bus's token")
        if not hmac.compare_digest(given.encode(), self._token):
            raise Forbidden("this push token is not the bus's")
