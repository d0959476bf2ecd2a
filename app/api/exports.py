"""The attendee list as files spreadsheet apps open: CSV (UTF-8 with a byte-order mark, which
Excel needs to read UTF-8) and XLSX (openpyxl). A cell a spreadsheet would run as a formula
(=, +, -, @, a tab or a carriage return first: OWASP's "CSV injection") is written with a leading
apostrophe, in both formats: a holder's name is typed by the holder, not the organizer."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook

from app.domain.currencies import major
from app.domain.exports import AttendeeList
from app.domain.models import Event
from app.timeutil import rfc3339

HEADER = ("ticket", "name", "email", "status", "ticket type", "registered at", "checked in at", "paid",
          "refunded", "currency", "order", "bought by")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def inert(value: str) -> str:
    """A cell no spreadsheet runs as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _when(at: datetime | None) -> str:
    return rfc3339(at) or ""


def _cells(listing: AttendeeList) -> Iterator[tuple[str, ...]]:
    event = listing.event
    yield HEADER + tuple(listing.questions)
    for row in listing.rows:
        yield tuple(inert(cell) for cell in (
            row.ticket_id, row.name, row.email, str(row.status), row.ticket_type, _when(row.registered_at),
            _when(row.checked_in_at), major(row.paid, event.currency), major(row.refunded, event.currency),
            event.currency, row.order_id, row.buyer, *row.answers))


def as_csv(listing: AttendeeList) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(_cells(listing))  # RFC 4180 line ends
    return ("\ufeff" + out.getvalue()).encode("utf-8")


_MONEY = (HEADER.index("paid"), HEADER.index("refunded"))


def as_xlsx(listing: AttendeeList) -> bytes:
    """The amounts as numbers (exact decimals: a spreadsheet sums them), the rest as text."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Attendees")
    for n, cells in enumerate(_cells(listing)):
        sheet.append([Decimal(c) if n and i in _MONEY else c for i, c in enumerate(cells)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def filename(event: Event, extension: str) -> str:
    """ASCII only, from the id: a title may hold anything a header must not."""
    return f"attendees-{event.id}.{extension}"
