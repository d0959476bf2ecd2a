"""The body of an answer that only tells something, in the caller's language (app/i18n, `reader`)."""

from __future__ import annotations

from app.i18n import reader, say


def note(sentence: str) -> dict[str, str]:
    """A 202's "a link is on its way", said in the caller's language."""
    return {"detail": say(reader(), sentence)}
