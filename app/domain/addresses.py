"""A person's address: confirmed by a mailed link, mailed again, and changed (the new address
confirms by its own link before anything changes; the old one is told). docs/mail.md, "Account
links"."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from app.domain import links, mailing, quotas
from app.domain import messages as m
from app.domain.errors import BadLink, EmailTaken, Invalid, NotFound
from app.domain.ids import new_id
from app.domain.letters import LetterKind
from app.domain.message_data import LetterDue
from app.domain.models import User
from app.domain.ports import IdentityProvider, Store, Transaction
from app.domain.signin import recheck


def verify_email(store: Store, secret: str, token: str, now: datetime) -> User:
    """The address the link was mailed to is the account's: confirmed (again is no error). A link
    mailed to an address the account no longer has confirms nothing."""
    claims = links.unseal(secret, links.Purpose.VERIFY_EMAIL, token, now)

    def apply(tx: Transaction) -> User:
        user = tx.users.get(str(claims.get("u", "")))
        if user is None or user.email.lower() != str(claims.get("e", "")).lower():
            raise BadLink()
        if not user.email_verified:
            user = replace(user, email_verified=True, updated_at=now)
            tx.users.update(user)
            tx.emit(m.new_message(m.EMAIL_VERIFIED, user.id, now, user_id=user.id))
        return user

    return store.run(apply)


VERIFICATION_MAILS = quotas.Quota("verify-mail", 3, timedelta(hours=1),
                                  "at most {limit} confirmation mails in an hour; try again later")


def send_verification(store: Store, user_id: str, now: datetime) -> None:
    """Mail the confirmation link again (nothing when the address is confirmed already)."""
    def apply(tx: Transaction) -> None:
        user = tx.users.get(user_id)
        if user is None:
            raise NotFound("no such user")
        if user.email_verified:
            return
        quotas.take(tx, VERIFICATION_MAILS, user_id, now)
        post_verification(tx, user, new_id(), now)

    store.run(apply)


def post_verification(tx: Transaction, user: User, cause_id: str, now: datetime) -> None:
    mailing.post(tx, LetterDue(kind=LetterKind.VERIFY_EMAIL, cause_id=cause_id, user_id=user.id), now)


def request_email_change(store: Store, identities: IdentityProvider, user_id: str, new_email: str,
                         password: str, client: str, now: datetime) -> None:
    """With the password (guesses counted like sign-ins): a link goes to the new address; nothing
    changes until it is opened."""
    user = recheck(store, identities, user_id, password, client, now)
    if new_email.lower() == user.email.lower():
        raise Invalid("email", "is your address already")

    def apply(tx: Transaction) -> None:
        if tx.users.by_email(new_email) is not None:
            raise EmailTaken()
        quotas.take(tx, VERIFICATION_MAILS, user_id, now)
        mailing.post(tx, LetterDue(kind=LetterKind.EMAIL_CHANGE, cause_id=new_id(), user_id=user_id,
                                   address=new_email), now)

    store.run(apply)


def confirm_email_change(store: Store, identities: IdentityProvider, secret: str, token: str,
                         now: datetime) -> User:
    """The new address opened its link: it is the account's (confirmed), and the old one is told.
    A link made before another change of the address changes nothing."""
    claims = links.unseal(secret, links.Purpose.CHANGE_EMAIL, token, now)
    user_id, old, new = (str(claims.get(k, "")) for k in ("u", "from", "e"))
    user = store.read(lambda tx: tx.users.get(user_id))
    if user is None or user.email.lower() != old.lower() or not new:
        raise BadLink()
    identities.set_email(user_id, new)  # Firebase's copy first; undone when the profile fails

    def apply(tx: Transaction) -> User:
        current = tx.users.get(user_id)
        if current is None or current.email.lower() != old.lower():
            raise BadLink()
        changed = replace(current, email=new, email_verified=True, updated_at=now)
        tx.users.update(changed)
        cause = m.new_message(m.EMAIL_CHANGED, user_id, now, user_id=user_id)
        tx.emit(cause)
        mailing.post(tx, LetterDue(kind=LetterKind.EMAIL_CHANGED, cause_id=cause.id, user_id=user_id,
                                   address=old, name=current.first_name), now)
        return changed

    try:
        return store.run(apply)
    except BaseException:
        identities.set_email(user_id, old)
        raise
