"""Opaque keyset cursors: the sort key of the last item of a page, never an offset; and a
person's live stream position, a sequence number."""

from __future__ import annotations

import base64
import binascii
import json

from app.domain.errors import BadCursor


def encode_cursor(*key: str) -> str:
    raw = json.dumps(list(key), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, arity: int) -> tuple[str, ...]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        key = None
    if not (isinstance(key, list) and len(key) == arity and all(isinstance(k, str) for k in key)):
        raise BadCursor()
    return tuple(key)


def stream_seq(text: str | None) -> int | None:
    """A person's stream position as the stores hand them out (a sequence number in ASCII
    digits); None for anything else a client sends, which the stream takes as "from now"."""
    if text and text.isascii() and text.isdigit() and len(text) <= 18:  # fits SQLite's INTEGER
        return int(text)
    return None
