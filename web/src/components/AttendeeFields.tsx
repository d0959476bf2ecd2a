// Whom each ticket of an order is for, and their answers to what the event asks of each attendee:
// the first is the buyer's; the others may name someone, and a ticket naming an email is mailed
// to it once confirmed (docs/orders.md).
import { useId } from "react";
import { FormattedMessage, useIntl } from "react-intl";

import type { OrderAttendee, Question, TicketType } from "../api/types";
import { given, QuestionFields, refusalsAt } from "./QuestionFields";

/** The attendees to send, one per ticket (the first, the buyer: no name), or none when nobody
 * was named and nothing is asked of each attendee. `named[i]` is ticket i's. */
export function attendeesOf(wanted: readonly TicketType[], named: readonly OrderAttendee[], asksEach: boolean): OrderAttendee[] {
  const all = wanted.map((_, i) => {
    const { name = "", email = null, answers = {} } = named[i] ?? {};
    return { name: i === 0 ? "" : name.trim(), email: i === 0 ? null : email?.trim() || null,
      ...(asksEach ? { answers: given(answers) } : {}) };
  });
  return asksEach || all.some((a) => a.name || a.email) ? all : [];
}

function Attendee({ number, type, value, each, onChange, refused }: {
  number: number; type: TicketType; value: OrderAttendee; each: readonly Question[]; onChange: (value: OrderAttendee) => void;
  refused: Record<string, string>;
}) {
  const id = useId();
  const intl = useIntl();
  return (
    <fieldset className="attendee">
      <legend>{number === 1 ? <FormattedMessage id="order.ticketYours" defaultMessage="Ticket 1: {type} (yours)" values={{ type: type.name }} />
        : <FormattedMessage id="order.ticketN" defaultMessage="Ticket {number}: {type}" values={{ number, type: type.name }} />}</legend>
      {number > 1 && <>
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
      </>}
      <QuestionFields questions={each} answers={value.answers ?? {}} onChange={(answers) => onChange({ ...value, answers })}
        refused={refusalsAt(refused, `attendees.${number - 1}.answers`)} />
    </fieldset>
  );
}

/** A fieldset per ticket: the buyer's own only when something is asked of each attendee. */
export function AttendeeFields({ wanted, named, each, onChange, refused = {} }: {
  wanted: readonly TicketType[]; named: readonly OrderAttendee[]; each: readonly Question[];
  onChange: (named: OrderAttendee[]) => void; refused?: Record<string, string>;
}) {
  if (wanted.length < 2 && each.length === 0) return null;
  return (
    <div className="attendees">
      {wanted.length > 1 && <p className="muted"><FormattedMessage id="order.firstIsYours" defaultMessage="The first ticket is yours. Whom are the others for?" /></p>}
      {wanted.map((type, i) => (i === 0 && each.length === 0 ? null
        : <Attendee key={i} number={i + 1} type={type} value={named[i] ?? { name: "" }} each={each} refused={refused} onChange={(value) => {
          const next = [...named];
          next[i] = value;
          onChange(next);
        }} />))}
    </div>
  );
}
