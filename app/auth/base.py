"""What every auth adapter offers. Identity comes only from a verified token."""

from __future__ import annotations

import abc

from app.domain.models import NewIdentity, TokenGrant


class AuthProvider(abc.ABC):
    @abc.abstractmethod
    def create_identity(self, email: str, password: str) -> NewIdentity:
        """A sign-in identity for a new account (see `NewIdentity`); `Conflict` if the email is
        taken where the identity lives."""

    @abc.abstractmethod
    def delete_identity(self, user_id: str) -> None:
        """Undo an identity created elsewhere (the profile could not be written)."""

    @abc.abstractmethod
    def login(self, email: str, password: str) -> TokenGrant:
        """Check the password; `Unauthorized` on any mismatch, with one message for all."""

    @abc.abstractmethod
    def verify(self, token: str) -> str:
        """The user id the token was issued to; `Unauthorized` if it is not valid now."""
