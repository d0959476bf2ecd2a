"""Pub/Sub push envelopes, exactly as Pub/Sub sends them."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import from_json

from app.domain.ids import digest
from app.domain.messages import message_body, message_from_body
from app.domain.models import Message
from app.timeutil import rfc3339


class MalformedEnvelope(ValueError):
    """Retrying can never make this envelope valid: ack it and log."""


class _PushMessage(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    data: str | None = None
    attributes: dict[str, str] | None = None
    message_id: str | None = Field(default=None, alias="messageId")


class _PushEnvelope(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    message: _PushMessage
    subscription: str | None = None
    delivery_attempt: int | None = Field(default=None, alias="deliveryAttempt")


def wire_message_id(topic: str, message: Message) -> str:
    """Pub/Sub message ids are decimal strings; the local bus derives one per topic and message."""
    return str(int(digest(topic, message.id)[:15], 16))


def pubsub_message(message: Message, *, message_id: str, publish_time: datetime) -> dict[str, Any]:
    """The PubsubMessage of a push body, with both spellings Pub/Sub sends of its fields."""
    data = base64.b64encode(json.dumps(message_body(message)).encode()).decode()
    published = rfc3339(publish_time)
    return {"data": data, "attributes": {"type": message.type}, "messageId": message_id,
            "message_id": message_id, "publishTime": published, "publish_time": published}


def push_envelope(pubsub_message: dict[str, Any], *, subscription_path: str,
                  attempt: int | None) -> dict[str, Any]:
    """The body Pub/Sub POSTs to a push endpoint."""
    envelope: dict[str, Any] = {"message": pubsub_message, "subscription": subscription_path}
    if attempt is not None:
        envelope["deliveryAttempt"] = attempt
    return envelope


def decode(raw: bytes) -> tuple[Message, int | None]:
    """The domain message inside a push body, and the delivery attempt if Pub/Sub sent one."""
    try:
        envelope = _PushEnvelope.model_validate_json(raw)
    except ValidationError as exc:
        raise MalformedEnvelope(f"not a push envelope: {exc.errors(include_url=False)[:3]}") from None
    if not envelope.message.data:
        raise MalformedEnvelope("the message has no data")
    try:
        # pydantic's parser: a nesting too deep is a ValueError, not a RecursionError
        body = from_json(base64.b64decode(envelope.message.data, validate=True))
        message = message_from_body(body)
    except (binascii.Error, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise MalformedEnvelope(f"message.data is not a domain message: {exc}") from None
    return message, envelope.delivery_attempt
