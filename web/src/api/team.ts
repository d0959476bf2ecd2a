// An event's team (docs/team.md): the caller's role on an event, the events they help run, the
// organiser's team panel, and taking the place a mailed link offers.
import { useQuery } from "@tanstack/react-query";

import { api, query } from "./client";
import { keys, useChange } from "./queries";
import type { Page, Role, Team, TeamPlace, TeamRole } from "./types";

const team = (eventId: string) => `/events/${encodeURIComponent(eventId)}/team`;

/** What the caller may do with the event: owner, manager or door (403 when nothing). */
export function useMyRole(eventId: string) {
  return useQuery({
    queryKey: keys.myRole(eventId),
    queryFn: ({ signal }) => api<{ event_id: string; role: Role }>(`${team(eventId)}/me`, { signal }),
    retry: false,
  });
}

/** The events the caller helps run (the first 100: a person is on a few teams, not hundreds). */
export function useMyTeams() {
  return useQuery({
    queryKey: keys.myTeams,
    queryFn: ({ signal }) => api<Page<TeamPlace>>(`/team/events${query({ limit: 100 })}`, { signal }),
  });
}

export function useTeam(eventId: string) {
  return useQuery({ queryKey: keys.team(eventId), queryFn: ({ signal }) => api<Team>(team(eventId), { signal }) });
}

export type TeamChange =
  | { invite: { email: string; role: TeamRole } }
  | { withdraw: string }
  | { member: string; role: TeamRole }
  | { remove: string };

/** The organiser invites, withdraws an invitation, changes a member's role or removes them. */
export function useChangeTeam(eventId: string) {
  return useChange((change: TeamChange) => {
    if ("invite" in change) return api<unknown>(`${team(eventId)}/invitations`, { method: "POST", body: change.invite });
    if ("withdraw" in change) return api<unknown>(`${team(eventId)}/invitations/${encodeURIComponent(change.withdraw)}`, { method: "DELETE" });
    if ("role" in change) return api<unknown>(`${team(eventId)}/members/${encodeURIComponent(change.member)}`, { method: "PATCH", body: { role: change.role } });
    return api<unknown>(`${team(eventId)}/members/${encodeURIComponent(change.remove)}`, { method: "DELETE" });
  }, () => [keys.team(eventId)]);
}

/** Take the place the mailed link offers (its token), as the signed-in person. */
export function useJoinTeam() {
  return useChange((token: string) => api<TeamPlace>("/team/join", { method: "POST", body: { token } }),
    (_, place) => [keys.myTeams, keys.myRole(place.event_id)]);
}
