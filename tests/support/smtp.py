"""A real SMTP server for the mail tests (aiosmtpd, on a free loopback port): it keeps what it
was handed, and can be told to refuse (451, "try again later") or to be slow."""

from __future__ import annotations

import email
import email.policy
import time
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from tools.processes import free_port


class Inbox:
    """aiosmtpd's handler: every mail it accepted, parsed; `refuse(n)` says 451 to a call when it
    returns True (n: how many it was asked so far), `delay` slows each answer."""

    def __init__(self) -> None:
        self.mails: list[EmailMessage] = []
        self.asked = 0
        self.refuse: Callable[[int], bool] = lambda n: False
        self.delay = 0.0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.asked += 1
        if self.delay:
            time.sleep(self.delay)  # a slow server: the sender waits
        if self.refuse(self.asked):
            return "451 4.3.0 try again later"
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.mails.append(parsed)  # type: ignore[arg-type]
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.mails if address in m["To"]]


class SmtpServer:
    def __init__(self) -> None:
        self.inbox = Inbox()
        self.port = free_port()
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def __enter__(self) -> SmtpServer:
        self._controller.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._controller.stop()
