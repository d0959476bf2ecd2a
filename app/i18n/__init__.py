"""The server's words in the reader's language: the sentences of problem details and mails, in
English (the source), Russian and Kazakh, as gettext catalogues read with Babel.

The English sentence is its own key. `make i18n` extracts every sentence of the source
(app/i18n/extract.py: gettext calls, N_ marks, the sentences of errors, the mails' templates)
into locales/messages.pot and merges it into each language's locales/<lang>/LC_MESSAGES/
messages.po; tests/i18n/test_catalogues.py fails when a sentence is missing from a language, is
left fuzzy, or loses one of its {places}. Numbers in a sentence are written the language's way.
"""

from __future__ import annotations

import functools
import gettext
import io
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations
from flask import has_request_context, request

from app.domain.currencies import major, minor_digits
from app.domain.models import Language

LOCALES = Path(__file__).with_name("locales")
DOMAIN = "messages"


def po_path(language: Language) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(language: Language) -> gettext.NullTranslations:
    """A language's catalogue, read once per process from its .po (no compiled files to keep in
    step); English is the source itself. Fuzzy entries are left out: English is said instead."""
    if language is Language.EN:
        return NullTranslations()
    with po_path(language).open("rb") as source:
        catalog = read_po(source, locale=language.value)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def say(language: Language, sentence: str, params: Mapping[str, object] | None = None) -> str:
    """`sentence` in `language`, its {places} filled (whole numbers as the language writes them:
    40,000,000 / 40 000 000)."""
    said = translations(language).gettext(sentence)
    if not params:
        return said
    shown = {k: format_decimal(v, locale=language.value) if isinstance(v, int) and not isinstance(v, bool)
             else v for k, v in params.items()}
    return said.format(**shown)


_SPOKEN = {language.value: language for language in Language}


def reader() -> Language:
    """The language a request is answered in: the first of the caller's Accept-Language that the
    platform speaks, each tag by its language alone (en-US is English, as the web client reads
    navigator.languages: web/src/i18n.tsx, `negotiate`), else English. (A person's saved
    language is for what reaches them outside a request: mail.)"""
    if not has_request_context():
        return Language.EN
    for tag, _quality in request.accept_languages:  # werkzeug lists them best first
        if (spoken := _SPOKEN.get(tag.lower().split("-")[0])) is not None:
            return spoken
    return Language.EN


def money(minor: int, currency: str, language: Language) -> str:
    """`1,500.00 KZT`, `1 500,00 KZT`: the currency's own decimals, the language's separators."""
    digits = minor_digits(currency)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    number = format_decimal(Decimal(major(minor, currency)), format=pattern, locale=language.value)
    return f"{number} {currency}"
