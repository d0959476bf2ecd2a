"""Topic and subscription names: logical names in code, configured names on the wire."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Topology:
    topics: Mapping[str, str]  # logical -> topic name
    subscriptions: Mapping[str, str]  # logical -> push subscription name (one per topic)

    def topic(self, logical: str) -> str:
        return self.topics[logical]

    def subscription_of_topic(self, topic: str) -> str | None:
        logical = next((k for k, v in self.topics.items() if v == topic), None)
        return self.subscriptions.get(logical) if logical else None

    def logical_of_subscription(self, subscription: str) -> str | None:
        return next((k for k, v in self.subscriptions.items() if v == subscription), None)
