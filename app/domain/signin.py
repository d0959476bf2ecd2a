"""Signing in, and the throttling that guards it.

Two counters, kept in the store (so they hold across threads, workers, processes and
instances), both over a 15-minute window:

- per account and address: the 6th attempt from one address at one account is refused until
  the window ends. A guesser at one address gets 5 tries per account per window; the owner
  signing in from another address is not locked out by them.
- per account, whatever the address: after 20 attempts in the window, the account takes at
  most one attempt every 5 seconds. A guesser spread over many addresses is slowed to a few
  hundred tries per window, and the owner still gets in (waiting a few seconds at most).

Attempts are taken (counted) in one store transaction before the password is checked, so
parallel guesses cannot slip past a limit together. A successful sign-in clears its address's
count; the account's count runs out with its window, so a success does not reset a distributed
guesser's.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from app.domain.errors import TooManyAttempts
from app.domain.ids import digest
from app.domain.models import LoginAttempts, TokenGrant
from app.domain.ports import IdentityProvider, Store, Transaction

WINDOW = timedelta(minutes=15)
MAX_ATTEMPTS = 5  # per account and address: the 6th within the window is refused
ACCOUNT_FREE_ATTEMPTS = 20  # per account, any address: beyond these, attempts are paced
ACCOUNT_PACE = timedelta(seconds=5)


def account_key(email: str) -> str:
    """The keys are hashes, so the store never keeps an email or an address typed by a stranger."""
    return "account:" + digest(_normal(email))


def address_key(email: str, address: str) -> str:
    return "address:" + digest(_normal(email), address)


def _normal(email: str) -> str:
    return email.strip().lower()


def _current(tx: Transaction, key: str, now: datetime) -> LoginAttempts:
    record = tx.get_login_attempts(key)
    if record is None or now >= record.window_start + WINDOW:
        return LoginAttempts(key=key, attempts=0, window_start=now)
    return record


def _refuse(until: datetime, now: datetime) -> TooManyAttempts:
    wait = max(1, math.ceil((until - now).total_seconds()))
    return TooManyAttempts("too many sign-in attempts for this account; try again later", retry_after=wait)


def take_attempt(tx: Transaction, email: str, address: str, now: datetime) -> None:
    """Count one attempt at `email` from `address`, or refuse it (TooManyAttempts)."""
    pair = _current(tx, address_key(email, address), now)
    account = _current(tx, account_key(email), now)
    if pair.attempts >= MAX_ATTEMPTS:
        raise _refuse(pair.window_start + WINDOW, now)
    last = account.last_attempt_at
    if account.attempts >= ACCOUNT_FREE_ATTEMPTS and last is not None and now < last + ACCOUNT_PACE:
        raise _refuse(last + ACCOUNT_PACE, now)
    for record in (pair, account):
        record.attempts += 1
        record.last_attempt_at = now
        tx.put_login_attempts(record)


def sign_in(store: Store, passwords: IdentityProvider, email: str, password: str, address: str,
            now: datetime) -> TokenGrant:
    store.run(lambda tx: take_attempt(tx, email, address, now))
    grant = passwords.login(email, password)  # a wrong password raises: the attempt stays counted
    store.run(lambda tx: tx.delete_login_attempts(address_key(email, address)))
    return grant
