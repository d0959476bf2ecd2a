"""Rate limits on sign-up and sign-in (flask-limiter), per client address and per account."""

from __future__ import annotations

from flask import request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

# Counters live in each worker's memory: with N workers a client gets up to N times the limit.
# A shared backend (RATELIMIT_STORAGE_URI, e.g. Redis/Memorystore) makes them exact.
limiter = Limiter(key_func=get_remote_address, storage_uri="memory://",
                  headers_enabled=True, retry_after="delta-seconds")


def login_account_key() -> str:
    """Failed sign-ins are counted per account, whatever address they come from."""
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    return f"account:{email.strip().lower()}" if isinstance(email, str) else get_remote_address()
