"""Firebase Authentication: identities live in Firebase, requests carry Firebase ID tokens.

Sign-up creates the Firebase user (the domain then writes our profile, and deletes the Firebase
user again if that fails). Sign-in goes through the Identity Toolkit REST API with the project's
Web API key, as the Firebase client SDKs do, so clients that sign in with an SDK themselves send
the very same kind of token. Every request is authorized by `verify_id_token`, with revocation
and disabled accounts checked.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import firebase_admin
import requests
from firebase_admin import auth

from app.domain.errors import EmailTaken, Unauthorized, Unavailable, WrongCredentials
from app.domain.ids import new_id
from app.domain.models import NewIdentity, TokenClaims, TokenGrant
from app.domain.ports import IdentityProvider

_DISABLED = "this account is disabled"
_SIGN_IN_ERRORS = {  # Identity Toolkit's reasons worth telling apart; any other: wrong credentials
    "USER_DISABLED": _DISABLED,
    "TOO_MANY_ATTEMPTS_TRY_LATER": "too many failed sign-ins; try again later",
}


class FirebaseAuth(IdentityProvider):
    def __init__(self, project: str | None, api_key: str | None, *, emulator_host: str | None = None,
                 credential: Any = None, timeout: float = 10.0) -> None:
        options = {"projectId": project} if project else None
        self._app = firebase_admin.initialize_app(credential, options, name=f"auth-{new_id()}")
        self._api_key = api_key or ("emulator" if emulator_host else None)
        base = (f"http://{emulator_host}/identitytoolkit.googleapis.com" if emulator_host
                else "https://identitytoolkit.googleapis.com")
        self._sign_in_url = f"{base}/v1/accounts:signInWithPassword"
        self._session = requests.Session()
        self._timeout = timeout

    def create_identity(self, email: str, password: str) -> NewIdentity:
        try:
            return NewIdentity(auth.create_user(email=email, password=password, app=self._app).uid)
        except auth.EmailAlreadyExistsError as exc:
            raise EmailTaken() from exc

    def delete_identity(self, user_id: str) -> None:
        auth.delete_user(user_id, app=self._app)

    def login(self, email: str, password: str) -> TokenGrant:
        if not self._api_key:
            raise Unavailable("sign-in needs FIREBASE_API_KEY; sign in with a Firebase SDK instead")
        try:
            response = self._session.post(self._sign_in_url, params={"key": self._api_key},
                                          json={"email": email, "password": password,
                                                "returnSecureToken": True}, timeout=self._timeout)
        except requests.RequestException as exc:
            raise Unavailable(f"Firebase Authentication did not answer ({exc})") from exc
        if response.status_code == 200:
            body = response.json()
            return TokenGrant(body["idToken"], int(body["expiresIn"]), body["localId"])
        if response.status_code >= 500:
            raise Unavailable(f"Firebase Authentication answered {response.status_code}")
        reason = str(response.json().get("error", {}).get("message", "")).split(" ")[0]
        if reason in _SIGN_IN_ERRORS:
            raise Unauthorized(_SIGN_IN_ERRORS[reason])
        raise WrongCredentials()

    def set_password(self, user_id: str, password: str) -> None:
        """Firebase keeps the password; changing it also ends the account's sessions there."""
        auth.update_user(user_id, password=password, app=self._app)

    def set_email(self, user_id: str, email: str) -> None:
        try:
            auth.update_user(user_id, email=email, email_verified=True, app=self._app)
        except auth.EmailAlreadyExistsError as exc:
            raise EmailTaken() from exc

    def verify(self, token: str) -> TokenClaims:
        try:
            claims = auth.verify_id_token(token, app=self._app, check_revoked=True)
        except auth.UserDisabledError:
            raise Unauthorized(_DISABLED) from None
        except (auth.InvalidIdTokenError, auth.ExpiredIdTokenError, auth.RevokedIdTokenError,
                auth.UserNotFoundError, ValueError) as exc:
            raise Unauthorized(f"the token is not valid: {exc}") from None
        except auth.CertificateFetchError as exc:
            raise Unavailable("Google's token keys cannot be fetched right now") from exc
        return TokenClaims(str(claims["uid"]), datetime.fromtimestamp(float(claims["iat"]), UTC),
                           datetime.fromtimestamp(float(claims["exp"]), UTC),
                           email=claims.get("email"), name=claims.get("name"))

    def revoke(self, user_id: str) -> datetime:
        """Firebase's own revocation: refresh tokens stop working, and ID tokens issued before it
        fail `verify_id_token(check_revoked=True)` on every instance."""
        auth.revoke_refresh_tokens(user_id, app=self._app)
        valid_after_ms = auth.get_user(user_id, app=self._app).tokens_valid_after_timestamp
        return datetime.fromtimestamp(valid_after_ms / 1000, UTC)

    def close(self) -> None:
        firebase_admin.delete_app(self._app)
