"""The mails the app wrote to its Maildir, as the tests of mailed links read them: which came to
an address, and the token of the link one carries."""

from __future__ import annotations

import re
from email.message import EmailMessage

from tests.stack import LocalStack


def mails_to(stack: LocalStack, address: str, subject: str) -> list[EmailMessage]:
    stack.drain()
    return [m for m in stack.mails() if address in str(m["To"]) and str(m["Subject"]) == subject]


def token_in(mail: EmailMessage, page: str) -> str:
    text = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    (token,) = set(re.findall(rf"http://127\.0\.0\.1:8080{page}\?token=([\w.-]+)", text))
    return token
