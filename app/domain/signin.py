"""Signing in, and the lockout rule that guards it.

The lockout is a rule of the product, not of a worker: its counter lives in the store, so it
holds across threads, gunicorn workers, processes and instances. An attempt is taken (counted)
in a store transaction before the password is checked, so parallel guesses cannot slip past the
limit together; a successful sign-in clears the count.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from app.domain.errors import TooManyAttempts
from app.domain.ids import digest
from app.domain.models import LoginAttempts, TokenGrant
from app.domain.ports import IdentityProvider, Store, Transaction

MAX_ATTEMPTS = 5  # the 6th attempt within the window is refused
WINDOW = timedelta(minutes=15)


def account_key(email: str) -> str:
    """The counter's key: a hash, so the store never keeps an email typed by a stranger."""
    return "account:" + digest(email.strip().lower())


def take_attempt(tx: Transaction, key: str, now: datetime) -> None:
    """Count one attempt against `key`, or refuse it when the window's attempts are used up."""
    record = tx.get_login_attempts(key)
    if record is None or now >= record.window_start + WINDOW:
        record = LoginAttempts(key=key, attempts=0, window_start=now)
    if record.attempts >= MAX_ATTEMPTS:
        wait = (record.window_start + WINDOW - now).total_seconds()
        raise TooManyAttempts("too many sign-in attempts for this account; try again later",
                              retry_after=max(1, math.ceil(wait)))
    record.attempts += 1
    tx.put_login_attempts(record)


def sign_in(store: Store, passwords: IdentityProvider, email: str, password: str,
            now: datetime) -> TokenGrant:
    key = account_key(email)
    store.run(lambda tx: take_attempt(tx, key, now))
    grant = passwords.login(email, password)  # a wrong password raises: the attempt stays counted
    store.run(lambda tx: tx.delete_login_attempts(key))
    return grant
