"""A letter (app/domain/letters.py) written as a mail: one layout, HTML and plain text for every
kind (Jinja2, app/mail/templates/), the ticket's QR code as an inline PNG, the event as a
calendar part (a new revision when it moved, a cancellation when it is cancelled). Each is
written in the language its reader chose (their profile; English when they chose none): the
templates' sentences come from the server's catalogues (app/i18n), dates, amounts and lists are
written as that language writes them (Babel).

The HTML is light (tables for figures, inline styles, real headings, alt text) so that common
mail clients show it, and the plain text says everything the HTML does.
"""

from __future__ import annotations

import io
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

import segno
from babel.dates import format_datetime as format_date_time
from babel.lists import format_list
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from app.domain import links
from app.domain.calendar import method, to_ics
from app.domain.letters import Letter, LetterKind
from app.domain.models import Event, Language
from app.domain.payment_rules import RefundReason
from app.domain.sentences import N_
from app.i18n import money, say, translations

SITE = "Events"
# what a role on an event's team is, as an invitation says it (app/domain/roles.py)
_ROLE_WORDS = {"manager": N_("a manager: everything but cancelling the event and choosing its team"),
               "door": N_("at the door: checking tickets in, with the attendee list by name")}
_FIELD_WORDS = {"starts_at": N_("the start"), "ends_at": N_("the end"), "timezone": N_("the time zone"),
                "location": N_("the place")}
_REFUND_WORDS: dict[str, str] = {  # why a payment was refunded, in the buyer's words
    RefundReason.HOLDER_CANCELLED: N_("you cancelled your ticket"),
    RefundReason.EVENT_CANCELLED: N_("the event was cancelled"),
    RefundReason.PAID_LATE: N_("the payment came after the seat was released"),
    RefundReason.AMOUNT_MISMATCH: N_("the amount paid was not the price"),
    RefundReason.SALES_CLOSED: N_("the payment came after the start"),
}
_SUBJECTS = {
    LetterKind.TICKET: N_("Your ticket: {title}"),
    LetterKind.RECEIPT: N_("Receipt for {title}"),
    LetterKind.REFUND: N_("Refund for {title}"),
    LetterKind.SEAT_HELD: N_("A seat at {title} is held for you until {pay_by}"),
    LetterKind.EVENT_CHANGED: N_("Changed: {title}"),
    LetterKind.EVENT_CANCELLED: N_("Cancelled: {title}"),
    LetterKind.REMINDER: N_("Tomorrow: {title}"),
    LetterKind.ANNOUNCEMENT: N_("{title}: {subject}"),
    LetterKind.VERIFY_EMAIL: N_("Confirm your address for {site}"),
    LetterKind.PASSWORD_RESET: N_("Set a new password for {site}"),
    LetterKind.PASSWORD_CHANGED: N_("Your {site} password was changed"),
    LetterKind.ACCOUNT_DELETED: N_("Your {site} account was deleted"),
    LetterKind.EMAIL_CHANGE: N_("Confirm your new address for {site}"),
    LetterKind.EMAIL_CHANGED: N_("The address of your {site} account was changed"),
    LetterKind.TEAM_INVITATION: N_("{inviter} invites you to help run {title}"),
}
_CALENDAR = {LetterKind.TICKET, LetterKind.EVENT_CHANGED, LetterKind.EVENT_CANCELLED}
_WITH_QR = {LetterKind.TICKET, LetterKind.REMINDER}  # the ticket's code, to show at the door


def _subject(letter: Letter, context: dict[str, Any], language: Language) -> str:
    return say(language, _SUBJECTS[letter.kind], {
        "title": letter.event.title if letter.event else "", "pay_by": context.get("pay_by", ""),
        "subject": letter.subject, "site": SITE, "inviter": letter.invited_by})


def when(at: datetime, zone: str, language: Language = Language.EN) -> str:
    """`Sat 12 Dec 2026, 19:00 (Asia/Almaty)` in English, the same as Russian or Kazakh writes it:
    in the event's own zone, where it happens."""
    local = at.astimezone(ZoneInfo(zone))
    return f"{format_date_time(local, 'EEE dd MMM y, HH:mm', locale=language.value)} ({zone})"


def qr_png(code: str) -> bytes:
    """The ticket code as a QR code, dark on light whatever the reader's theme (scanners need it)."""
    out = io.BytesIO()
    # make_qr: a full QR code; segno.make would pick a Micro QR for a short code, which phones'
    # camera apps do not read
    segno.make_qr(code, error="m").save(out, kind="png", scale=8, border=4, dark="#000000", light="#ffffff")
    return out.getvalue()


def _speaking(language: Language, environment: Environment) -> Environment:
    """Templates whose _() and {% trans %} say the sentences in `language`."""
    environment.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    return environment


