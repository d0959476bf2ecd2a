"""A letter (app/domain/letters.py) written as a mail: one layout, HTML and plain text for every
kind (Jinja2, app/mail/templates/), the ticket's QR code as an inline PNG, the event as a
calendar part (a new revision when it moved, a cancellation when it is cancelled).

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
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from app.domain import links
from app.domain.calendar import method, to_ics
from app.domain.currencies import display
from app.domain.letters import Letter, LetterKind
from app.domain.models import Event
from app.domain.payment_rules import RefundReason

SITE = "Events"
_FIELD_WORDS = {"starts_at": "the start", "ends_at": "the end", "timezone": "the time zone",
                "location": "the place"}
_REFUND_WORDS: dict[str, str] = {  # why a payment was refunded, in the buyer's words
    RefundReason.HOLDER_CANCELLED: "you cancelled your ticket",
    RefundReason.EVENT_CANCELLED: "the event was cancelled",
    RefundReason.PAID_LATE: "the payment came after the seat was released",
    RefundReason.AMOUNT_MISMATCH: "the amount paid was not the price",
    RefundReason.SALES_CLOSED: "the payment came after the start",
}
_CALENDAR = {LetterKind.TICKET, LetterKind.EVENT_CHANGED, LetterKind.EVENT_CANCELLED}
_WITH_QR = {LetterKind.TICKET, LetterKind.REMINDER}  # the ticket's code, to show at the door


def _subject(letter: Letter, context: dict[str, Any]) -> str:
    title = letter.event.title if letter.event else ""
    return {
        LetterKind.TICKET: f"Your ticket: {title}",
        LetterKind.RECEIPT: f"Receipt for {title}",
        LetterKind.REFUND: f"Refund for {title}",
        LetterKind.SEAT_HELD: f"A seat at {title} is held for you until {context.get('pay_by', '')}",
        LetterKind.EVENT_CHANGED: f"Changed: {title}",
        LetterKind.EVENT_CANCELLED: f"Cancelled: {title}",
        LetterKind.REMINDER: f"Tomorrow: {title}",
        LetterKind.ANNOUNCEMENT: f"{title}: {letter.subject}",
        LetterKind.VERIFY_EMAIL: f"Confirm your address for {SITE}",
        LetterKind.PASSWORD_RESET: f"Set a new password for {SITE}",
        LetterKind.PASSWORD_CHANGED: f"Your {SITE} password was changed",
        LetterKind.ACCOUNT_DELETED: f"Your {SITE} account was deleted",
        LetterKind.EMAIL_CHANGE: f"Confirm your new address for {SITE}",
        LetterKind.EMAIL_CHANGED: f"The address of your {SITE} account was changed",
    }[letter.kind]


def when(at: datetime, zone: str) -> str:
    """`Sat 12 Dec 2026, 19:00 (Asia/Almaty)`: in the event's own zone, where it happens."""
    local = at.astimezone(ZoneInfo(zone))
    return f"{local:%a %d %b %Y, %H:%M} ({zone})"


def qr_png(code: str) -> bytes:
    """The ticket code as a QR code, dark on light whatever the reader's theme (scanners need it)."""
    out = io.BytesIO()
    # make_qr: a full QR code; segno.make would pick a Micro QR for a short code, which phones'
    # camera apps do not read
    segno.make_qr(code, error="m").save(out, kind="png", scale=8, border=4, dark="#000000", light="#ffffff")
    return out.getvalue()


