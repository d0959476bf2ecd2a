"""Setting a new password: by a one-time link mailed to the address (forgotten), or with the
current one (changed). Either ends every session the account had (docs/mail.md, "Account links").

A reset request answers the same whether or not the address has an account, and does the same
work (one store transaction, counted against the same limits); only an owner's request posts a
letter, sent later by the bus, so neither the answer nor its time tells who has an account.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from app.domain import links, mailing, quotas
from app.domain import messages as m
from app.domain.accounts import check_password, end_sessions
from app.domain.errors import BadLink, Invalid
from app.domain.ids import digest, new_id
from app.domain.letters import LetterKind
from app.domain.message_data import LetterDue
from app.domain.models import TokenGrant, User, WindowCounter
from app.domain.ports import IdentityProvider, Store, Transaction
from app.domain.signin import recheck

# per address typed (whoever types it) and per client: a person who lost a mail asks again a
# few times; a script mailing a stranger's inbox full is stopped at the fourth
RESETS_PER_EMAIL = quotas.Quota("reset-email", 3, timedelta(hours=1),
                                "at most {limit} password reset mails to one address in an hour; "
                                "try again later")
RESETS_PER_CLIENT = quotas.Quota("reset-client", 20, timedelta(hours=1),
                                 "at most {limit} password reset requests in an hour; try again later")
RESET_FOR = links.LIFETIME[links.Purpose.RESET_PASSWORD] or timedelta(hours=1)


def request_reset(store: Store, email: str, client: str, now: datetime) -> None:
    def apply(tx: Transaction) -> None:
        quotas.take(tx, RESETS_PER_EMAIL, digest(email.strip().lower()), now)
        quotas.take(tx, RESETS_PER_CLIENT, digest(client), now)
        user = tx.users.by_email(email.strip())
        if user is None:
            return
        cause = m.new_message(m.PASSWORD_RESET_REQUESTED, user.id, now, user_id=user.id)
        tx.emit(cause)
        mailing.post(tx, LetterDue(kind=LetterKind.PASSWORD_RESET, cause_id=cause.id, user_id=user.id,
                                   reset_id=new_id()), now)

    store.run(apply)


def _used_key(reset_id: str) -> str:
    return f"reset-used:{reset_id}"


def confirm_reset(store: Store, identities: IdentityProvider, secret: str, token: str, password: str,
                  now: datetime) -> None:
    """Set the password the link's owner chose; the link is spent first, so two uses of it (in
    parallel, or a replay) set it at most once. Opening the link proves the address too; a link
    mailed to an address the account has left sets nothing."""
    claims = links.unseal(secret, links.Purpose.RESET_PASSWORD, token, now)
    user_id, reset_id = str(claims.get("u", "")), str(claims.get("r", ""))
    user = store.read(lambda tx: tx.users.get(user_id))
    if user is None or not reset_id or user.email.lower() != str(claims.get("e", "")).lower():
        raise BadLink()
    check_password(password, _personal(user))

    def spend(tx: Transaction) -> None:
        if tx.counters.get(_used_key(reset_id)) is not None:
            raise BadLink("this link was used already: ask for a new one")
        tx.counters.put(WindowCounter(key=_used_key(reset_id), count=1, expires_at=now + RESET_FOR))

    store.run(spend)
    identities.set_password(user_id, password)
    _changed(store, identities, user_id, now, verified=True)


def change_password(store: Store, identities: IdentityProvider, user_id: str, current: str, new: str,
                    client: str, now: datetime) -> TokenGrant:
    """With the current password (guesses counted like sign-ins); every session ends, and the
    caller gets a new token for theirs."""
    user = recheck(store, identities, user_id, current, client, now, field="current_password")
    check_password(new, _personal(user))
    if new == current:
        raise Invalid("new_password", "is the same as the current one")
    identities.set_password(user_id, new)
    _changed(store, identities, user_id, now, verified=False)
    return identities.login(user.email, new)


def _personal(user: User) -> list[str]:
    return [user.email, user.username, user.first_name, user.last_name]


def _changed(store: Store, identities: IdentityProvider, user_id: str, now: datetime, *,
             verified: bool) -> None:
    valid_after = identities.revoke(user_id)

    def apply(tx: Transaction) -> None:
        user = end_sessions(tx, user_id, valid_after, now)
        if verified and not user.email_verified:
            user.email_verified = True
            tx.users.update(user)
        cause = m.new_message(m.PASSWORD_CHANGED, user_id, now, user_id=user_id)
        tx.emit(cause)
        mailing.post(tx, LetterDue(kind=LetterKind.PASSWORD_CHANGED, cause_id=cause.id, user_id=user_id), now)

    store.run(apply)
