"""People: profiles (email and username held unique by key documents), local credentials,
sign-in attempts and the counters of limits (keys are hex digests, safe as document ids)."""

from __future__ import annotations

import dataclasses

from app.domain.errors import EmailTaken, UsernameTaken
from app.domain.ids import digest
from app.domain.models import Credentials, LoginAttempts, User, WindowCounter
from app.domain.repositories import Counters, SignInAttempts, Users
from app.store.firestore.documents import Repository, dump, load


class FirestoreUsers(Repository, Users):
    def get(self, user_id: str) -> User | None:
        return load(User, self._s.get_doc("users", user_id))

    def by_username(self, username: str) -> User | None:
        key = self._s.get_doc("unique_keys", digest("username", username.lower()))
        return self.get(key.get("owner")) if key.exists else None

    def by_email(self, email: str) -> User | None:
        key = self._s.get_doc("unique_keys", digest("email", email.lower()))
        return self.get(key.get("owner")) if key.exists else None

    def delete(self, user_id: str) -> None:
        user = self.get(user_id)
        credentials = self._s.get_doc("credentials", user_id)
        if user is not None:
            self._s.delete_doc("unique_keys", digest("email", user.email.lower()))
            self._s.delete_doc("unique_keys", digest("username", user.username.lower()))
            self._s.delete_doc("users", user_id)
        if credentials.exists:
            self._s.delete_doc("unique_keys", digest("credential-email", credentials.get("email").lower()))
            self._s.delete_doc("credentials", user_id)

    def add(self, user: User) -> None:
        self._s.claim_key("email", user.email, user.id, EmailTaken)
        self._s.claim_key("username", user.username, user.id, UsernameTaken)
        self._s.set("users", user.id, dump(user), create=True)

    def add_credentials(self, credentials: Credentials) -> None:
        self._s.claim_key("credential-email", credentials.email, credentials.user_id, EmailTaken)
        self._s.set("credentials", credentials.user_id, dataclasses.asdict(credentials), create=True)

    def update(self, user: User) -> None:
        current = self.get(user.id)
        if current and current.username.lower() != user.username.lower():
            self._s.claim_key("username", user.username, user.id, UsernameTaken)
            self._s.delete_doc("unique_keys", digest("username", current.username.lower()))
        if current and current.email.lower() != user.email.lower():
            # read only when the email moves (writes are buffered until the commit: still first)
            credentials = self._s.get_doc("credentials", user.id)
            self._s.claim_key("email", user.email, user.id, EmailTaken)
            self._s.delete_doc("unique_keys", digest("email", current.email.lower()))
            if credentials.exists:
                self._s.claim_key("credential-email", user.email, user.id, EmailTaken)
                self._s.delete_doc("unique_keys", digest("credential-email", current.email.lower()))
                self._s.update_doc(self._s.ref("credentials", user.id), {"email": user.email})
        self._s.set("users", user.id, dump(user))


class FirestoreSignInAttempts(Repository, SignInAttempts):
    def get(self, key: str) -> LoginAttempts | None:
        return load(LoginAttempts, self._s.get_doc("login_attempts", digest(key)))

    def put(self, record: LoginAttempts) -> None:
        self._s.set("login_attempts", digest(record.key), dump(record))

    def delete(self, key: str) -> None:
        self._s.delete_doc("login_attempts", digest(key))


class FirestoreCounters(Repository, Counters):
    def get(self, key: str) -> WindowCounter | None:
        return load(WindowCounter, self._s.get_doc("counters", digest(key)))

    def put(self, counter: WindowCounter) -> None:
        self._s.set("counters", digest(counter.key), dump(counter))
