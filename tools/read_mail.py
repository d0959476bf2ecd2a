"""`python -m tools.read_mail [N]`: the mails `make run` wrote to its Maildir (instance/mail, when
no SMTP_URL is set), newest last: one line each; with N, the Nth mail's plain text and parts."""

from __future__ import annotations

import email
import email.policy
import mailbox
import os
import sys
from email.message import EmailMessage
from pathlib import Path


def mails(folder: Path) -> list[EmailMessage]:
    if not folder.exists():
        return []
    box = mailbox.Maildir(folder, factory=None, create=False)
    found = [email.message_from_bytes(box.get_bytes(key), policy=email.policy.default) for key in box.keys()]  # noqa: SIM118 - a Maildir iterates its mails, not keys
    return sorted(found, key=lambda m: m["Date"].datetime)  # type: ignore[return-value]


def main(argv: list[str]) -> int:
    folder = Path(os.environ.get("INSTANCE_PATH", "instance")) / "mail"
    found = mails(folder)
    if not argv:
        for n, mail in enumerate(found, 1):
            print(f"{n:4}  {mail['Date']}  {mail['To']}  {mail['Subject']}")
        print(f"{len(found)} mails in {folder}")
        return 0
    mail = found[int(argv[0]) - 1]
    for name in ("From", "To", "Subject", "Date", "Message-ID"):
        print(f"{name}: {mail[name]}")
    print("parts:", ", ".join(p.get_content_type() for p in mail.walk() if not p.is_multipart()))
    print()
    print(mail.get_body(("plain",)).get_content())  # type: ignore[union-attr]
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
