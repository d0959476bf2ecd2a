"""Local auth: argon2id password hashes in the store, HS256 JWTs signed with SECRET_KEY.

Memory is bounded: OWASP's argon2id parameters (19 MiB, 2 passes, 1 lane) instead of the
library's 64 MiB, and every hash runs on one of `HASHING_THREADS` threads of a pool per process,
whatever the burst of sign-ins; the others queue. A pool, not a semaphore over the request
threads: the C allocator keeps a freed 19 MiB in the arena of the thread that used it, so
hashing on every request thread would leave 19 MiB behind in each of them. A worker's hashing
thus holds at most HASHING_THREADS x 19 MiB (docs/operations.md gives the ceiling for the whole
server). Hashes made with other parameters are rehashed at the next successful sign-in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.domain.errors import Unauthorized, WrongCredentials
from app.domain.ids import new_id
from app.domain.models import Credentials, NewIdentity, TokenClaims, TokenGrant
from app.domain.ports import CredentialStore, IdentityProvider
from app.infra.green import os_thread_pool

ISSUER = "events-api"
VERIFIED_CACHE_SIZE = 10_000
# OWASP Password Storage Cheat Sheet, argon2id: m=19 MiB, t=2, p=1
OWASP_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
HASHING_THREADS = 2
T = TypeVar("T")


class LocalAuth(IdentityProvider):
    def __init__(self, credentials: CredentialStore, secret_key: str, ttl_seconds: int = 3600,
                 hasher: PasswordHasher = OWASP_HASHER, hashing_threads: int = HASHING_THREADS) -> None:
        self._credentials = credentials
        self._key = secret_key
        self._ttl = ttl_seconds
        self._hasher = hasher
        self._pool = os_thread_pool(hashing_threads, "argon2")
        # Verified against when the email is unknown, so timing does not reveal which emails exist.
        self._decoy = self._hashing(self._hasher.hash, new_id())
        self._verified: dict[str, TokenClaims] = {}

    def create_identity(self, email: str, password: str) -> NewIdentity:
        """Hashed here, outside any transaction (argon2 is slow); written with the profile."""
        user_id = new_id()
        return NewIdentity(user_id, Credentials(user_id, email, self._hashing(self._hasher.hash, password)))

    def delete_identity(self, user_id: str) -> None:
        self._credentials.delete(user_id)

    def login(self, email: str, password: str) -> TokenGrant:
        credentials = self._credentials.find(email)
        # an unknown email costs a hash check too: the answer's time tells no account apart
        matches = self._hashing(self._matches, credentials.password_hash if credentials else self._decoy,
                                password)
        if credentials is None or not matches:
            raise WrongCredentials()
        if self._hasher.check_needs_rehash(credentials.password_hash):
            rehashed = self._hashing(self._hasher.hash, password)
            self._credentials.set_password_hash(credentials.user_id, rehashed)
        return self.issue(credentials.user_id)

    def set_password(self, user_id: str, password: str) -> None:
        self._credentials.set_password_hash(user_id, self._hashing(self._hasher.hash, password))

    def _matches(self, password_hash: str, password: str) -> bool:
        """A wrong password is an answer, not an error: raised on the hashing thread, gevent's
        pool would print its traceback on every failed sign-in."""
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def _hashing(self, work: Callable[..., T], *args: str) -> T:
        return self._pool.submit(work, *args).result()

    def issue(self, user_id: str) -> TokenGrant:
        return issue_token(self._key, user_id, self._ttl)

    def verify(self, token: str) -> TokenClaims:
        # A token already verified is the same bytes under the same key: only its expiry can
        # have changed. Checking the signature again costs more than the rest of a read request.
        # (Whether its account still exists, or signed out, is the domain's check, every time.)
        known = self._verified.get(token)
        if known is not None and known.expires_at > _now():
            return known
        claims = _decode(self._key, token)
        if len(self._verified) >= VERIFIED_CACHE_SIZE:
            self._verified.clear()
        self._verified[token] = claims
        return claims

    def revoke(self, user_id: str) -> datetime:
        return _now()  # local tokens are stamped on the machine's clock (see issue_token)


def _now() -> datetime:
    return datetime.now(UTC)


def issue_token(secret_key: str, user_id: str, ttl_seconds: int) -> TokenGrant:
    """An HS256 token for `user_id`. `iat` keeps its fraction of a second, so a sign-out and a
    new sign-in within the same second are told apart."""
    now = _now().timestamp()
    claims = {"sub": user_id, "iss": ISSUER, "iat": now, "exp": int(now) + ttl_seconds, "jti": new_id()}
    return TokenGrant(jwt.encode(claims, secret_key, algorithm="HS256"), ttl_seconds, user_id)


def _decode(secret_key: str, token: str) -> TokenClaims:
    try:
        claims = jwt.decode(token, secret_key, algorithms=["HS256"], issuer=ISSUER,
                            options={"require": ["sub", "exp", "iat", "iss"]})
    except jwt.PyJWTError as exc:
        raise Unauthorized(f"the token is not valid: {exc}") from None
    subject = claims["sub"]
    if not isinstance(subject, str) or not subject:
        raise Unauthorized("the token names no user")
    return TokenClaims(subject, datetime.fromtimestamp(float(claims["iat"]), UTC),
                       datetime.fromtimestamp(float(claims["exp"]), UTC))
