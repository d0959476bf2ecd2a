"""Mail handed to an SMTP relay (SendGrid, Mailgun, Google Workspace's relay, any):
`SMTP_URL` = smtp://host:port (STARTTLS when the server offers it), smtp+starttls://host:port
(STARTTLS required) or smtps://host:port (TLS from the first byte); credentials in the URL or
in SMTP_USERNAME / SMTP_PASSWORD. TLS is verified against the system's roots, except towards
loopback (a local test server has no certificate worth checking). One connection per letter:
a relay that drops idle connections never fails a send, and nothing waits on a request.
"""

from __future__ import annotations

import ipaddress
import smtplib
import ssl
from urllib.parse import unquote, urlsplit

from app.domain.errors import Unavailable
from app.domain.letters import Letter
from app.domain.ports import Mailer
from app.mail.compose import Composer
from app.timeutil import utcnow

TIMEOUT = 30.0  # seconds for each exchange with the server
_PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}  # each scheme's usual port


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class SmtpMailer(Mailer):
    def __init__(self, composer: Composer, url: str, username: str | None, password: str | None) -> None:
        parts = urlsplit(url)
        self._composer = composer
        self._scheme = parts.scheme
        self._host = parts.hostname or "localhost"
        self._port = parts.port or _PORTS[parts.scheme]
        self._username = unquote(parts.username) if parts.username else username
        self._password = unquote(parts.password) if parts.password else password
        self._tls = ssl.create_default_context()
        if _loopback(self._host):
            self._tls.check_hostname = False
            self._tls.verify_mode = ssl.CERT_NONE

    def _connect(self) -> smtplib.SMTP:
        if self._scheme == "smtps":
            return smtplib.SMTP_SSL(self._host, self._port, timeout=TIMEOUT, context=self._tls)
        client = smtplib.SMTP(self._host, self._port, timeout=TIMEOUT)
        client.ehlo()
        if self._scheme == "smtp+starttls" or client.has_extn("starttls"):
            client.starttls(context=self._tls)
            client.ehlo()
        return client

    def send(self, letter: Letter) -> None:
        mail = self._composer.compose(letter, utcnow())
        try:
            with self._connect() as client:
                if self._username:
                    client.login(self._username, self._password or "")
                refused = client.send_message(mail)
        except (smtplib.SMTPException, OSError) as exc:  # down, slow, refusing: later, again
            raise Unavailable(f"the mail server did not take the letter ({type(exc).__name__})") from exc
        if refused:  # its one recipient refused: the whole letter
            raise Unavailable(f"the mail server refused the recipient ({len(refused)})")
