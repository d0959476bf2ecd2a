"""`make i18n` (python -m app.i18n.catalogues): the sentences of the source gathered into
locales/messages.pot, and merged into each language's messages.po, where a new sentence waits
(untranslated) for its translation and a changed one is marked fuzzy. The same gathering is what
tests/i18n/test_catalogues.py holds each catalogue to."""

from __future__ import annotations

from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from app.domain.models import Language
from app.i18n import LOCALES, po_path

ROOT = Path(__file__).resolve().parents[2]
# Python through our extraction method (gettext calls, N_ marks, the sentences of errors), and
# the mails' and the test checkout page's Jinja2 templates through Jinja2's own
TEMPLATES = ["app/mail/templates/**", "app/payment_providers/templates/**"]
METHODS = [("app/**.py", "app.i18n.extract:extract"), *((t, "jinja2.ext:babel_extract") for t in TEMPLATES)]
OPTIONS = {t: {"extensions": "jinja2.ext.i18n", "trim_blocks": "True"} for t in TEMPLATES}
TEMPLATE = LOCALES / "messages.pot"


def source_catalog() -> Catalog:
    catalog = Catalog(project="events", charset="utf-8")
    for _file, _line, message, comments, context in extract_from_dir(
            ROOT, METHODS, OPTIONS, keywords={**DEFAULT_KEYWORDS, "N_": None}):
        catalog.add(message, None, auto_comments=comments, context=context)
    return catalog


def main() -> None:
    source = source_catalog()
    with TEMPLATE.open("wb") as out:
        write_po(out, source, omit_header=True, sort_output=True, width=100)
    for language in Language:
        if language is Language.EN:
            continue
        path = po_path(language)
        if path.exists():
            with path.open("rb") as existing:
                catalog = read_po(existing, locale=language.value)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=language.value, charset="utf-8")
        dated = catalog.creation_date, catalog.revision_date
        catalog.update(source, no_fuzzy_matching=True)
        # the header says what the file is, and changes only when a translator's work does
        catalog.creation_date, catalog.revision_date = dated
        catalog.project, catalog.version, catalog.fuzzy = "events", "", False
        catalog.header_comment = (f"# The server's sentences in {Locale.parse(language.value).english_name}: "
                                  "problem details and mails (app/i18n).\n# `make i18n` adds new ones.")
        catalog.msgid_bugs_address = catalog.last_translator = catalog.language_team = ""
        with path.open("wb") as out:
            write_po(out, catalog, omit_header=False, sort_output=True, width=100, ignore_obsolete=True)
        missing = sum(1 for m in catalog if m.id and not m.string)
        print(f"{language}: {len(catalog) - 1} sentences, {missing} to translate")


if __name__ == "__main__":
    main()
