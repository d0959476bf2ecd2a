"""Local auth: argon2id password hashes in the store, HS256 JWTs signed with SECRET_KEY.

Memory is bounded: OWASP's argon2id parameters (19 MiB, 2 passes, 1 lane) instead of the
library's 64 MiB, and at most `HASHING_SLOTS` hashes at a time per process, whatever the burst of
sign-ins; the others wait for a slot. A worker's hashing thus never holds more than
HASHING_SLOTS x 19 MiB (docs/operations.md gives the ceiling for the whole server). Hashes made
with other parameters are rehashed at the next successful sign-in.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.domain.errors import Unauthorized, WrongCredentials
from app.domain.ids import new_id
from app.domain.models import Credentials, NewIdentity, TokenGrant
from app.domain.ports import CredentialStore, IdentityProvider

ISSUER = "events-api"
VERIFIED_CACHE_SIZE = 10_000
# OWASP Password Storage Cheat Sheet, argon2id: m=19 MiB, t=2, p=1
OWASP_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
HASHING_SLOTS = 2
T = TypeVar("T")


class LocalAuth(IdentityProvider):
    def __init__(self, credentials: CredentialStore, secret_key: str, ttl_seconds: int = 3600,
                 hasher: PasswordHasher = OWASP_HASHER, hashing_slots: int = HASHING_SLOTS) -> None:
        self._credentials = credentials
        self._key = secret_key
        self._ttl = ttl_seconds
        self._hasher = hasher
        self._slots = threading.BoundedSemaphore(hashing_slots)
        # Verified against when the email is unknown, so timing does not reveal which emails exist.
        self._decoy = self._hasher.hash(new_id())
        self._verified: dict[str, tuple[str, float]] = {}

    def create_identity(self, email: str, password: str) -> NewIdentity:
        """Hashed here, outside any transaction (argon2 is slow); written with the profile."""
        user_id = new_id()
        return NewIdentity(user_id, Credentials(user_id, email, self._hashing(self._hasher.hash, password)))

    def delete_identity(self, user_id: str) -> None:
        self._credentials.delete(user_id)

    def login(self, email: str, password: str) -> TokenGrant:
        credentials = self._credentials.find(email)
        try:
            self._hashing(self._hasher.verify, credentials.password_hash if credentials else self._decoy,
                          password)
        except (VerificationError, InvalidHashError):
            raise WrongCredentials() from None
        if credentials is None:
            raise WrongCredentials()
        if self._hasher.check_needs_rehash(credentials.password_hash):
            rehashed = self._hashing(self._hasher.hash, password)
            self._credentials.set_password_hash(credentials.user_id, rehashed)
        return self.issue(credentials.user_id)

    def _hashing(self, work: Callable[..., T], *args: str) -> T:
        with self._slots:
            return work(*args)

    def issue(self, user_id: str) -> TokenGrant:
        now = int(time.time())
        claims = {"sub": user_id, "iss": ISSUER, "iat": now, "exp": now + self._ttl, "jti": new_id()}
        return TokenGrant(jwt.encode(claims, self._key, algorithm="HS256"), self._ttl, user_id)

    def verify(self, token: str) -> str:
        # A token already verified is the same bytes under the same key: only its expiry can
        # have changed. Checking the signature again costs more than the rest of a read request.
        known = self._verified.get(token)
        if known is not None and known[1] > time.time():
            return known[0]
        user_id, expires = self._decode(token)
        if len(self._verified) >= VERIFIED_CACHE_SIZE:
            self._verified.clear()
        self._verified[token] = (user_id, expires)
        return user_id

    def _decode(self, token: str) -> tuple[str, float]:
        try:
            claims = jwt.decode(token, self._key, algorithms=["HS256"], issuer=ISSUER,
                                options={"require": ["sub", "exp", "iat", "iss"]})
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"the token is not valid: {exc}") from None
        subject = claims["sub"]
        if not isinstance(subject, str) or not subject:
            raise Unauthorized("the token names no user")
        return subject, float(claims["exp"])
