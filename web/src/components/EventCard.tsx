import { Link } from "react-router";

import type { EventRecord } from "../api/types";
import { to } from "../paths";
import { Cover } from "./Cover";
import { eventTimes, money } from "../time";

export function Seats({ event }: { event: EventRecord }) {
  if (event.status === "cancelled") return <span className="tag tag-bad">Cancelled</span>;
  if (event.seats_left === 0) {
    return <span className="tag tag-warn">Full{event.waitlist_count ? ` · ${event.waitlist_count} waiting` : ""}</span>;
  }
  return <span className="tag tag-ok">{event.seats_left} of {event.capacity} {event.capacity === 1 ? "seat" : "seats"} left</span>;
}

export function Price({ event }: { event: EventRecord }) {
  return <span>{event.price === 0 ? "Free" : money(event.price, event.currency)}</span>;
}

export function When({ iso, zone }: { iso: string; zone: string }) {
  const { there, here } = eventTimes(iso, zone);
  return (
    <span className="when">
      <time dateTime={iso}>{there}</time>
      {here && <span className="muted"> · your time {here}</span>}
    </span>
  );
}

export function EventCard({ event }: { event: EventRecord }) {
  return (
    <li className={event.image ? "card with-cover" : "card"}>
      <div>
        <h2 className="card-title"><Link to={to.event(event.id)}>{event.title}</Link></h2>
        <p><When iso={event.starts_at} zone={event.timezone} /></p>
        <p className="meta">
          {event.location && <span>{event.location}</span>}
          <Price event={event} />
          <Seats event={event} />
        </p>
      </div>
      {/* a thumbnail column: 6rem on a phone, 10rem wider (styles.css) */}
      <Cover event={event} className="card-cover" sizes="(min-width: 40rem) 10rem, 6rem" />
    </li>
  );
}
