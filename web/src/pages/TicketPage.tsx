import { useEffect, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";

import { useCheckout, useTicket } from "../api/queries";
import type { Registration } from "../api/types";
import { CancelTicket } from "../components/CancelTicket";
import { When } from "../components/EventCard";
import { Loading, Problem } from "../components/Problem";
import { QrCode } from "../components/QrCode";
import { TicketBadge } from "../components/TicketBadge";
import { ROUTES, to } from "../paths";
import { countdown, paymentSentence, secondsLeft } from "../tickets";
import { money } from "../time";

const awaiting = (ticket: Registration) => ticket.status === "pending_payment" || ticket.payment?.status === "refund_pending";

/** One ticket: where a buyer comes back to from the checkout (?checkout=success|cancelled), the
 * countdown of a held seat, the receipt of a paid one. */
export default function TicketPage() {
  const { registrationId = "" } = useParams();
  const [params] = useSearchParams();
  const ticket = useTicket(registrationId, awaiting);
  if (ticket.isPending) return <Loading what="Loading your ticket" />;
  if (ticket.isError) return <Problem error={ticket.error} />;
  const record = ticket.data;
  const event = record.event;
  const returned = params.get("checkout");
  return (
    <article aria-labelledby="ticket-title" className="narrow">
      <p><Link to={ROUTES.tickets}>← My tickets</Link></p>
      <h1 id="ticket-title">{event ? <Link to={to.event(event.id)}>{event.title}</Link> : "Your ticket"}</h1>
      {event && <p><When iso={event.starts_at} zone={event.timezone} />{event.location && ` · ${event.location}`}</p>}
      <p><TicketBadge registration={record} /></p>
      {record.status === "pending_payment" && returned === "success" && (
        <p role="status">Thank you! Waiting for the payment to be confirmed…</p>
      )}
      {record.status === "pending_payment" && returned === "cancelled" && (
        <p role="status">You left the checkout without paying. Your seat stays held until the time below.</p>
      )}
      {record.status === "pending_payment" && record.hold_expires_at && <Hold ticket={record} until={record.hold_expires_at} />}
      {record.status === "confirmed" && record.ticket_code && (
        <div className="ticket-code">
          <p>Code: <code data-testid="ticket-code">{record.ticket_code}</code></p>
          <QrCode value={record.ticket_code} label={`QR code of your ticket ${record.ticket_code}`} />
        </div>
      )}
      {record.payment && <Receipt ticket={record} />}
      {record.status !== "cancelled" && <CancelTicket ticket={record} />}
    </article>
  );
}

function Hold({ ticket, until }: { ticket: Registration; until: string }) {
  const [now, setNow] = useState(() => Date.now());
  const checkout = useCheckout();
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const left = secondsLeft(until, now);
  return (
    <section className="panel" aria-labelledby="hold-title">
      <h2 id="hold-title">Pay to keep your seat</h2>
      <p>Time left: <strong className="countdown" data-testid="countdown" aria-live="off">{countdown(left)}</strong>
        {" "}(until <When iso={until} zone={ticket.event?.timezone ?? "UTC"} />)</p>
      {left > 0 ? (
        <button type="button" disabled={checkout.isPending} onClick={() => checkout.mutate(ticket.id)}>
          Pay {ticket.payment ? money(ticket.payment.amount, ticket.payment.currency) : "now"}
        </button>
      ) : <p>The hold has ended; the seat goes back to sale in a moment.</p>}
      <Problem error={checkout.error} />
    </section>
  );
}

function Receipt({ ticket }: { ticket: Registration }) {
  const payment = ticket.payment!;
  const zone = ticket.event?.timezone ?? "UTC";
  return (
    <section className="panel receipt" aria-labelledby="receipt-title">
      <h2 id="receipt-title">{payment.status === "open" ? "Payment" : "Receipt"}</h2>
      <p data-testid="payment-status">{paymentSentence(ticket)}</p>
      <dl>
        {payment.paid_at && <><dt>Receipt number</dt><dd><code>{payment.id}</code></dd></>}
        <dt>Amount</dt><dd data-testid="receipt-amount">{money(payment.amount, payment.currency)}</dd>
        {payment.paid_at && <><dt>Paid</dt><dd><When iso={payment.paid_at} zone={zone} /></dd></>}
        {payment.refunded_at && <><dt>Refunded</dt><dd><When iso={payment.refunded_at} zone={zone} /></dd></>}
      </dl>
    </section>
  );
}
