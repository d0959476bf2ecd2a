import { defineMessages, FormattedMessage, useIntl } from "react-intl";
import { Link } from "react-router";

import { useTickets } from "../api/queries";
import type { Registration } from "../api/types";
import { When } from "../components/EventCard";
import { Empty, Loading, Problem } from "../components/Problem";
import { QrCode } from "../components/QrCode";
import { TicketBadge } from "../components/TicketBadge";
import { ROUTES, to } from "../paths";
import { groupTickets, stateOf } from "../tickets";

export default function TicketsPage() {
  const intl = useIntl();
  const tickets = useTickets();
  const items = tickets.data?.pages.flatMap((p) => p.items) ?? [];
  const groups = groupTickets(items, Date.now());
  return (
    <section aria-labelledby="tickets-title">
      <h1 id="tickets-title"><FormattedMessage id="tickets.title" defaultMessage="My tickets" /></h1>
      {tickets.isPending && <Loading what={intl.formatMessage({ id: "tickets.loading", defaultMessage: "Loading your tickets" })} />}
      <Problem error={tickets.error} />
      {tickets.isSuccess && items.length === 0 && (
        <Empty><FormattedMessage id="tickets.none" defaultMessage="No tickets yet. <link>Find an event</link>."
          values={{ link: (chunks) => <Link to={ROUTES.events}>{chunks}</Link> }} /></Empty>
      )}
      {groups.map(({ name, tickets: group }) => (
        <section key={name} aria-labelledby={`tickets-${name}`}>
          <h2 id={`tickets-${name}`}>{intl.formatMessage(GROUP_TITLES[name])}</h2>
          <ul className="cards">
            {group.map((ticket) => <TicketCard key={ticket.id} ticket={ticket} />)}
          </ul>
        </section>
      ))}
      {tickets.hasNextPage && <button type="button" className="secondary" onClick={() => void tickets.fetchNextPage()}>
        <FormattedMessage id="tickets.more" defaultMessage="More tickets" /></button>}
    </section>
  );
}

const GROUP_TITLES = defineMessages({
  upcoming: { id: "tickets.group.upcoming", defaultMessage: "Upcoming" },
  past: { id: "tickets.group.past", defaultMessage: "Past" },
  cancelled: { id: "tickets.group.cancelled", defaultMessage: "Cancelled" },
});

function TicketCard({ ticket }: { ticket: Registration }) {
  const intl = useIntl();
  const state = stateOf(ticket);
  const event = ticket.event;
  return (
    <li className="card ticket" data-testid="ticket" data-event={ticket.event_id}>
      <div>
        <h3 className="card-title">{event ? <Link to={to.event(event.id)}>{event.title}</Link>
          : <FormattedMessage id="tickets.anEvent" defaultMessage="An event" />}</h3>
        {event && <p><When iso={event.starts_at} zone={event.timezone} />{event.location && ` · ${event.location}`}</p>}
        <p><TicketBadge registration={ticket} />{event?.status === "cancelled" && (
          <span className="tag tag-bad"><FormattedMessage id="tickets.eventCancelled" defaultMessage="Event cancelled" /></span>
        )}</p>
        {state === "confirmed" && ticket.ticket_code && (
          <p><FormattedMessage id="tickets.code" defaultMessage="Code: {code}"
            values={{ code: <code data-testid="ticket-code">{ticket.ticket_code}</code> }} /></p>
        )}
      </div>
      {state === "confirmed" && ticket.ticket_code && (
        <QrCode value={ticket.ticket_code} label={intl.formatMessage(
          { id: "tickets.qr", defaultMessage: "QR code of your ticket {code}" }, { code: ticket.ticket_code })} />
      )}
    </li>
  );
}
