"""Words the platform says to people, kept so that they can be said in the reader's language
(app/i18n): a sentence is a literal with {named} places, never an f-string, and the literal is
its key in the catalogues. Errors carry theirs the same way (app/domain/errors.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sentence:
    """A sentence with its figures kept apart: `template` is the key, `params` fill its places."""

    template: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.template.format(**self.params)


def N_(sentence: str) -> str:
    """Marks a sentence kept aside (in a table, say) for the catalogues; answers it unchanged."""
    return sentence
