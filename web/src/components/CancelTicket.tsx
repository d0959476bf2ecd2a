import { FormattedMessage, useIntl } from "react-intl";

import { useCancelRegistration } from "../api/queries";
import type { Registration } from "../api/types";
import { Problem } from "./Problem";

/** Cancel a ticket or leave the waitlist, after asking; a paid ticket's question names the refund. */
export function CancelTicket({ ticket }: { ticket: Registration }) {
  const cancel = useCancelRegistration();
  const intl = useIntl();
  // a ticket used at the door is spent: the API refuses its cancel (ticket_used)
  if (ticket.checked_in_at) return null;
  const paid = ticket.payment?.status === "paid";
  const question = paid
    ? intl.formatMessage({ id: "cancel.askPaid", defaultMessage: "Cancel your ticket? You are refunded if the event's refund policy allows it now." })
    : intl.formatMessage({ id: "cancel.ask", defaultMessage: "Cancel your place at this event?" });
  return (
    <>
      <button type="button" className="secondary" disabled={cancel.isPending}
        onClick={() => { if (window.confirm(question)) cancel.mutate(ticket); }}>
        {ticket.status === "waitlisted" ? <FormattedMessage id="cancel.leave" defaultMessage="Leave the waitlist" />
          : <FormattedMessage id="cancel.ticket" defaultMessage="Cancel my ticket" />}
      </button>
      <Problem error={cancel.error} />
    </>
  );
}
