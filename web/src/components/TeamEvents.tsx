// Where a member of an event's team finds it (docs/team.md): a panel on the event's page, and the
// list of the events they help run beside their own.
import { FormattedDate, FormattedMessage, useIntl } from "react-intl";
import { Link } from "react-router";

import { useMyTeams } from "../api/team";
import { to } from "../paths";
import { roleName } from "./roleName";

/** On an event's page, for a member of its team: their role and the way to the door. */
export function HelpingPanel({ eventId }: { eventId: string }) {
  const place = useMyTeams().data?.items.find((p) => p.event_id === eventId);
  const intl = useIntl();
  if (!place) return null;
  return (
    <section className="panel" aria-labelledby="helping-title">
      <h2 id="helping-title"><FormattedMessage id="team.youHelp" defaultMessage="You help run this event ({role})"
        values={{ role: roleName(place.role, intl) }} /></h2>
      <div className="actions">
        <Link className="button" to={to.manageEvent(eventId)}><FormattedMessage id="event.attendeesLink" defaultMessage="Attendees and check-in" /></Link>
        {place.role === "manager" && place.event.status === "scheduled" && <Link className="button secondary" to={to.editEvent(eventId)}>
          <FormattedMessage id="event.edit" defaultMessage="Edit" /></Link>}
      </div>
    </section>
  );
}

/** The events the signed-in person helps run, each with their role. */
export function TeamEvents() {
  const places = useMyTeams().data?.items ?? [];
  const intl = useIntl();
  if (places.length === 0) return null;
  return (
    <section aria-labelledby="team-events-title">
      <h2 id="team-events-title"><FormattedMessage id="team.events" defaultMessage="Events I help run" /></h2>
      <ul className="team-events">{places.map((place) => (
        <li key={place.event_id}>
          <Link to={to.manageEvent(place.event_id)}>{place.event.title}</Link>{" "}
          <span className="muted"><FormattedDate value={place.event.starts_at} dateStyle="medium" /> · {roleName(place.role, intl)}</span>
        </li>
      ))}</ul>
    </section>
  );
}