class Composer:
    def __init__(self, public_url: str, sender: str) -> None:
        self._home = public_url
        self._sender = sender
        self._domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
        templates = FileSystemLoader(Path(__file__).with_name("templates"))
        self._html: dict[Language, Environment] = {}
        self._text: dict[Language, Environment] = {}
        i18n = ["jinja2.ext.i18n"]
        for language in Language:
            self._html[language] = _speaking(language, Environment(
                loader=templates, autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                extensions=i18n))
            self._text[language] = _speaking(language, Environment(
                loader=templates, autoescape=False, undefined=StrictUndefined, extensions=i18n))  # noqa: S701 - plain text

    def message_id(self, letter: Letter) -> str:
        """Stable per letter: sent again after a crash, mail clients fold the two into one."""
        return f"<{letter.key}@{self._domain}>"

    def compose(self, letter: Letter, now: datetime) -> EmailMessage:
        language = letter.to.language or Language.EN
        context = self._context(letter, language)
        subject = _subject(letter, context, language)
        context |= {"subject": subject, "heading": subject, "language": language.value}
        mail = EmailMessage()
        mail["Subject"] = subject
        mail["From"] = self._sender
        mail["To"] = formataddr((letter.to.full_name, letter.to.email))
        mail["Date"] = format_datetime(now)
        mail["Message-ID"] = self.message_id(letter)
        mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to this
        if letter.unsubscribe:
            mail["List-Unsubscribe"] = f"<{self._home}{links.ONE_CLICK}?token={letter.unsubscribe}>"
            mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        mail.set_content(self._text[language].get_template(f"{letter.kind}.txt").render(context))
        qr_cid = make_msgid(domain=self._domain)
        html = self._html[language].get_template(f"{letter.kind}.html").render(
            context | {"qr_cid": qr_cid[1:-1]})
        mail.add_alternative(html, subtype="html")
        if letter.kind in _WITH_QR and letter.registration is not None:
            html_part = cast(EmailMessage, mail.get_body(("html",)))
            html_part.add_related(qr_png(letter.registration.ticket_code), "image", "png", cid=qr_cid,
                                  filename="ticket.png")
        if letter.kind in _CALENDAR and letter.event is not None:
            self._attach_calendar(mail, letter.event, now)
        mail["Content-Language"] = language.value  # last: the parts above take Content-* headers along
        return mail

    def _attach_calendar(self, mail: EmailMessage, event: Event, now: datetime) -> None:
        ics = to_ics(event, now, f"{self._home}/e/{event.id}")
        mail.add_attachment(ics, maintype="text", subtype="calendar", filename="event.ics",
                            params={"method": method(event)})

    def _context(self, letter: Letter, language: Language) -> dict[str, Any]:
        context: dict[str, Any] = {
            "site": SITE, "home": self._home, "receipt": False,
            "name": letter.to.first_name or letter.to.username or say(language, N_("there")),
        }
        if letter.link:
            context["link"] = f"{self._home}{letter.link}"
        if letter.kind == LetterKind.TEAM_INVITATION:
            context |= {"inviter": letter.invited_by, "role": say(language, _ROLE_WORDS[letter.role])}
        if letter.unsubscribe:
            page = links.PAGE[links.Purpose.UNSUBSCRIBE]
            context["unsubscribe_url"] = f"{self._home}{page}?token={letter.unsubscribe}"
        if letter.event is None:
            return context
        return self._event_context(letter, letter.event, context, language)

    def _event_context(self, letter: Letter, event: Event, context: dict[str, Any],
                       language: Language) -> dict[str, Any]:
        payment, registration = letter.payment, letter.registration
        context |= {
            "event": event, "when": when(event.starts_at, event.timezone, language),
            "event_url": f"{self._home}/e/{event.id}",
            "message": letter.message, "paragraphs": [p for p in letter.message.split("\n\n") if p.strip()],
        }
        if registration is not None:
            context |= {"code": registration.ticket_code,
                        "ticket_url": f"{self._home}/tickets/{registration.id}"}
        if payment is not None:
            context["receipt"] = payment.paid_at is not None  # a paid ticket carries its receipt
            paid, refunded = payment.paid_at, payment.refunded_at
            reason = _REFUND_WORDS.get(payment.refund_reason or "")
            context |= {"amount": money(payment.amount, payment.currency, language),
                        "receipt_number": payment.id,
                        "paid_on": when(paid, event.timezone, language) if paid else "",
                        "refunded_on": when(refunded, event.timezone, language) if refunded else "",
                        "reason": say(language, reason) if reason else "",
                        # the ticket's page opens a fresh checkout: a provider's link may expire
                        "pay_url": context.get("ticket_url", context["event_url"])}
        if registration is not None and registration.hold_expires_at is not None:
            context["pay_by"] = when(registration.hold_expires_at, event.timezone, language)
        if letter.changed:
            words = [say(language, _FIELD_WORDS[f]) for f in letter.changed]
            context |= {"changes": format_list(words, locale=language.value),
                        "refundable": "starts_at" in letter.changed and event.paid}
        return context
