// A held seat's countdown with its pay button, and a payment's receipt: of one ticket, or of an
// order (its first ticket carries the order's payment; its checkout is the order's).
import { useEffect, useState } from "react";
import { FormattedMessage, useIntl } from "react-intl";

import { useCheckout } from "../api/queries";
import type { Registration } from "../api/types";
import { formatLocale, useLanguage } from "../i18n";
import { countdown, paymentSentence, secondsLeft } from "../tickets";
import { money } from "../time";
import { When } from "./EventCard";
import { Problem } from "./Problem";

export function Hold({ ticket, until }: { ticket: Registration; until: string }) {
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

export function Receipt({ ticket }: { ticket: Registration }) {
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
