"""What events ask their buyers: `events/{event}/questions/{question}`."""

from __future__ import annotations

import dataclasses
from typing import Any

from app.domain.offers import Question
from app.domain.repositories import Questions
from app.store.firestore.documents import Repository


class FirestoreQuestions(Repository, Questions):
    def _asked(self, event_id: str) -> Any:
        return self._s.ref("events", event_id).collection("questions")

    def of_event(self, event_id: str) -> list[Question]:
        return self._all_of(Question, self._asked(event_id), lambda q: (q.position, q.id))

    def put(self, question: Question) -> None:
        self._s.set_ref(self._asked(question.event_id).document(question.id), dataclasses.asdict(question))

    def delete(self, event_id: str, question_id: str) -> None:
        self._s.delete_ref(self._asked(event_id).document(question_id))
