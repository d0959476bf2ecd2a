import type { ReactNode } from "react";
import { FormattedMessage } from "react-intl";
import { Link } from "react-router";

import type { EventRecord } from "../api/types";
import { formatLocale, useLanguage } from "../i18n";
import { to } from "../paths";
import { Cover } from "./Cover";
import { daysUntil, eventTimes, money, relativeDays } from "../time";

export function Seats({ event }: { event: EventRecord }) {
  if (event.status === "cancelled") {
    return <span className="tag tag-bad"><FormattedMessage id="seats.cancelled" defaultMessage="Cancelled" /></span>;
  }
  if (event.seats_left === 0) {
    return (
      <span className="tag tag-warn">
        <FormattedMessage id="seats.full" defaultMessage="Full{waiting, plural, =0 {} other { · # waiting}}"
          values={{ waiting: event.waitlist_count }} />
      </span>
    );
  }
  return (
    <span className="tag tag-ok">
      <FormattedMessage id="seats.left" defaultMessage="{left} of {capacity, plural, one {# seat} other {# seats}} left"
        values={{ left: event.seats_left, capacity: event.capacity }} />
    </span>
  );
}

export function Price({ event }: { event: EventRecord }) {
  const { language } = useLanguage();
  return (
    <span>{event.price === 0 ? <FormattedMessage id="price.free" defaultMessage="Free" />
      : money(event.price, event.currency, formatLocale(language))}</span>
  );
}

/** A time in the event's zone, and the reader's when it differs; `soon`: how many days off it is. */
export function When({ iso, zone, soon = false }: { iso: string; zone: string; soon?: boolean }) {
  const { language } = useLanguage();
  const { there, here } = eventTimes(iso, zone, undefined, formatLocale(language));
  const days = soon ? daysUntil(iso, zone, Date.now()) : null;
  return (
    <span className="when">
      <time dateTime={iso}>{there}</time>
      {days !== null && <span className="muted"> · {relativeDays(days, language)}</span>}
      {here && <span className="muted"> · <FormattedMessage id="when.yours" defaultMessage="your time {time}" values={{ time: here }} /></span>}
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
        <p><When iso={event.starts_at} zone={event.timezone} soon /></p>
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
