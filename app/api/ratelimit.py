"""Per-address request limits on sign-up and sign-in (flask-limiter).

The counters live where RATELIMIT_STORAGE_URI says: `memory://` (the default) counts per worker
process, so with N workers an address gets up to N times these limits; `redis://HOST:PORT`
(Memorystore on Google Cloud) counts once for every worker and instance. The per-account lockout
is a product rule and lives in the store (app.domain.signin), whatever this storage is.
"""

from __future__ import annotations

import time

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

# Loose enough for a household or an office behind one address (and for pasting the README's
# walkthrough, three sign-ups, a few times in a row); tight enough to stop bulk sign-ups.
SIGNUP_LIMIT = "10 per minute; 50 per hour"
LOGIN_LIMIT = "30 per 15 minutes"

# No headers on every answer: flask-limiter would put its own Retry-After on 200s too, and raise
# the one of a lockout answer to its window's. A 429 of its own gets Retry-After from
# `seconds_until_reset`, through the one error handler.
limiter = Limiter(key_func=get_remote_address, headers_enabled=False)


def seconds_until_reset() -> int:
    """For the limit this request just hit: how long until it lets the address through."""
    current = limiter.current_limit
    return max(1, int(current.reset_at - time.time())) if current else 60
