import { FormattedMessage, useIntl } from "react-intl";
import { useParams } from "react-router";

import { useEvents, useOrganizer } from "../api/queries";
import { EventCard } from "../components/EventCard";
import { Empty, Loading, Problem } from "../components/Problem";

/** An organizer's public page: their upcoming public events, for anyone. */
export default function OrganizerPage() {
  const { username = "" } = useParams();
  const organizer = useOrganizer(username);
  const intl = useIntl();
  if (organizer.isPending) return <Loading what={intl.formatMessage({ id: "organizer.loading", defaultMessage: "Loading the organiser" })} />;
  if (organizer.isError) return <Problem error={organizer.error} />;
  return <Events id={organizer.data.id} username={organizer.data.username} />;
}

function Events({ id, username }: { id: string; username: string }) {
  const events = useEvents({ organizer: id });
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  const intl = useIntl();
  return (
    <section aria-labelledby="organizer-title">
      <h1 id="organizer-title"><FormattedMessage id="organizer.title" defaultMessage="Events by @{username}" values={{ username }} /></h1>
      {events.isPending && <Loading what={intl.formatMessage({ id: "events.loading", defaultMessage: "Loading events" })} />}
      <Problem error={events.error} />
      {events.isSuccess && items.length === 0 && <Empty><FormattedMessage id="organizer.none" defaultMessage="No upcoming events from @{username}." values={{ username }} /></Empty>}
      <ul className="cards" aria-label={intl.formatMessage({ id: "events.list", defaultMessage: "Events" })}>
        {items.map((event) => <EventCard key={event.id} event={event} />)}
      </ul>
      {events.hasNextPage && (
        <button type="button" className="secondary" onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
          {events.isFetchingNextPage ? <FormattedMessage id="events.loadingMore" defaultMessage="Loading…" /> : <FormattedMessage id="events.more" defaultMessage="More events" />}
        </button>
      )}
    </section>
  );
}
