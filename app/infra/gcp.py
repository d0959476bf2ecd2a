"""What the Google Cloud adapters share."""

from __future__ import annotations

from firebase_admin import credentials
from google.auth.credentials import AnonymousCredentials


class AnonymousCredential(credentials.Base):
    """The emulators accept anonymous calls; firebase-admin still wants a credential object."""

    def get_credential(self) -> AnonymousCredentials:
        return AnonymousCredentials()
