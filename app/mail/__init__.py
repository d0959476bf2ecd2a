"""The mail port's adapters: an SMTP relay (production, Google Cloud included) or a Maildir under
instance/mail (the embedded default: nothing leaves the machine)."""

from __future__ import annotations

from app.config import Config
from app.domain.ports import Mailer
from app.mail.compose import Composer


def open_mailer(config: Config) -> Mailer:
    composer = Composer(config.public_url, config.mail_from)
    if config.smtp_url:
        from app.mail.smtp import SmtpMailer

        return SmtpMailer(composer, config.smtp_url, config.smtp_username, config.smtp_password)
    from app.mail.maildir import MaildirMailer

    return MaildirMailer(composer, config.instance_path / "mail")
