"""An event's team: `team_members/{event}:{user}` (found by event or by person) and
`team_invitations/{id}`; tens per event, read whole."""

from __future__ import annotations

import functools

from google.cloud.firestore_v1.base_query import FieldFilter

from app.domain.models import Page
from app.domain.repositories import Team
from app.domain.roles import Invitation, Member
from app.store.firestore.documents import DESC, ID, Repository, dump, load


def _member_id(event_id: str, user_id: str) -> str:
    return f"{event_id}:{user_id}"


class FirestoreTeam(Repository, Team):
    def member(self, event_id: str, user_id: str) -> Member | None:
        return load(Member, self._s.get_doc("team_members", _member_id(event_id, user_id)))

    def members(self, event_id: str) -> list[Member]:
        q = self._db.collection("team_members").where(filter=FieldFilter("event_id", "==", event_id))
        return self._all_of(Member, q, lambda m: (m.added_at, m.user_id))

    def memberships(self, user_id: str, limit: int, cursor: str | None) -> Page[Member]:
        q = (self._db.collection("team_members").where(filter=FieldFilter("user_id", "==", user_id))
             .order_by("added_at", direction=DESC).order_by(ID, direction=DESC))
        return self._s.page(functools.partial(load, Member), q, limit, cursor,
                            lambda m: (m.added_at, _member_id(m.event_id, m.user_id)))

    def put_member(self, member: Member) -> None:
        self._s.set("team_members", _member_id(member.event_id, member.user_id), dump(member))

    def remove_member(self, event_id: str, user_id: str) -> None:
        self._s.delete_doc("team_members", _member_id(event_id, user_id))

    def invitation(self, invitation_id: str) -> Invitation | None:
        return load(Invitation, self._s.get_doc("team_invitations", invitation_id))

    def invitations(self, event_id: str) -> list[Invitation]:
        q = self._db.collection("team_invitations").where(filter=FieldFilter("event_id", "==", event_id))
        return self._all_of(Invitation, q, lambda i: (i.created_at, i.id))

    def put_invitation(self, invitation: Invitation) -> None:
        self._s.set("team_invitations", invitation.id, dump(invitation))

    def delete_invitation(self, invitation_id: str) -> None:
        self._s.delete_doc("team_invitations", invitation_id)
