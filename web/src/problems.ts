// What a person reads when the API says no: the codes of docs/api.md as plain sentences, in the
// reader's language (`intl`; English when none is given).
import { createIntl, defineMessages, type IntlShape, type MessageDescriptor } from "react-intl";

import { ApiError } from "./api/client";

const SENTENCES = defineMessages({
  event_full: { id: "problem.event_full", defaultMessage: "This event is full. You can join the waitlist instead." },
  already_registered: { id: "problem.already_registered", defaultMessage: "You already have a ticket or a waitlist place for this event." },
  registration_closed: { id: "problem.registration_closed", defaultMessage: "Registration has closed: the event has already started." },
  event_cancelled: { id: "problem.event_cancelled", defaultMessage: "This event has been cancelled." },
  event_started: { id: "problem.event_started", defaultMessage: "The event has started, so its start can no longer change." },
  already_cancelled: { id: "problem.already_cancelled", defaultMessage: "This ticket was already cancelled." },
  capacity_below_confirmed: { id: "problem.capacity_below_confirmed", defaultMessage: "Capacity cannot go below the number of seats already taken." },
  already_checked_in: { id: "problem.already_checked_in", defaultMessage: "Already used: this ticket has been checked in before." },
  ticket_used: { id: "problem.ticket_used", defaultMessage: "This ticket was used at the door, so it can no longer be cancelled." },
  currency_locked: { id: "problem.currency_locked", defaultMessage: "Tickets were already sold in this currency, so it can no longer change." },
  own_event: { id: "problem.own_event", defaultMessage: "Organizers cannot review their own event." },
  event_not_started: { id: "problem.event_not_started", defaultMessage: "Reviews open once the event has started." },
  already_reviewed: { id: "problem.already_reviewed", defaultMessage: "You have already reviewed this event." },
  not_an_attendee: { id: "problem.not_an_attendee", defaultMessage: "Only people with a ticket can review this event." },
  email_taken: { id: "problem.email_taken", defaultMessage: "An account with this email already exists. Sign in instead." },
  username_taken: { id: "problem.username_taken", defaultMessage: "This username is taken. Choose another." },
  forbidden: { id: "problem.forbidden", defaultMessage: "You are not allowed to do this." },
  not_found: { id: "problem.not_found", defaultMessage: "This could not be found. It may have been removed." },
  unauthorized: { id: "problem.unauthorized", defaultMessage: "Your email or password is wrong, or your session has ended." },
  unavailable: { id: "problem.unavailable", defaultMessage: "The service cannot take changes right now. Try again shortly." },
  network: { id: "problem.network", defaultMessage: "The server cannot be reached. Check your connection and try again." },
  validation_failed: { id: "problem.validation_failed", defaultMessage: "Some fields need attention." },
});

type Said = "seconds" | "minutes" | "tooManyIn" | "tooMany" | "failed" | "failedShort" | "noTicket" | "notValid";
const SAID: Record<Said, MessageDescriptor> = ({
  seconds: { id: "problem.wait.seconds", defaultMessage: "{n, plural, one {# second} other {# seconds}}" },
  minutes: { id: "problem.wait.minutes", defaultMessage: "{n, plural, one {# minute} other {# minutes}}" },
  tooManyIn: { id: "problem.tooManyIn", defaultMessage: "Too many attempts. Try again in {wait}." },
  tooMany: { id: "problem.tooMany", defaultMessage: "Too many attempts. Try again later." },
  failed: { id: "problem.failed", defaultMessage: "Something went wrong. Try again." },
  failedShort: { id: "problem.failedShort", defaultMessage: "Something went wrong." },
  noTicket: { id: "problem.noTicket", defaultMessage: "Not valid: no ticket for this event has that code." },
  notValid: { id: "problem.notValid", defaultMessage: "Not valid: {why}." },
});

const ENGLISH = createIntl({ locale: "en", messages: {} });

export function waitText(seconds: number, intl: IntlShape = ENGLISH): string {
  if (seconds < 60) return intl.formatMessage(SAID.seconds, { n: seconds });
  return intl.formatMessage(SAID.minutes, { n: Math.ceil(seconds / 60) });
}

export function sentence(error: unknown, intl: IntlShape = ENGLISH): string {
  if (!(error instanceof ApiError)) return intl.formatMessage(SAID.failed);
  if (error.status === 429) {
    return error.retryAfter !== null
      ? intl.formatMessage(SAID.tooManyIn, { wait: waitText(error.retryAfter, intl) })
      : intl.formatMessage(SAID.tooMany);
  }
  const known = SENTENCES[error.code as keyof typeof SENTENCES];
  if (known) return intl.formatMessage(known);
  // a code this client does not know yet: the server's own sentence
  const detail = error.detail.trim();
  return detail ? `${detail[0]!.toUpperCase()}${detail.slice(1)}${/[.!?]$/.test(detail) ? "" : "."}`
    : intl.formatMessage(SAID.failedShort);
}

/** At the door: "not valid" whether no ticket has the code or the ticket is cancelled or waiting. */
export function checkInSentence(error: unknown, intl: IntlShape = ENGLISH): string {
  if (error instanceof ApiError && error.status === 404) return intl.formatMessage(SAID.noTicket);
  if (error instanceof ApiError && error.code === "ticket_not_valid") return intl.formatMessage(SAID.notValid, { why: error.detail });
  return sentence(error, intl);
}

/** Field errors the API named, by field; the rest belongs to the form as a whole. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const { field, message } of error.fieldErrors) out[field] ??= message;
  return out;
}
