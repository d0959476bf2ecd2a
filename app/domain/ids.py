"""Every kind of identifier the platform makes: random ones for new records, and digests for keys
that must come out the same every time (a notification per message and person, a uniqueness key,
a counter's key)."""

from __future__ import annotations

import hashlib
import secrets

_SEPARATOR = "\x1f"  # the ASCII unit separator: it cannot occur in an id, email or name we accept


def new_id() -> str:
    """Opaque, URL-safe and a valid Firestore document id."""
    return secrets.token_hex(10)


def order_ticket_id(order_id: str, number: int) -> str:
    """The id of an order's ticket `number` (0: the first, the order's own id): its tickets sort
    in the order they were asked for."""
    return order_id if number == 0 else f"{order_id}-{number:02d}"


def new_ticket_code() -> str:
    """128 random bits: unguessable."""
    return secrets.token_urlsafe(16)


def digest(*parts: str) -> str:
    """A fixed-length hex key for `parts`: deterministic, never contains '/', and reveals nothing
    of what it was made from (a hashed email is not an email)."""
    return hashlib.sha256(_SEPARATOR.join(parts).encode()).hexdigest()
