import { useEffect, useState } from "react";
import { FormattedMessage, useIntl } from "react-intl";
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
import { formatLocale, useLanguage } from "../i18n";
import { money } from "../time";

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
      <p><TicketBadge registration={record} /></p>
      {record.status === "pending_payment" && returned === "success" && (
        <p role="status"><FormattedMessage id="ticket.thanks" defaultMessage="Thank you! Waiting for the payment to be confirmed…" /></p>
      )}
      {record.status === "pending_payment" && returned === "cancelled" && (
        <p role="status"><FormattedMessage id="ticket.leftCheckout" defaultMessage="You left the checkout without paying. Your seat stays held until the time below." /></p>
      )}
      {record.status === "pending_payment" && record.hold_expires_at && <Hold ticket={record} until={record.hold_expires_at} />}
      {record.status === "confirmed" && record.ticket_code && (
        <div className="ticket-code">
          <p><FormattedMessage id="tickets.code" defaultMessage="Code: {code}"
            values={{ code: <code data-testid="ticket-code">{record.ticket_code}</code> }} /></p>
          <QrCode value={record.ticket_code} label={intl.formatMessage({ id: "tickets.qr", defaultMessage: "QR code of your ticket {code}" }, { code: record.ticket_code })} />
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
  const { language } = useLanguage();
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const left = secondsLeft(until, now);
  return (
    <section className="panel" aria-labelledby="hold-title">
      <h2 id="hold-title"><FormattedMessage id="ticket.payToKeep" defaultMessage="Pay to keep your seat" /></h2>
      <p><FormattedMessage id="ticket.timeLeft" defaultMessage="Time left: {left} (until {until})" values={{
        left: <strong className="countdown" data-testid="countdown" aria-live="off">{countdown(left)}</strong>,
        until: <When iso={until} zone={ticket.event?.timezone ?? "UTC"} />,
      }} /></p>
      {left > 0 ? (
        <button type="button" disabled={checkout.isPending} onClick={() => checkout.mutate(ticket.id)}>
          {ticket.payment ? <FormattedMessage id="ticket.pay" defaultMessage="Pay {amount}"
            values={{ amount: money(ticket.payment.amount, ticket.payment.currency, formatLocale(language)) }} />
            : <FormattedMessage id="ticket.payNow" defaultMessage="Pay now" />}
        </button>
      ) : <p><FormattedMessage id="ticket.holdEnded" defaultMessage="The hold has ended; the seat goes back to sale in a moment." /></p>}
      <Problem error={checkout.error} />
    </section>
  );
}

function Receipt({ ticket }: { ticket: Registration }) {
  const payment = ticket.payment!;
  const zone = ticket.event?.timezone ?? "UTC";
  const intl = useIntl();
  const { language } = useLanguage();
  const said = paymentSentence(ticket);
  return (
    <section className="panel receipt" aria-labelledby="receipt-title">
      <h2 id="receipt-title">{payment.status === "open" ? <FormattedMessage id="receipt.payment" defaultMessage="Payment" /> : <FormattedMessage id="receipt.title" defaultMessage="Receipt" />}</h2>
      <p data-testid="payment-status">{said && intl.formatMessage(said)}</p>
      <dl>
        {payment.paid_at && <><dt><FormattedMessage id="receipt.number" defaultMessage="Receipt number" /></dt><dd><code>{payment.id}</code></dd></>}
        <dt><FormattedMessage id="receipt.amount" defaultMessage="Amount" /></dt><dd data-testid="receipt-amount">{money(payment.amount, payment.currency, formatLocale(language))}</dd>
        {payment.paid_at && <><dt><FormattedMessage id="receipt.paid" defaultMessage="Paid" /></dt><dd><When iso={payment.paid_at} zone={zone} /></dd></>}
        {payment.refunded_at && <><dt><FormattedMessage id="receipt.refunded" defaultMessage="Refunded" /></dt><dd><When iso={payment.refunded_at} zone={zone} /></dd></>}
      </dl>
    </section>
  );
}
