// The page a team invitation's link opens (docs/team.md): signed in (the sign-in page brings the
// person back here with the link's token), one tap takes the place, then the event's door.
import { FormattedMessage, useIntl } from "react-intl";
import { Link, useSearchParams } from "react-router";

import { useJoinTeam } from "../api/team";
import { Problem } from "../components/Problem";
import { roleName } from "../components/roleName";
import { to } from "../paths";

export default function JoinTeamPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const join = useJoinTeam();
  const intl = useIntl();
  const place = join.data;
  return (
    <section aria-labelledby="join-title">
      <h1 id="join-title"><FormattedMessage id="join.title" defaultMessage="Join an event's team" /></h1>
      {place ? <>
        <p className="success" role="status"><FormattedMessage id="join.done" defaultMessage="You are on the team of {title} as {role}."
          values={{ title: place.event.title, role: roleName(place.role, intl) }} /></p>
        <p><Link className="button" to={to.manageEvent(place.event_id)}><FormattedMessage id="event.attendeesLink" defaultMessage="Attendees and check-in" /></Link></p>
      </> : <>
        <p><FormattedMessage id="join.hint" defaultMessage="You were invited to help run an event. The link works once: join with this account?" /></p>
        <Problem error={join.error} />
        <button type="button" disabled={join.isPending || !token} onClick={() => join.mutate(token)}>
          <FormattedMessage id="join.button" defaultMessage="Join the team" /></button>
      </>}
    </section>
  );
}
