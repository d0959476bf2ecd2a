"""What events ask their buyers, one row a question."""

from __future__ import annotations

from app.domain.offers import Question
from app.domain.repositories import Questions
from app.store.sqlite.rows import Repository, insert_sql, to_row


class SqliteQuestions(Repository, Questions):
    def of_event(self, event_id: str) -> list[Question]:
        return self._all(Question, "SELECT * FROM questions WHERE event_id = ? ORDER BY position, id",
                         event_id)

    def put(self, question: Question) -> None:
        row = to_row(question)
        self._conn.execute(insert_sql("questions", row, "INSERT OR REPLACE"), row)

    def delete(self, event_id: str, question_id: str) -> None:
        self._conn.execute("DELETE FROM questions WHERE event_id = ? AND id = ?", (event_id, question_id))
