"""The identity port's adapters: local (argon2 + JWT) and Firebase Authentication."""

from __future__ import annotations

from app.config import Config
from app.domain.ports import CredentialStore, IdentityProvider


def open_auth(config: Config, credentials: CredentialStore) -> IdentityProvider:
    """The provider the configuration names (load_config has checked the name)."""
    if config.auth_backend == "firebase":
        from app.auth.firebase import FirebaseAuth
        from app.infra.gcp import AnonymousCredential

        emulator = config.firebase_auth_emulator_host
        return FirebaseAuth(config.google_cloud_project, config.firebase_api_key, emulator_host=emulator,
                            credential=AnonymousCredential() if emulator else None)
    from app.auth.local import LocalAuth

    return LocalAuth(credentials, config.secret_key, config.token_ttl_seconds)
