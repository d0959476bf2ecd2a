"""Mail written to a Maildir (stdlib `mailbox`), the embedded default: any mail client, or
`python -m tools.read_mail` (README), reads it. Mails hold ticket codes: the folders are 0700
(nobody else may even look inside) and each mail is 0600 once delivered. No umask is changed to
get there: it belongs to the whole process, and other threads create files meanwhile.
"""

from __future__ import annotations

import mailbox
import os
from pathlib import Path

from app.domain.letters import Letter
from app.domain.ports import Mailer
from app.mail.compose import Composer
from app.timeutil import utcnow

PRIVATE_FOLDER, PRIVATE_FILE = 0o700, 0o600


class MaildirMailer(Mailer):
    def __init__(self, composer: Composer, path: Path) -> None:
        self._composer = composer
        self._path = path
        self._box: mailbox.Maildir | None = None

    def _maildir(self) -> mailbox.Maildir:
        if self._box is None:
            for folder in (self._path, self._path / "tmp", self._path / "new", self._path / "cur"):
                folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
                os.chmod(folder, PRIVATE_FOLDER)  # mkdir's mode is cut by the umask
            self._box = mailbox.Maildir(self._path, create=False)
        return self._box

    def send(self, letter: Letter) -> None:
        box = self._maildir()
        key = box.add(self._composer.compose(letter, utcnow()))  # written in tmp/, moved into new/
        os.chmod(self._path / "new" / key, PRIVATE_FILE)
