"""Each letter as a mail (app/mail/compose.py): its MIME parts, the QR code a scanner reads, the
calendar part a calendar takes, the times in the event's zone, and nothing unescaped."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import timedelta
from email.message import EmailMessage

import pytest
import zxingcpp
from icalendar import Calendar
from PIL import Image

from app.domain.letters import Letter, LetterKind
from app.domain.models import PENDING_PAYMENT, REFUNDED, Language
from app.mail.compose import Composer
from tests.support.letters import ADA, HOME, JAZZ, PAYMENT, TICKET
from tests.support.records import T0


def compose(letter: Letter) -> EmailMessage:
    return Composer(HOME, "Events <no-reply@events.example.com>").compose(letter, T0)


def shape(part: EmailMessage) -> object:
    """The MIME tree as content types: (type, [children]) for multiparts."""
    if part.is_multipart():
        return (part.get_content_type(), [shape(p) for p in part.iter_parts()])  # type: ignore[arg-type]
    return part.get_content_type()


def part(mail: EmailMessage, content_type: str) -> EmailMessage:
    return next(p for p in mail.walk() if p.get_content_type() == content_type)  # type: ignore[return-value]


def calendar_of(mail: EmailMessage) -> Calendar:
    return Calendar.from_ical(part(mail, "text/calendar").get_content())


def test_a_ticket_carries_its_code_as_a_qr_code_a_scanner_reads_and_the_event_for_a_calendar():
    mail = compose(Letter(LetterKind.TICKET, "m1", ADA, JAZZ, TICKET, PAYMENT))
    assert shape(mail) == ("multipart/mixed", [
        ("multipart/alternative", ["text/plain", ("multipart/related", ["text/html", "image/png"])]),
        "text/calendar"])
    assert mail["Subject"] == 'Your ticket: Jazz <night> & "friends"'
    assert mail["To"] == "Ada Lovelace <ada@example.com>"
    (read,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(part(mail, "image/png").get_content())))
    assert read.text == "TK7Q2M9X" and read.format == zxingcpp.BarcodeFormat.QRCode
    html = part(mail, "text/html").get_content()
    cid = part(mail, "image/png")["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in html and 'alt="QR code of your ticket, TK7Q2M9X"' in html
    assert "<h1" in html and "Jazz &lt;night&gt; &amp; &#34;friends&#34;" in html  # escaped
    assert "<night>" not in html
    text = part(mail, "text/plain").get_content()
    assert "Ticket code: TK7Q2M9X" in text
    assert "When: Tue 01 Dec 2026, 17:00 (Asia/Almaty)" in text  # the event's own zone
    assert f"{HOME}/tickets/r-1" in text and "Where: Abay 10, Almaty" in text
    (entry,) = calendar_of(mail).walk("VEVENT")
    assert calendar_of(mail)["METHOD"] == "PUBLISH"
    assert entry["UID"] == f"{JAZZ.id}@events-api" and entry.decoded("DTSTART") == JAZZ.starts_at
    assert part(mail, "text/calendar").get_param("method") == "PUBLISH"


def test_the_message_id_is_the_letters_own_so_a_resend_is_folded_into_one():
    letter = Letter(LetterKind.TICKET, "m1", ADA, JAZZ, TICKET, PAYMENT)
    assert compose(letter)["Message-ID"] == compose(letter)["Message-ID"] == (
        "<m1.ticket.u-ada@events.example.com>")
    assert compose(replace(letter, kind=LetterKind.RECEIPT))["Message-ID"] != compose(letter)["Message-ID"]


def test_a_paid_ticket_carries_its_receipt_in_the_currencys_digits():
    mail = compose(Letter(LetterKind.TICKET, "m1", ADA, JAZZ, TICKET, PAYMENT))
    text = part(mail, "text/plain").get_content()
    assert "<h2" in part(mail, "text/html").get_content()  # the receipt's own heading
    assert "Amount: 1,500.00 KZT" in text and "Receipt number: r-1" in text
    assert "Paid on: Tue 24 Nov 2026, 17:03 (Asia/Almaty)" in text
    free = part(compose(Letter(LetterKind.TICKET, "m1", ADA, JAZZ, TICKET)), "text/plain").get_content()
    assert "Receipt" not in free and "Ticket code: TK7Q2M9X" in free
    yen = compose(Letter(LetterKind.TICKET, "m1", ADA, replace(JAZZ, currency="JPY"), TICKET,
                         replace(PAYMENT, amount=1500, currency="JPY")))
    assert "Amount: 1,500 JPY" in part(yen, "text/plain").get_content()


def test_a_receipt_alone_says_why_it_comes_without_its_ticket():
    mail = compose(Letter(LetterKind.RECEIPT, "m1", ADA, JAZZ, TICKET, PAYMENT))
    assert mail["Subject"] == 'Receipt for Jazz <night> & "friends"'
    assert "Receipt number: r-1" in part(mail, "text/plain").get_content()
    assert "cancelled before this mail went" in part(mail, "text/plain").get_content()
    assert shape(mail) == ("multipart/alternative", ["text/plain", "text/html"])  # no calendar


def test_a_refund_says_why():
    refunded = replace(PAYMENT, status=REFUNDED, refunded_at=T0 + timedelta(days=1),
                       refund_reason="event_cancelled")
    mail = compose(Letter(LetterKind.REFUND, "m1", ADA, JAZZ, TICKET, refunded))
    text = part(mail, "text/plain").get_content()
    assert "refunded (the event was cancelled)" in text and "Refunded: 1,500.00 KZT" in text


def test_a_held_seat_says_until_when_in_the_events_zone_and_where_to_pay():
    held = replace(TICKET, status=PENDING_PAYMENT, hold_expires_at=T0 + timedelta(minutes=30))
    mail = compose(Letter(LetterKind.SEAT_HELD, "m1", ADA, JAZZ, held, PAYMENT))
    assert mail["Subject"].endswith("until Tue 24 Nov 2026, 17:30 (Asia/Almaty)")
    # the ticket's page, which opens a fresh checkout (a provider's own link may have expired)
    assert f"Pay for your seat: {HOME}/tickets/r-1" in part(mail, "text/plain").get_content()
    assert f'href="{HOME}/tickets/r-1"' in part(mail, "text/html").get_content()


def test_a_change_brings_a_newer_revision_of_the_same_calendar_entry():
    first = calendar_of(compose(Letter(LetterKind.TICKET, "m1", ADA, JAZZ, TICKET)))
    moved = replace(JAZZ, starts_at=JAZZ.starts_at + timedelta(hours=2), updated_at=T0 + timedelta(hours=5))
    changed = ("location", "starts_at")
    mail = compose(Letter(LetterKind.EVENT_CHANGED, "m2", ADA, moved, TICKET, changed=changed))
    (before,), (after,) = first.walk("VEVENT"), calendar_of(mail).walk("VEVENT")
    assert after["UID"] == before["UID"] and after["SEQUENCE"] > before["SEQUENCE"]
    assert after.decoded("DTSTART") == moved.starts_at
    text = part(mail, "text/plain").get_content()
    assert "changed the place and the start" in text
    assert "can be cancelled with a refund" in text  # a paid event whose start moved


def test_a_cancellation_removes_the_entry_from_calendars():
    cancelled = replace(JAZZ, status="cancelled", updated_at=T0 + timedelta(hours=1))
    mail = compose(Letter(LetterKind.EVENT_CANCELLED, "m3", ADA, cancelled))
    assert mail["Subject"] == 'Cancelled: Jazz <night> & "friends"'
    calendar = calendar_of(mail)
    (entry,) = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "CANCEL" and entry["STATUS"] == "CANCELLED"
    assert part(mail, "text/calendar").get_param("method") == "CANCEL"


ACCOUNT_MAIL = {LetterKind.VERIFY_EMAIL, LetterKind.PASSWORD_RESET, LetterKind.PASSWORD_CHANGED,
                LetterKind.ACCOUNT_DELETED, LetterKind.EMAIL_CHANGE, LetterKind.EMAIL_CHANGED}
WITH_LINK = {LetterKind.VERIFY_EMAIL, LetterKind.PASSWORD_RESET, LetterKind.PASSWORD_CHANGED,
             LetterKind.EMAIL_CHANGE}


@pytest.mark.parametrize("kind", list(LetterKind))
def test_every_letter_reads_the_same_without_html_and_has_a_heading(kind):
    held = replace(TICKET, hold_expires_at=T0 + timedelta(minutes=30))
    if kind in ACCOUNT_MAIL:
        letter = Letter(kind, "m1", ADA, link="/reset-password?token=abc.def")
    else:
        letter = Letter(kind, "m1", ADA, JAZZ, held, replace(PAYMENT, refunded_at=T0), changed=("location",),
                        unsubscribe="u.v", subject="Doors", message="Doors open at 18:30.", role="door",
                        invited_by="Olga", link="/join-team?token=t.k")
    mail = compose(letter)
    text, html = part(mail, "text/plain").get_content(), part(mail, "text/html").get_content()
    assert "Hello Ada" in text
    assert (kind in ACCOUNT_MAIL) or 'Jazz <night> & "friends"' in text
    if kind in WITH_LINK:
        assert f"{HOME}/reset-password?token=abc.def" in text  # the link, whole, in both parts
        assert f'href="{HOME}/reset-password?token=abc.def"' in html
    assert html.count("<h1") == 1 and '<html lang="en">' in html
    assert "http://" not in html.replace(HOME, "")  # nothing loaded from elsewhere
    assert mail["Auto-Submitted"] == "auto-generated"


def test_list_mail_has_a_one_click_unsubscribe_and_transactional_mail_has_none():
    reminder = compose(Letter(LetterKind.REMINDER, "m1", ADA, JAZZ, TICKET, unsubscribe="u.v"))
    assert reminder["List-Unsubscribe"] == f"<{HOME}/mail/unsubscribe?token=u.v>"
    assert reminder["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"  # RFC 8058
    assert f"{HOME}/unsubscribe?token=u.v" in part(reminder, "text/plain").get_content()
    (read,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(part(reminder, "image/png").get_content())))
    assert read.text == TICKET.ticket_code  # the ticket again, the day before
    ticket = compose(Letter(LetterKind.TICKET, "m1", ADA, JAZZ, TICKET))
    assert ticket["List-Unsubscribe"] is None


def test_an_announcement_is_the_organizers_plain_text_escaped_in_its_paragraphs():
    mail = compose(Letter(LetterKind.ANNOUNCEMENT, "m1", ADA, JAZZ, TICKET, unsubscribe="u.v",
                          subject="Doors <b>",
                          message="Doors open at 18:30.\n\n<script>x</script> Bring ID."))
    assert mail["Subject"] == 'Jazz <night> & "friends": Doors <b>'
    html = part(mail, "text/html").get_content()
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt; Bring ID." in html
    assert html.count("white-space:pre-wrap") == 2  # one per paragraph
    assert "Doors open at 18:30.\n\n<script>x</script> Bring ID." in part(mail, "text/plain").get_content()


@pytest.mark.parametrize("kind", list(LetterKind))
@pytest.mark.parametrize(("language", "hello"), [(Language.RU, "Здравствуйте, Ada"),
                                                 (Language.KK, "Сәлеметсіз бе, Ada")])
def test_every_letter_is_written_in_the_language_its_reader_chose(kind, language, hello):
    reader = replace(ADA, language=language)
    held = replace(TICKET, hold_expires_at=T0 + timedelta(minutes=30))
    if kind in ACCOUNT_MAIL:
        letter = Letter(kind, "m1", reader, link="/reset-password?token=abc.def")
    else:
        letter = Letter(kind, "m1", reader, JAZZ, held, replace(PAYMENT, refunded_at=T0),
                        changed=("location",), unsubscribe="u.v", subject="Doors",
                        message="Doors open at 18:30.", role="door", invited_by="Olga",
                        link="/join-team?token=t.k")
    mail = compose(letter)
    text, html = part(mail, "text/plain").get_content(), part(mail, "text/html").get_content()
    assert hello in text and hello in html
    assert f'<html lang="{language}">' in html and mail["Content-Language"] == language
    english = ("Hello", "Your ticket", "Receipt number", "You get this mail", "The event's page", "When:")
    assert not [word for word in english if word in text], "an English sentence is left"
    assert (kind in ACCOUNT_MAIL) or "Jazz &lt;night&gt;" in html  # still escaped inside translations


def test_dates_amounts_and_changes_are_written_the_readers_way():
    reader = replace(ADA, language=Language.RU)
    ticket = compose(Letter(LetterKind.TICKET, "m1", reader, JAZZ, TICKET, PAYMENT))
    text = part(ticket, "text/plain").get_content()
    assert "Когда: вт 01 дек. 2026, 17:00 (Asia/Almaty)" in text
    assert "Сумма: 1\xa0500,00 KZT" in text
    assert ticket["Subject"] == 'Ваш билет: Jazz <night> & "friends"'
    changed = compose(Letter(LetterKind.EVENT_CHANGED, "m1", reader, JAZZ, TICKET,
                             changed=("starts_at", "location")))
    assert "Организатор изменил: начало и место проведения." in part(changed, "text/plain").get_content()
