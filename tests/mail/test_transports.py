"""How mails leave (app/mail/smtp.py, app/mail/maildir.py): to a real SMTP server (aiosmtpd),
with credentials; or into a Maildir any mail client reads, private to the app."""

from __future__ import annotations

import mailbox
import stat

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from app.config import ConfigError, load_config
from app.domain.errors import Unavailable
from app.domain.letters import Letter, LetterKind
from app.mail import open_mailer
from app.mail.compose import Composer
from app.mail.maildir import MaildirMailer
from app.mail.smtp import SmtpMailer
from tests.support.letters import ADA, TICKET
from tests.support.records import event
from tests.support.smtp import Inbox, SmtpServer
from tools.processes import free_port

LETTER = Letter(LetterKind.TICKET, "m1", ADA, event(title="Jazz"), TICKET)
COMPOSER = Composer("http://127.0.0.1:8080", "Events <no-reply@localhost>")


def test_a_letter_reaches_the_smtp_server_whole():
    with SmtpServer() as server:
        SmtpMailer(COMPOSER, server.url, None, None).send(LETTER)
    (mail,) = server.inbox.mails
    assert mail["Subject"] == "Your ticket: Jazz" and mail["Message-ID"] == "<m1.ticket.u-ada@localhost>"
    assert mail.get_body(("plain",)).get_content().count("TK7Q2M9X") == 1


def test_a_refusal_or_a_server_that_is_down_raises_so_the_bus_tries_again():
    with SmtpServer() as server:
        server.inbox.refuse = lambda n: True
        with pytest.raises(Unavailable, match="SMTPDataError"):
            SmtpMailer(COMPOSER, server.url, None, None).send(LETTER)
    with pytest.raises(Unavailable, match="ConnectionRefusedError"):  # nothing listens there now
        SmtpMailer(COMPOSER, f"smtp://127.0.0.1:{free_port()}", None, None).send(LETTER)


class Accounts:
    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        said = tuple(x.decode() if isinstance(x, bytes) else x for x in (auth_data.login, auth_data.password))
        self.seen.append(said)
        right = said == ("relay-user", "p@ss:word")
        return AuthResult(success=isinstance(auth_data, LoginPassword) and right)


def test_credentials_from_the_url_sign_in_to_the_relay():
    inbox, port = Inbox(), free_port()
    accounts = Accounts()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=accounts,
                            auth_require_tls=False)
    controller.start()
    try:
        SmtpMailer(COMPOSER, f"smtp://relay-user:p%40ss%3Aword@127.0.0.1:{port}", None, None).send(LETTER)
        SmtpMailer(COMPOSER, f"smtp://127.0.0.1:{port}", "relay-user", "p@ss:word").send(LETTER)
    finally:
        controller.stop()
    assert accounts.seen == [("relay-user", "p@ss:word")] * 2 and len(inbox.mails) == 2


def test_without_a_relay_mails_go_to_a_maildir_only_the_app_reads(tmp_path):
    mailer = open_mailer(load_config({"DATABASE_PATH": str(tmp_path / "events.db")}))
    assert isinstance(mailer, MaildirMailer)
    mailer.send(LETTER)
    box = mailbox.Maildir(tmp_path / "mail", create=False)
    (key,) = box.keys()
    assert box[key]["Subject"] == "Your ticket: Jazz"
    assert stat.S_IMODE((tmp_path / "mail").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "mail" / "new" / key).stat().st_mode) == 0o600


def test_smtp_settings_are_checked_at_start(tmp_path):
    base = {"DATABASE_PATH": str(tmp_path / "events.db")}
    assert isinstance(open_mailer(load_config({**base, "SMTP_URL": "smtps://relay.example.com"})), SmtpMailer)
    with pytest.raises(ConfigError, match="SMTP_URL"):
        load_config({**base, "SMTP_URL": "http://relay.example.com"})
    assert load_config(base).mail_from == "Events <no-reply@localhost>"
    assert load_config({**base, "MAIL_FROM": "Tickets <t@x.kz>"}).mail_from == "Tickets <t@x.kz>"
