import { useState } from "react";
import { FormattedMessage, useIntl } from "react-intl";
import { Link, useParams, useSearchParams } from "react-router";

import { useCancelOrder, useOrder, usePassOn, useTicketTypes } from "../api/queries";
import type { Order, Registration } from "../api/types";
import { When } from "../components/EventCard";
import { Hold, Receipt } from "../components/PaymentPanels";
import { Loading, Problem } from "../components/Problem";
import { AnswerList } from "../components/AnswerList";
import { CancelTicket } from "../components/CancelTicket";
import { TicketCode } from "../components/QrCode";
import { TicketBadge } from "../components/TicketBadge";
import { ROUTES, to } from "../paths";
import { formatLocale, useLanguage } from "../i18n";
import { money } from "../time";

/** An order as its buyer keeps it: every ticket with its QR and whom it is for, the hold and its
 * payment (one for the whole order), passing a ticket on, and cancelling the order. */
export default function OrderPage() {
  const { orderId = "" } = useParams();
  const [params] = useSearchParams();
  const order = useOrder(orderId);
  const intl = useIntl();
  const { language } = useLanguage();
  if (order.isPending) return <Loading what={intl.formatMessage({ id: "order.loading", defaultMessage: "Loading your order" })} />;
  if (order.isError) return <Problem error={order.error} />;
  const record = order.data;
  const tickets = record.tickets ?? [];
  const event = record.event;
  // the first ticket carries the order's hold and payment (its checkout is the order's)
  const first: Registration | undefined = tickets[0] && { ...tickets[0], ...(event ? { event } : {}),
    ...(record.payment ? { payment: record.payment } : {}) };
  const held = first?.status === "pending_payment";
  return (
    <article aria-labelledby="order-title" className="narrow">
      <p><Link to={ROUTES.tickets}>← <FormattedMessage id="nav.tickets" defaultMessage="My tickets" /></Link></p>
      <h1 id="order-title">{event ? <Link to={to.event(event.id)}>{event.title}</Link> : <FormattedMessage id="order.title" defaultMessage="Your order" />}</h1>
      {event && <p><When iso={event.starts_at} zone={event.timezone} />{event.location && ` · ${event.location}`}</p>}
      <p><FormattedMessage id="order.summary" defaultMessage="{count, plural, one {# ticket} other {# tickets}} · {total}" values={{
        count: record.ticket_count,
        total: record.amount === 0 ? intl.formatMessage({ id: "price.free", defaultMessage: "Free" })
          : money(record.amount, record.currency, formatLocale(language)),
      }} /></p>
      {held && params.get("checkout") === "success" && (
        <p role="status"><FormattedMessage id="ticket.thanks" defaultMessage="Thank you! Waiting for the payment to be confirmed…" /></p>
      )}
      {held && first.hold_expires_at && <Hold ticket={first} until={first.hold_expires_at} />}
      <AnswerList eventId={record.event_id} answers={record.answers} />
      <ol className="order-tickets">
        {tickets.map((ticket, i) => <TicketItem key={ticket.id} order={record} ticket={ticket} number={i + 1} />)}
      </ol>
      {first?.payment && <Receipt ticket={first} />}
      <CancelOrder order={record} />
    </article>
  );
}

function TicketItem({ order, ticket, number }: { order: Order; ticket: Registration; number: number }) {
  const intl = useIntl();
  const types = useTicketTypes(order.event_id).data?.items ?? [];
  const type = types.find((t) => t.id === ticket.ticket_type_id);
  const whom = ticket.attendee_name || (number === 1 || !ticket.attendee_email
    ? intl.formatMessage({ id: "order.you", defaultMessage: "You" }) : ticket.attendee_email);
  return (
    <li className="panel" aria-labelledby={`ticket-${ticket.id}`}>
      <h2 id={`ticket-${ticket.id}`}><FormattedMessage id="order.ticketFor" defaultMessage="Ticket {number} · {whom}"
        values={{ number, whom }} /></h2>
      <p>{type && <>{type.name} · </>}<TicketBadge registration={ticket} />
        {ticket.attendee_email && <span className="muted"> · {ticket.attendee_email}</span>}</p>
      <AnswerList eventId={order.event_id} answers={ticket.answers} />
      {ticket.status === "confirmed" && ticket.ticket_code && <TicketCode code={ticket.ticket_code} />}
      {ticket.status !== "cancelled" && !ticket.checked_in_at && <PassOn orderId={order.id} ticket={ticket} />}
      {/* one ticket leaves a settled order alone (a paid one gets its share back by the policy);
          the first stands for the order: cancel the whole order instead */}
      {number > 1 && ticket.status === "confirmed" && (!order.payment || order.payment.status === "paid")
        && <CancelTicket ticket={{ ...ticket, ...(order.payment ? { payment: order.payment } : {}) }} />}
      {ticket.refunded_at && <p className="muted"><FormattedMessage id="order.ticketRefunded" defaultMessage="Its share was refunded." /></p>}
    </li>
  );
}

/** Name someone else for a ticket: it gets a new code, mailed to them. */
function PassOn({ orderId, ticket }: { orderId: string; ticket: Registration }) {
  const pass = usePassOn(orderId);
  const [name, setName] = useState(ticket.attendee_name);
  const [email, setEmail] = useState(ticket.attendee_email);
  const [open, setOpen] = useState(false); // the form exists only while open: nothing hidden takes focus
  return (
    <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary><FormattedMessage id="order.passOn" defaultMessage="Pass this ticket on" /></summary>
      {open && <form noValidate onSubmit={(e) => {
        e.preventDefault();
        pass.mutate({ ticket: ticket.id, to: { name: name.trim(), email: email.trim() || null } });
      }}>
        <div className="field">
          <label htmlFor={`${ticket.id}-name`}><FormattedMessage id="order.attendeeName" defaultMessage="Name (optional)" /></label>
          <input id={`${ticket.id}-name`} maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${ticket.id}-email`}><FormattedMessage id="order.attendeeEmail" defaultMessage="Email (optional): we mail them the ticket" /></label>
          <input id={`${ticket.id}-email`} type="email" maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <p className="hint"><FormattedMessage id="order.newCode" defaultMessage="The ticket gets a new code: the old one no longer opens the door." /></p>
        <Problem error={pass.error} />
        {pass.isSuccess && <p role="status"><FormattedMessage id="order.passed" defaultMessage="Done: the ticket is theirs." /></p>}
        <button type="submit" className="secondary" disabled={pass.isPending}><FormattedMessage id="order.save" defaultMessage="Save" /></button>
      </form>}
    </details>
  );
}

function CancelOrder({ order }: { order: Order }) {
  const cancel = useCancelOrder(order.id);
  const intl = useIntl();
  const standing = (order.tickets ?? []).filter((t) => t.status !== "cancelled");
  if (standing.length === 0 || standing.some((t) => t.checked_in_at)) return null;
  const question = order.payment?.status === "paid"
    ? intl.formatMessage({ id: "order.cancelAskPaid", defaultMessage: "Cancel every ticket of this order? You are refunded if the event's refund policy allows it now." })
    : intl.formatMessage({ id: "order.cancelAsk", defaultMessage: "Cancel every ticket of this order?" });
  return (
    <>
      <button type="button" className="secondary" disabled={cancel.isPending}
        onClick={() => { if (window.confirm(question)) cancel.mutate(undefined); }}>
        <FormattedMessage id="order.cancel" defaultMessage="Cancel the order" />
      </button>
      <Problem error={cancel.error} />
    </>
  );
}
