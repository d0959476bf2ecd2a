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
  const tickets = useTickets();
  const items = tickets.data?.pages.flatMap((p) => p.items) ?? [];
  const groups = groupTickets(items, Date.now());
  return (
    <section aria-labelledby="tickets-title">
      <h1 id="tickets-title">My tickets</h1>
      {tickets.isPending && <Loading what="Loading your tickets" />}
      <Problem error={tickets.error} />
      {tickets.isSuccess && items.length === 0 && <Empty>No tickets yet. <Link to={ROUTES.events}>Find an event</Link>.</Empty>}
      {groups.map(({ name, tickets: group }) => (
        <section key={name} aria-labelledby={`tickets-${name}`}>
          <h2 id={`tickets-${name}`}>{GROUP_TITLES[name]}</h2>
          <ul className="cards">
            {group.map((ticket) => <TicketCard key={ticket.id} ticket={ticket} />)}
          </ul>
        </section>
      ))}
      {tickets.hasNextPage && <button type="button" className="secondary" onClick={() => void tickets.fetchNextPage()}>More tickets</button>}
    </section>
  );
}

const GROUP_TITLES = { upcoming: "Upcoming", past: "Past", cancelled: "Cancelled" } as const;

function TicketCard({ ticket }: { ticket: Registration }) {
  const state = stateOf(ticket);
  const event = ticket.event;
  return (
    <li className="card ticket" data-testid="ticket" data-event={ticket.event_id}>
      <div>
        <h3 className="card-title">{event ? <Link to={to.event(event.id)}>{event.title}</Link> : "An event"}</h3>
        {event && <p><When iso={event.starts_at} zone={event.timezone} />{event.location && ` · ${event.location}`}</p>}
        <p><TicketBadge registration={ticket} />{event?.status === "cancelled" && <span className="tag tag-bad">Event cancelled</span>}</p>
        {state === "confirmed" && ticket.ticket_code && (
          <p>Code: <code data-testid="ticket-code">{ticket.ticket_code}</code></p>
        )}
      </div>
      {state === "confirmed" && ticket.ticket_code && (
        <QrCode value={ticket.ticket_code} label={`QR code of your ticket ${ticket.ticket_code}`} />
      )}
    </li>
  );
}
