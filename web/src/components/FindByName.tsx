// The door's search by name: type part of a name, tap "Check in" (GET /events/{id}/arrivals). A
// ticket another door device let in shows as checked in here too: the live notification stream
// says so and the search is read again (useArrivals).
import { useId, useState } from "react";
import { FormattedMessage, useIntl } from "react-intl";

import { useArrivals, useCheckIn } from "../api/queries";
import { checkInSentence } from "../problems";
import { TicketBadge } from "./TicketBadge";

export function FindByName({ eventId }: { eventId: string }) {
  const id = useId();
  const intl = useIntl();
  const [q, setQ] = useState("");
  const found = useArrivals(eventId, q);
  const checkIn = useCheckIn(eventId);
  const items = q.trim() ? found.data?.items ?? [] : [];
  return (
    <div className="find-by-name">
      <label htmlFor={id}><FormattedMessage id="door.find" defaultMessage="Find by name" /></label>
      <input id={id} type="search" value={q} autoComplete="off" maxLength={100} onChange={(e) => setQ(e.target.value)} />
      {q.trim() && found.isSuccess && items.length === 0 && <p className="muted"><FormattedMessage id="door.nobody" defaultMessage="Nobody of that name has a ticket." /></p>}
      <ul className="arrivals">
        {items.map((ticket) => (
          <li key={ticket.id}>
            <strong>{ticket.name}</strong> <TicketBadge registration={ticket} />{" "}
            {ticket.status === "confirmed" && !ticket.checked_in_at && <button type="button" disabled={checkIn.isPending}
              onClick={() => checkIn.mutate({ ticket: ticket.id })}>
              {intl.formatMessage({ id: "door.checkIn", defaultMessage: "Check in {name}" }, { name: ticket.name })}</button>}
          </li>
        ))}
      </ul>
      {checkIn.error !== null && <p className="problem" role="alert">{checkInSentence(checkIn.error, intl)}</p>}
    </div>
  );
}
