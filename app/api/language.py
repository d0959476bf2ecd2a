"""The language a request is answered in: the first of the caller's Accept-Language that the
platform speaks, else English. (A person's saved language is for what reaches them outside a
request, their mail; the web client sends the language it shows as Accept-Language.)"""

from __future__ import annotations

from flask import has_request_context, request

from app.domain.models import Language
from app.i18n import say

_SPOKEN = {language.value: language for language in Language}


def reader() -> Language:
    """By the caller's order of preference, each tag by its language alone (en-US is English, as
    the web client reads navigator.languages: src/i18n.tsx, `negotiate`)."""
    if not has_request_context():
        return Language.EN
    for tag, _quality in request.accept_languages:  # werkzeug lists them best first
        if (spoken := _SPOKEN.get(tag.lower().split("-")[0])) is not None:
            return spoken
    return Language.EN


def note(sentence: str) -> dict[str, str]:
    """The body of an answer that only tells something (a 202's "a link is on its way"), said in
    the caller's language."""
    return {"detail": say(reader(), sentence)}
