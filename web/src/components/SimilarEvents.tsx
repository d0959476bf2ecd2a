// Events like this one (GET /events/{id}/similar), under an event's page: nearest in content, and
// where its people also go.
import { FormattedMessage } from "react-intl";
import { Link } from "react-router";

import { useSimilar } from "../api/queries";
import { to } from "../paths";
import { When } from "./EventCard";

export function SimilarEvents({ eventId }: { eventId: string }) {
  const similar = useSimilar(eventId);
  const items = similar.data?.items ?? [];
  if (items.length === 0) return null; // nothing like it yet, or the read failed: nothing to show
  return (
    <section aria-labelledby="similar-title">
      <h2 id="similar-title"><FormattedMessage id="similar.title" defaultMessage="Similar events" /></h2>
      <ul className="similar">
        {items.map((event) => (
          <li key={event.id}>
            <Link to={to.event(event.id)}>{event.title}</Link>{" "}
            <When iso={event.starts_at} zone={event.timezone} />
          </li>
        ))}
      </ul>
    </section>
  );
}
