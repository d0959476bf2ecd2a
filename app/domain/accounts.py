"""Accounts and profiles."""

from __future__ import annotations

import re
import secrets
from dataclasses import replace
from datetime import datetime
from functools import partial
from typing import Any

from zxcvbn import zxcvbn

from app.domain import addresses, links
from app.domain import messages as m
from app.domain.errors import BadLink, Conflict, Invalid, NotFound, Unauthorized, Unavailable, UsernameTaken
from app.domain.letters import LIST_MAIL
from app.domain.models import Language, NewIdentity, TokenClaims, User
from app.domain.ports import IdentityProvider, Store, Transaction


def register_account(store: Store, identities: IdentityProvider, *, email: str, password: str,
                     username: str, first_name: str, last_name: str, now: datetime,
                     language: Language | None = None) -> User:
    """The sign-in identity and the profile, all or nothing. A local identity is written in the
    profile's own transaction, so a crash can never leave an account without a profile; one that
    lives elsewhere (Firebase) is undone when the profile fails, so a clash on the username
    never leaves an account nobody can complete."""
    check_password(password, [email, username, first_name, last_name])
    identity = identities.create_identity(email, password)
    user = User(id=identity.user_id, email=email, username=username, first_name=first_name,
                last_name=last_name, created_at=now, updated_at=now, language=language)
    try:
        return store.run(lambda tx: _insert_account(tx, identity, user, verify=True))
    except BaseException:
        if identity.credentials is None:
            identities.delete_identity(identity.user_id)
        raise


def _insert_account(tx: Transaction, identity: NewIdentity, user: User, *, verify: bool) -> User:
    """`verify`: mail the confirmation link (a sign-up here; not a profile made for an identity
    signed up elsewhere, whose provider confirms its address)."""
    if identity.credentials is not None:
        tx.users.add_credentials(identity.credentials)
    tx.users.add(user)
    registered = m.new_message(m.USER_REGISTERED, user.id, user.created_at, user_id=user.id,
                               username=user.username, first_name=user.first_name)
    tx.emit(registered)
    if verify:
        addresses.post_verification(tx, user, registered.id, user.created_at)
    return user


# NIST SP 800-63B: no composition rules, but refuse what guessers try first. zxcvbn estimates the
# guesses a password takes against lists of common passwords, words, names, keyboard patterns and
# the person's own details; score 2 means more than 10^6 guesses (a throttled online attacker's
# budget for years), 0 and 1 are the passwords on every guessing list.
MIN_PASSWORD_SCORE = 2
_CHECKED_LENGTH = 72  # zxcvbn raises beyond 72 characters (its cost grows with the length)


def check_password(password: str, personal: list[str]) -> None:
    if not password.strip():
        raise Invalid("password", "must not be only spaces")
    result = zxcvbn(password[:_CHECKED_LENGTH], user_inputs=personal)
    if result["score"] < MIN_PASSWORD_SCORE:
        hint = result["feedback"]["warning"] or "it is among the passwords guessed first"
        # one sentence, said beside the field (the form's own hint gives the advice)
        raise Invalid("password", "this password is too easy to guess: {hint}", hint=hint.rstrip(".").lower())


def authenticate(store: Store, identities: IdentityProvider, token: str, now: datetime) -> TokenClaims:
    """Who calls: a token the provider verified, of an account that exists (or is made now, see
    `first_use`), not signed out."""
    claims = identities.verify(token)
    user = store.read(lambda tx: tx.users.get(claims.user_id)) or first_use(store, claims, now)
    if user.tokens_valid_after is not None and claims.issued_at < user.tokens_valid_after:
        raise Unauthorized("the token was revoked: sign in again")
    return claims


def session_stands(store: Store, claims: TokenClaims) -> bool:
    """Whether a token verified earlier still names a session: its account exists and was not
    signed out everywhere since the token was issued (an open stream asks this as it runs)."""
    user = store.read(lambda tx: tx.users.get(claims.user_id))
    return user is not None and (user.tokens_valid_after is None
                                 or claims.issued_at >= user.tokens_valid_after)


_NOT_USERNAME = re.compile(r"[^A-Za-z0-9_.-]")


