"""Signing in, and the throttling that guards it.

Counters kept in the store (so they hold across threads, workers, processes and instances),
over a 15-minute window:

- per account and address: the 6th attempt from one address at one account is refused until
  the window ends. Every attempt counts, a refused one too: an address that keeps guessing while
  it is refused (by this limit or the pacing below) stays locked out, it does not get new tries.
- per account, whatever the address: after 20 attempts in the window, the account takes at
  most one attempt every 5 seconds. A guesser spread over many addresses is slowed to a few
  hundred tries per window, each address spending its 5 on the first refusals.
- addresses the account signed in from before (for 90 days after each success) are not paced:
  the owner signing in from home or the office is never queued behind strangers' guesses. They
  still get 5 wrong tries per window like any address.

Attempts are taken (counted) in one store transaction before the password is checked, so
parallel guesses cannot slip past a limit together. A successful sign-in clears its address's
count and marks the address known; the account's count runs out with its window, so a success
does not reset a distributed guesser's.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from app.domain.errors import Invalid, NotFound, TooManyAttempts, WrongCredentials
from app.domain.ids import digest
from app.domain.models import LoginAttempts, TokenGrant, User, WindowCounter
from app.domain.ports import IdentityProvider, Store, Transaction

WINDOW = timedelta(minutes=15)
MAX_ATTEMPTS = 5  # per account and address: the 6th within the window is refused
ACCOUNT_FREE_ATTEMPTS = 20  # per account, any address: beyond these, attempts are paced
ACCOUNT_PACE = timedelta(seconds=5)
KNOWN_FOR = timedelta(days=90)  # an address the account signed in from is not paced this long


def account_key(email: str) -> str:
    """The keys are hashes, so the store never keeps an email or an address typed by a stranger."""
    return "account:" + digest(_normal(email))


def address_key(email: str, address: str) -> str:
    return "address:" + digest(_normal(email), address)


def _normal(email: str) -> str:
    return email.strip().lower()


def _current(tx: Transaction, key: str, now: datetime) -> LoginAttempts:
    record = tx.sign_in_attempts.get(key)
    if record is None or now >= record.window_start + WINDOW:
        return LoginAttempts(key=key, attempts=0, window_start=now)
    return record


def _refuse(until: datetime, now: datetime) -> TooManyAttempts:
    wait = max(1, math.ceil((until - now).total_seconds()))
    return TooManyAttempts("too many sign-in attempts for this account; try again later", retry_after=wait)


def known_key(email: str, address: str) -> str:
    return "known:" + digest(_normal(email), address)


def take_attempt(tx: Transaction, email: str, address: str, now: datetime) -> TooManyAttempts | None:
    """Count one attempt at `email` from `address`; the refusal to raise (after the count is
    committed: a refused attempt counts against its address too), or None to go on."""
    pair = _current(tx, address_key(email, address), now)
    account = _current(tx, account_key(email), now)
    known = tx.counters.get(known_key(email, address))
    refusal = None
    if pair.attempts >= MAX_ATTEMPTS:
        refusal = _refuse(pair.window_start + WINDOW, now)
    elif known is None or known.expires_at <= now:
        last = account.last_attempt_at
        if account.attempts >= ACCOUNT_FREE_ATTEMPTS and last is not None and now < last + ACCOUNT_PACE:
            refusal = _refuse(last + ACCOUNT_PACE, now)
    pair.attempts += 1
    pair.last_attempt_at = now
    tx.sign_in_attempts.put(pair)
    if refusal is None:
        account.attempts += 1
        account.last_attempt_at = now
        tx.sign_in_attempts.put(account)
    return refusal


def _signed_in(tx: Transaction, email: str, address: str, now: datetime) -> None:
    tx.sign_in_attempts.delete(address_key(email, address))
    tx.counters.put(WindowCounter(key=known_key(email, address), count=1, expires_at=now + KNOWN_FOR))


def sign_in(store: Store, passwords: IdentityProvider, email: str, password: str, address: str,
            now: datetime) -> TokenGrant:
    refusal = store.run(lambda tx: take_attempt(tx, email, address, now))
    if refusal is not None:
        raise refusal
    grant = passwords.login(email, password)  # a wrong password raises: the attempt stays counted
    store.run(lambda tx: _signed_in(tx, email, address, now))
    return grant


def recheck(store: Store, passwords: IdentityProvider, user_id: str, password: str, address: str,
            now: datetime, *, field: str = "password") -> User:
    """The signed-in person types their password again (to change it, their address, or to delete
    the account): counted against the same limits as a sign-in, refused on `field` when it is
    not theirs. Their profile, when it is."""
    user = store.read(lambda tx: tx.users.get(user_id))
    if user is None:
        raise NotFound("no such user")
    refusal = store.run(lambda tx: take_attempt(tx, user.email, address, now))
    if refusal is not None:
        raise refusal
    try:
        passwords.login(user.email, password)
    except WrongCredentials:
        raise Invalid(field, "this is not your password") from None
    return user