class Composer:
    def __init__(self, public_url: str, sender: str) -> None:
        self._home = public_url
        self._sender = sender
        self._domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
        templates = FileSystemLoader(Path(__file__).with_name("templates"))
        self._html = Environment(loader=templates, autoescape=select_autoescape(["html"]),
                                 undefined=StrictUndefined)
        self._text = Environment(loader=templates, autoescape=False, undefined=StrictUndefined)  # noqa: S701 - plain text

    def message_id(self, letter: Letter) -> str:
        """Stable per letter: sent again after a crash, mail clients fold the two into one."""
        return f"<{letter.key}@{self._domain}>"

    def compose(self, letter: Letter, now: datetime) -> EmailMessage:
        context = self._context(letter)
        subject = _subject(letter, context)
        context |= {"subject": subject, "heading": subject}
        mail = EmailMessage()
        mail["Subject"] = subject
        mail["From"] = self._sender
        mail["To"] = formataddr((f"{letter.to.first_name} {letter.to.last_name}".strip(), letter.to.email))
        mail["Date"] = format_datetime(now)
        mail["Message-ID"] = self.message_id(letter)
        mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to this
        if letter.unsubscribe:
            mail["List-Unsubscribe"] = f"<{self._home}{links.ONE_CLICK}?token={letter.unsubscribe}>"
            mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        mail.set_content(self._text.get_template(f"{letter.kind}.txt").render(context))
        qr_cid = make_msgid(domain=self._domain)
        html = self._html.get_template(f"{letter.kind}.html").render(context | {"qr_cid": qr_cid[1:-1]})
        mail.add_alternative(html, subtype="html")
        if letter.kind in _WITH_QR and letter.registration is not None:
            html_part = cast(EmailMessage, mail.get_body(("html",)))
            html_part.add_related(qr_png(letter.registration.ticket_code), "image", "png", cid=qr_cid,
                                  filename="ticket.png")
        if letter.kind in _CALENDAR and letter.event is not None:
            self._attach_calendar(mail, letter.event, now)
        return mail

    def _attach_calendar(self, mail: EmailMessage, event: Event, now: datetime) -> None:
        ics = to_ics(event, now, f"{self._home}/e/{event.id}")
        mail.add_attachment(ics, maintype="text", subtype="calendar", filename="event.ics",
                            params={"method": method(event)})

    def _context(self, letter: Letter) -> dict[str, Any]:
        context: dict[str, Any] = {
            "site": SITE, "home": self._home, "name": letter.to.first_name or letter.to.username or "there",
            "receipt": False,
        }
        if letter.link:
            context["link"] = f"{self._home}{letter.link}"
        if letter.unsubscribe:
            page = links.PAGE[links.Purpose.UNSUBSCRIBE]
            context["unsubscribe_url"] = f"{self._home}{page}?token={letter.unsubscribe}"
        if letter.event is None:
            return context
        return self._event_context(letter, letter.event, context)

    def _event_context(self, letter: Letter, event: Event, context: dict[str, Any]) -> dict[str, Any]:
        payment, registration = letter.payment, letter.registration
        context |= {
            "event": event, "when": when(event.starts_at, event.timezone),
            "event_url": f"{self._home}/e/{event.id}",
            "message": letter.message, "paragraphs": [p for p in letter.message.split("\n\n") if p.strip()],
        }
        if registration is not None:
            context |= {"code": registration.ticket_code,
                        "ticket_url": f"{self._home}/tickets/{registration.id}"}
        if payment is not None:
            context["receipt"] = payment.paid_at is not None  # a paid ticket carries its receipt
            paid, refunded = payment.paid_at, payment.refunded_at
            context |= {"amount": display(payment.amount, payment.currency), "receipt_number": payment.id,
                        "paid_on": when(paid, event.timezone) if paid else "",
                        "refunded_on": when(refunded, event.timezone) if refunded else "",
                        "reason": _REFUND_WORDS.get(payment.refund_reason or "", ""),
                        # the ticket's page opens a fresh checkout: a provider's link may expire
                        "pay_url": context.get("ticket_url", context["event_url"])}
        if registration is not None and registration.hold_expires_at is not None:
            context["pay_by"] = when(registration.hold_expires_at, event.timezone)
        if letter.changed:
            context |= {"changes": " and ".join(_FIELD_WORDS[f] for f in letter.changed),
                        "refundable": "starts_at" in letter.changed and event.paid}
        return context