def first_use(store: Store, claims: TokenClaims, now: datetime) -> User:
    """The profile of an identity created outside this API (a Firebase SDK sign-up, the Firebase
    console), made on its first request from the token's email and name; its username is the
    email's local part, with digits added when that is taken. A token without an email (ours
    are only issued to accounts with a profile) names no account."""
    if not claims.email:
        raise Unauthorized("the token's account does not exist")
    email = claims.email
    base = (_NOT_USERNAME.sub("", email.partition("@")[0])[:20] or "member").ljust(3, "_")
    first, _, last = (claims.name or "").strip().partition(" ")
    for attempt in range(5):
        username = base if attempt == 0 else f"{base}{secrets.randbelow(10**6):06d}"
        user = User(id=claims.user_id, email=email, username=username, first_name=first[:100] or base,
                    last_name=last.strip()[:100], created_at=now, updated_at=now)
        try:
            return store.run(partial(_made_once, user=user))
        except UsernameTaken:
            continue
        except Conflict:  # the person's parallel first request made it
            made = store.read(lambda tx: tx.users.get(claims.user_id))
            if made is None:
                raise
            return made
    raise Unavailable("no free username could be found for the new profile; try again")


def _made_once(tx: Transaction, user: User) -> User:
    return tx.users.get(user.id) or _insert_account(tx, NewIdentity(user.id), user, verify=False)


def sign_out(store: Store, identities: IdentityProvider, user_id: str, now: datetime) -> None:
    """Sign out everywhere: every token issued to the person until now stops working at once,
    on every worker and instance (the cut-off is kept on the profile, read on each request)."""
    valid_after = identities.revoke(user_id)

    def apply(tx: Transaction) -> None:
        end_sessions(tx, user_id, valid_after, now)
        tx.emit(m.new_message(m.USER_SIGNED_OUT, user_id, now, user_id=user_id))

    store.run(apply)


def end_sessions(tx: Transaction, user_id: str, valid_after: datetime, now: datetime) -> User:
    """Refuse the account's tokens issued before `valid_after` (the provider's `revoke`)."""
    user = tx.users.get(user_id)
    if user is None:
        raise NotFound("no such user")
    user = replace(user, tokens_valid_after=valid_after, updated_at=now)
    tx.users.update(user)
    return user


def unsubscribe(store: Store, secret: str, token: str, now: datetime) -> User:
    """One click in a reminder or an announcement: that kind of mail stops (a preference the
    person can turn on again in their account)."""
    claims = links.unseal(secret, links.Purpose.UNSUBSCRIBE, token, now)
    wants = str(claims.get("l", ""))
    if wants not in LIST_MAIL.values():
        raise BadLink()

    def apply(tx: Transaction) -> User:
        user = tx.users.get(str(claims.get("u", "")))
        if user is None:
            raise BadLink()
        if getattr(user, wants):
            user = replace(user, updated_at=now)
            setattr(user, wants, False)
            tx.users.update(user)
            tx.emit(m.new_message(m.PROFILE_UPDATED, user.id, now, user_id=user.id, fields=[wants]))
        return user

    return store.run(apply)


def get_user(store: Store, user_id: str) -> User:
    user = store.read(lambda tx: tx.users.get(user_id))
    if user is None:
        raise NotFound("no such user")
    return user


def organizer(store: Store, username: str) -> User:
    """Whose public page `/o/{username}` is (a username is public; nothing else of them is)."""
    user = store.read(lambda tx: tx.users.by_username(username))
    if user is None:
        raise NotFound("no such person")
    return user


def public_name(store: Store, user_id: str) -> str:
    """How a person is shown to anyone (their username: public, like their profile)."""
    user = store.read(lambda tx: tx.users.get(user_id))
    return user.username if user is not None else "Someone"


def update_profile(store: Store, user_id: str, changes: dict[str, Any], now: datetime) -> User:
    def apply(tx: Transaction) -> User:
        user = tx.users.get(user_id)
        if user is None:
            raise NotFound("no such user")
        for name, value in changes.items():
            setattr(user, name, value)
        user.updated_at = now
        tx.users.update(user)
        tx.emit(m.new_message(m.PROFILE_UPDATED, user_id, now, user_id=user_id,
                              fields=sorted(changes)))
        return user

    return store.run(apply)
