import { defineMessages, useIntl } from "react-intl";

import type { Registration } from "../api/types";
import { stateOf, type TicketState } from "../tickets";

const LABEL = defineMessages({
  checked_in: { id: "ticket.state.checked_in", defaultMessage: "Checked in" },
  confirmed: { id: "ticket.state.confirmed", defaultMessage: "Confirmed" },
  waitlisted: { id: "ticket.state.waitlisted", defaultMessage: "On the waitlist" },
  pending_payment: { id: "ticket.state.pending_payment", defaultMessage: "Awaiting payment" },
  cancelled: { id: "ticket.state.cancelled", defaultMessage: "Cancelled" },
}) satisfies Record<TicketState, unknown>;

export function TicketBadge({ registration }: { registration: Registration }) {
  const intl = useIntl();
  const state = stateOf(registration);
  return <span className={`tag tag-${state}`} data-testid="ticket-status">{intl.formatMessage(LABEL[state])}</span>;
}
