"""The server's catalogues (app/i18n): every sentence of the source is translated in every
language, with the same {places}; numbers are written each language's way; the extraction finds
the sentences written as plain code (errors, refusals, quotas)."""

from __future__ import annotations

import ast
import re

import pytest
from babel.messages.pofile import read_po

from app.domain.models import Language
from app.i18n import money, po_path, say
from app.i18n.catalogues import source_catalog
from app.i18n.extract import _kinds, sentences

TRANSLATED = [language for language in Language if language is not Language.EN]
PLACES = re.compile(r"\{(\w+)[^}]*\}|%\((\w+)\)s")


@pytest.fixture(scope="module")
def source() -> dict[str, str]:
    return {m.id: m.id for m in source_catalog() if m.id}


def places(text: str) -> set[str]:
    return {a or b for a, b in PLACES.findall(text)}


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_sentence_is_translated_with_its_places_and_nothing_else_is_kept(source, language):
    with po_path(language).open("rb") as po:
        catalog = {m.id: m for m in read_po(po) if m.id}
    assert sorted(set(source) - set(catalog)) == [], "missing: run `make i18n` and translate"
    assert sorted(set(catalog) - set(source)) == [], "no longer in the source"
    for sentence, message in catalog.items():
        assert message.string and "fuzzy" not in message.flags, sentence
        assert places(message.string) == places(sentence), sentence


def test_the_source_holds_the_sentences_of_errors_mails_and_titles(source):
    assert {"the event is full", "at most {limit} reviews written in an hour; try again later",
            "Unprocessable Entity", "Hello %(name)s, here is your ticket. Show its code at the door.",
            "must not contain U+{code}, an invisible, control or formatting character"} <= set(source)
    assert len(source) > 200


def test_a_sentence_is_said_in_the_language_with_its_numbers_written_that_way():
    assert say(Language.RU, "the event is full") == "мест нет"
    assert say(Language.KK, "the event is full") == "бос орын жоқ"
    pixels = {"pixels": 40_000_000}
    assert say(Language.EN, "has more than {pixels} pixels", pixels) == "has more than 40,000,000 pixels"
    assert say(Language.RU, "has more than {pixels} pixels", pixels) == "больше 40\xa0000\xa0000 пикселей"
    assert say(Language.RU, "a sentence no catalogue holds") == "a sentence no catalogue holds"


def test_money_names_the_currency_in_its_own_decimals_written_the_languages_way():
    assert [money(150_000, "KZT", Language.EN), money(150_000, "JPY", Language.EN),
            money(1250, "eur", Language.EN)] == ["1,500.00 KZT", "150,000 JPY", "12.50 eur"]
    assert money(150_000_000, "KZT", Language.EN) == "1,500,000.00 KZT"
    assert money(150_000_000, "KZT", Language.RU) == "1\xa0500\xa0000,00 KZT"


def test_the_extraction_finds_literal_sentences_and_leaves_out_what_is_not_one():
    code = '''
class Gone(DomainError):
    default_detail = "it is gone"
raise NotFound("no such thing")
raise Invalid("field", "must be {n} or less", n=3)
raise TooManyAttempts("slow down", retry_after=5)
raise Refused("must be text")
LIMIT = Quota("k", 3, timedelta(hours=1), "at most {limit} things")
raise NotFound(name)
print("not a sentence of ours")
'''
    found = [text for _line, text in sentences(ast.parse(code), _kinds())]
    assert sorted(found) == sorted(["it is gone", "no such thing", "must be {n} or less", "slow down",
                                    "must be text", "at most {limit} things"])
