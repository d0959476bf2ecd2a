// What a person reads when the API says no: the codes of docs/api.md as plain sentences.
import { ApiError } from "./api/client";

const SENTENCES: Record<string, string> = {
  event_full: "This event is full. You can join the waitlist instead.",
  already_registered: "You already have a ticket or a waitlist place for this event.",
  registration_closed: "Registration has closed: the event has already started.",
  event_cancelled: "This event has been cancelled.",
  event_started: "The event has started, so its start can no longer change.",
  already_cancelled: "This ticket was already cancelled.",
  capacity_below_confirmed: "Capacity cannot go below the number of seats already taken.",
  already_checked_in: "Already used: this ticket has been checked in before.",
  ticket_used: "This ticket was used at the door, so it can no longer be cancelled.",
  currency_locked: "Tickets were already sold in this currency, so it can no longer change.",
  own_event: "Organizers cannot review their own event.",
  event_not_started: "Reviews open once the event has started.",
  already_reviewed: "You have already reviewed this event.",
  not_an_attendee: "Only people with a ticket can review this event.",
  email_taken: "An account with this email already exists. Sign in instead.",
  username_taken: "This username is taken. Choose another.",
  forbidden: "You are not allowed to do this.",
  not_found: "This could not be found. It may have been removed.",
  unauthorized: "Your email or password is wrong, or your session has ended.",
  unavailable: "The service cannot take changes right now. Try again shortly.",
  network: "The server cannot be reached. Check your connection and try again.",
  validation_failed: "Some fields need attention.",
};

export function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

export function sentence(error: unknown): string {
  if (!(error instanceof ApiError)) return "Something went wrong. Try again.";
  if (error.status === 429) {
    return error.retryAfter !== null
      ? `Too many attempts. Try again in ${waitText(error.retryAfter)}.`
      : "Too many attempts. Try again later.";
  }
  const known = SENTENCES[error.code];
  if (known) return known;
  const detail = error.detail.trim();
  return detail ? `${detail[0]!.toUpperCase()}${detail.slice(1)}${/[.!?]$/.test(detail) ? "" : "."}` : "Something went wrong.";
}

/** At the door: "not valid" whether no ticket has the code or the ticket is cancelled or waiting. */
export function checkInSentence(error: unknown): string {
  if (error instanceof ApiError && error.status === 404) return "Not valid: no ticket for this event has that code.";
  if (error instanceof ApiError && error.code === "ticket_not_valid") return `Not valid: ${error.detail}.`;
  return sentence(error);
}

/** Field errors the API named, by field; the rest belongs to the form as a whole. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const { field, message } of error.fieldErrors) out[field] ??= message;
  return out;
}
