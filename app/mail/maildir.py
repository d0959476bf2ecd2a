"""Mail written to a Maildir (stdlib `mailbox`), the embedded default: any mail client, or
`python -m tools.mailbox` (README), reads it. Folders are 0700: mails hold ticket codes."""

from __future__ import annotations

import mailbox
import os
from pathlib import Path

from app.domain.letters import Letter
from app.domain.ports import Mailer
from app.mail.compose import Composer
from app.timeutil import utcnow


class MaildirMailer(Mailer):
    def __init__(self, composer: Composer, path: Path) -> None:
        self._composer = composer
        self._path = path

    def send(self, letter: Letter) -> None:
        old = os.umask(0o077)  # the folders mailbox creates, and its files: the app's alone
        try:
            box = mailbox.Maildir(self._path, create=True)
            box.add(self._composer.compose(letter, utcnow()))  # written in tmp/, moved into new/
        finally:
            os.umask(old)
