"""Pub/Sub push OIDC tokens, signed by a key the tests hold in Google's place."""

from __future__ import annotations

import base64
import json
import time

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from google.auth import crypt
from google.auth import jwt as google_jwt

from app.bus.push_auth import OidcPushAuth

AUDIENCE = "https://events.example.com/pubsub"
ACCOUNT = "pubsub-push@demo-events.iam.gserviceaccount.com"


def _key():
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption())
    public_pem = private.public_key().public_bytes(serialization.Encoding.PEM,
                                                   serialization.PublicFormat.SubjectPublicKeyInfo)
    return private_pem, public_pem.decode()


GOOGLE_PRIVATE, GOOGLE_PUBLIC = _key()
OTHER_PRIVATE, _ = _key()


def token(private=GOOGLE_PRIVATE, kid="google-1", **over) -> str:
    now = int(time.time())
    claims = {"iss": "https://accounts.google.com", "aud": AUDIENCE, "email": ACCOUNT,
              "email_verified": True, "sub": "1234", "iat": now, "exp": now + 600, **over}
    return google_jwt.encode(crypt.RSASigner.from_string(private, key_id=kid), claims).decode()


def unsigned() -> str:
    def part(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    now = int(time.time())
    return f"{part({'alg': 'none', 'kid': 'google-1'})}.{part({'iss': 'accounts.google.com', 'aud': AUDIENCE, 'email': ACCOUNT, 'email_verified': True, 'iat': now, 'exp': now + 600})}."  # noqa: E501


def oidc_auth() -> OidcPushAuth:
    """Push auth that trusts the tests' key as Google's."""
    return OidcPushAuth(AUDIENCE, ACCOUNT, certs=lambda: {"google-1": GOOGLE_PUBLIC})
