// Whom each ticket of an order is for: the first is the buyer's; the others may name someone, and
// a ticket naming an email is mailed to it once confirmed (docs/orders.md).
import { useId } from "react";
import { FormattedMessage, useIntl } from "react-intl";

import type { AttendeeIn, TicketType } from "../api/types";

/** The attendees to send: none when nobody was named, else one per ticket (the first, the buyer). */
export function attendeesOf(wanted: readonly TicketType[], named: readonly AttendeeIn[]): AttendeeIn[] {
  const rest = wanted.slice(1).map((_, i) => {
    const { name = "", email = null } = named[i] ?? {};
    return { name: name.trim(), email: email?.trim() || null };
  });
  return rest.some((a) => a.name || a.email) ? [{ name: "" }, ...rest] : [];
}

function Attendee({ number, type, value, onChange }:
  { number: number; type: TicketType; value: AttendeeIn; onChange: (value: AttendeeIn) => void }) {
  const id = useId();
  const intl = useIntl();
  return (
    <fieldset className="attendee">
      <legend><FormattedMessage id="order.ticketN" defaultMessage="Ticket {number}: {type}" values={{ number, type: type.name }} /></legend>
      <div className="field">
        <label htmlFor={`${id}-name`}><FormattedMessage id="order.attendeeName" defaultMessage="Name (optional)" /></label>
        <input id={`${id}-name`} maxLength={100} autoComplete="off" value={value.name ?? ""}
          onChange={(e) => onChange({ ...value, name: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-email`}><FormattedMessage id="order.attendeeEmail" defaultMessage="Email (optional): we mail them the ticket" /></label>
        <input id={`${id}-email`} type="email" maxLength={254} autoComplete="off" value={value.email ?? ""}
          placeholder={intl.formatMessage({ id: "order.emailExample", defaultMessage: "name@example.com" })}
          onChange={(e) => onChange({ ...value, email: e.target.value })} />
      </div>
    </fieldset>
  );
}

/** A name and email for every ticket but the first (the buyer's own). */
export function AttendeeFields({ wanted, named, onChange }:
  { wanted: readonly TicketType[]; named: readonly AttendeeIn[]; onChange: (named: AttendeeIn[]) => void }) {
  if (wanted.length < 2) return null;
  return (
    <div className="attendees">
      <p className="muted"><FormattedMessage id="order.firstIsYours" defaultMessage="The first ticket is yours. Whom are the others for?" /></p>
      {wanted.slice(1).map((type, i) => (
        <Attendee key={i} number={i + 2} type={type} value={named[i] ?? { name: "" }} onChange={(value) => {
          const next = [...named];
          next[i] = value;
          onChange(next);
        }} />
      ))}
    </div>
  );
}
