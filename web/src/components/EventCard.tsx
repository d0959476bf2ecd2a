import type { ReactNode } from "react";
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

/** One event in a list; `level` is its title's heading level, `note` a line under the title and
 * `children` what follows the card's details (a recommendation's reason and its button). */
export function EventCard({ event, level = 2, note, children }:
  { event: EventRecord; level?: 2 | 3; note?: ReactNode; children?: ReactNode }) {
  const Title = level === 2 ? "h2" : "h3";
  return (
    <li className={event.image ? "card with-cover" : "card"}>
      <div>
        <Title className="card-title"><Link to={to.event(event.id)}>{event.title}</Link></Title>
        {note}
        <p><When iso={event.starts_at} zone={event.timezone} /></p>
        <p className="meta">
          {event.location && <span>{event.location}</span>}
          <Price event={event} />
          <Seats event={event} />
        </p>
        {children}
      </div>
      {/* a thumbnail column: 6rem on a phone, 10rem wider (styles.css) */}
      <Cover event={event} className="card-cover" sizes="(min-width: 40rem) 10rem, 6rem" />
    </li>
  );
}
