import { FormattedMessage, useIntl } from "react-intl";
import { Link, useParams, useSearchParams } from "react-router";

import { useTicket } from "../api/queries";
import type { Registration } from "../api/types";
import { CancelTicket } from "../components/CancelTicket";
import { When } from "../components/EventCard";
import { Loading, Problem } from "../components/Problem";
import { TicketCode } from "../components/QrCode";
import { TicketBadge } from "../components/TicketBadge";
import { Hold, Receipt } from "../components/PaymentPanels";
import { ROUTES, to } from "../paths";

const awaiting = (ticket: Registration) => ticket.status === "pending_payment" || ticket.payment?.status === "refund_pending";

/** One ticket: where a buyer comes back to from the checkout (?checkout=success|cancelled), the
 * countdown of a held seat, the receipt of a paid one. */
export default function TicketPage() {
  const { registrationId = "" } = useParams();
  const [params] = useSearchParams();
  const ticket = useTicket(registrationId, awaiting);
  const intl = useIntl();
  if (ticket.isPending) return <Loading what={intl.formatMessage({ id: "ticket.loading", defaultMessage: "Loading your ticket" })} />;
  if (ticket.isError) return <Problem error={ticket.error} />;
  const record = ticket.data;
  const event = record.event;
  const returned = params.get("checkout");
  return (
    <article aria-labelledby="ticket-title" className="narrow">
      <p><Link to={ROUTES.tickets}>← <FormattedMessage id="nav.tickets" defaultMessage="My tickets" /></Link></p>
      <h1 id="ticket-title">{event ? <Link to={to.event(event.id)}>{event.title}</Link> : <FormattedMessage id="event.yourTicket" defaultMessage="Your ticket" />}</h1>
      {event && <p><When iso={event.starts_at} zone={event.timezone} />{event.location && ` · ${event.location}`}</p>}
      <p><TicketBadge registration={record} />
        {record.order_id && <>{" "}<Link to={to.order(record.order_id)}><FormattedMessage id="ticket.ofOrder" defaultMessage="The whole order" /></Link></>}</p>
      {record.attendee_name && <p><FormattedMessage id="ticket.for" defaultMessage="For {name}" values={{ name: record.attendee_name }} /></p>}
      {record.status === "pending_payment" && returned === "success" && (
        <p role="status"><FormattedMessage id="ticket.thanks" defaultMessage="Thank you! Waiting for the payment to be confirmed…" /></p>
      )}
      {record.status === "pending_payment" && returned === "cancelled" && (
        <p role="status"><FormattedMessage id="ticket.leftCheckout" defaultMessage="You left the checkout without paying. Your seat stays held until the time below." /></p>
      )}
      {record.status === "pending_payment" && record.hold_expires_at && <Hold ticket={record} until={record.hold_expires_at} />}
      {record.status === "confirmed" && record.ticket_code && <TicketCode code={record.ticket_code} />}
      {record.payment && <Receipt ticket={record} />}
      {record.status !== "cancelled" && <CancelTicket ticket={record} />}
    </article>
  );
}
