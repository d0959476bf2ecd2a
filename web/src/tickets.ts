import { defineMessages, type MessageDescriptor } from "react-intl";

import type { Registration } from "./api/types";

/** The registration that counts for this event: an active one, else the latest cancelled. */
export function ticketFor(registrations: Registration[], eventId: string): Registration | null {
  const mine = registrations.filter((r) => r.event_id === eventId);
  return mine.find((r) => r.status !== "cancelled")
    ?? mine.sort((a, b) => b.updated_at.localeCompare(a.updated_at))[0] ?? null;
}

export type TicketState = "checked_in" | "confirmed" | "waitlisted" | "pending_payment" | "cancelled";

export function stateOf(registration: Registration): TicketState {
  if (registration.status === "confirmed" && registration.checked_in_at) return "checked_in";
  return registration.status;
}


const PAYMENT = defineMessages({
  open: { id: "payment.open", defaultMessage: "Your seat is held while you pay." },
  paid: { id: "payment.paid", defaultMessage: "Paid. This is your receipt." },
  refund_pending: { id: "payment.refund_pending", defaultMessage: "Your refund is on its way." },
  refunded: { id: "payment.refunded", defaultMessage: "Refunded." },
  failed: { id: "payment.failed", defaultMessage: "The payment was declined; the seat was released." },
  expired: { id: "payment.expired", defaultMessage: "No payment arrived in time; the seat was released." },
  cancelled: { id: "payment.cancelled", defaultMessage: "Cancelled before payment." },
});

/** What a ticket's payment means to its holder, in a sentence (null: nothing to say). */
export function paymentSentence(registration: Registration): MessageDescriptor | null {
  const payment = registration.payment;
  return payment ? PAYMENT[payment.status] : null;
}

/** Whole seconds from `now` until `iso` (0 once past). */
export function secondsLeft(iso: string, now: number): number {
  return Math.max(0, Math.floor((Date.parse(iso) - now) / 1000));
}

/** A countdown as people read it: "29:05", "1:02:03". */
export function countdown(seconds: number): string {
  const h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
  const mm = String(m).padStart(h ? 2 : 1, "0"), ss = String(s).padStart(2, "0");
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

export type TicketGroup = "upcoming" | "past" | "cancelled";

/** My tickets as a person reads them: what is coming (soonest first), what has been (latest
 * first), and cancelled ones (the ticket or its event) apart. Groups without tickets are left out. */
export function groupTickets(tickets: Registration[], now: number): { name: TicketGroup; tickets: Registration[] }[] {
  const start = (t: Registration) => (t.event ? Date.parse(t.event.starts_at) : Number.POSITIVE_INFINITY);
  const cancelled = (t: Registration) => t.status === "cancelled" || t.event?.status === "cancelled";
  const groups: { name: TicketGroup; tickets: Registration[] }[] = [
    { name: "upcoming", tickets: tickets.filter((t) => !cancelled(t) && start(t) >= now).sort((a, b) => start(a) - start(b)) },
    { name: "past", tickets: tickets.filter((t) => !cancelled(t) && start(t) < now).sort((a, b) => start(b) - start(a)) },
    { name: "cancelled", tickets: tickets.filter(cancelled) },
  ];
  return groups.filter((g) => g.tickets.length > 0);
}
