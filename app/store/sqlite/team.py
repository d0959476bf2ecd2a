"""An event's team and the places offered to it, one row each."""

from __future__ import annotations

from typing import Any

from app.domain.models import Page
from app.domain.repositories import Team
from app.domain.roles import Invitation, Member
from app.store.sqlite.rows import Repository, insert_sql, to_row
from app.timeutil import sortable


class SqliteTeam(Repository, Team):
    def member(self, event_id: str, user_id: str) -> Member | None:
        return self._one(Member, "SELECT * FROM team_members WHERE event_id = ? AND user_id = ?",
                         event_id, user_id)

    def members(self, event_id: str) -> list[Member]:
        return self._all(Member, "SELECT * FROM team_members WHERE event_id = ? ORDER BY added_at, user_id",
                         event_id)

    def memberships(self, user_id: str, limit: int, cursor: str | None) -> Page[Member]:
        args: list[Any] = [user_id]
        sql = "SELECT * FROM team_members WHERE user_id = ?"
        sql += self._after(cursor, "added_at, event_id", args, descending=True)
        sql += " ORDER BY added_at DESC, event_id DESC"
        return self._page(Member, sql, args, limit, lambda m: (sortable(m.added_at), m.event_id))

    def put_member(self, member: Member) -> None:
        row = to_row(member)
        self._conn.execute(insert_sql("team_members", row, "INSERT OR REPLACE"), row)

    def remove_member(self, event_id: str, user_id: str) -> None:
        self._conn.execute("DELETE FROM team_members WHERE event_id = ? AND user_id = ?", (event_id, user_id))

    def invitation(self, invitation_id: str) -> Invitation | None:
        return self._one(Invitation, "SELECT * FROM team_invitations WHERE id = ?", invitation_id)

    def invitations(self, event_id: str) -> list[Invitation]:
        sql = "SELECT * FROM team_invitations WHERE event_id = ? ORDER BY created_at, id"
        return self._all(Invitation, sql, event_id)

    def put_invitation(self, invitation: Invitation) -> None:
        row = to_row(invitation)
        self._conn.execute(insert_sql("team_invitations", row, "INSERT OR REPLACE"), row)

    def delete_invitation(self, invitation_id: str) -> None:
        self._conn.execute("DELETE FROM team_invitations WHERE id = ?", (invitation_id,))
