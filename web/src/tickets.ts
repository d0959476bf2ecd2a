import type { Registration } from "./api/types";

/** The registration that counts for this event: an active one, else the latest cancelled. */
export function ticketFor(registrations: Registration[], eventId: string): Registration | null {
  const mine = registrations.filter((r) => r.event_id === eventId);
  return mine.find((r) => r.status !== "cancelled")
    ?? mine.sort((a, b) => b.updated_at.localeCompare(a.updated_at))[0] ?? null;
}

export type TicketState = "checked_in" | "confirmed" | "waitlisted" | "cancelled";

export function stateOf(registration: Registration): TicketState {
  if (registration.status === "confirmed" && registration.checked_in_at) return "checked_in";
  return registration.status;
}

export const STATE_LABEL: Record<TicketState, string> = {
  checked_in: "Checked in",
  confirmed: "Confirmed",
  waitlisted: "On the waitlist",
  cancelled: "Cancelled",
};
