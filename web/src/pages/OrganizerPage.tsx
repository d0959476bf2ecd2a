import { useParams } from "react-router";

import { useEvents, useOrganizer } from "../api/queries";
import { EventCard } from "../components/EventCard";
import { Empty, Loading, Problem } from "../components/Problem";

/** An organizer's public page: their upcoming public events, for anyone. */
export default function OrganizerPage() {
  const { username = "" } = useParams();
  const organizer = useOrganizer(username);
  if (organizer.isPending) return <Loading what="Loading the organiser" />;
  if (organizer.isError) return <Problem error={organizer.error} />;
  return <Events id={organizer.data.id} username={organizer.data.username} />;
}

function Events({ id, username }: { id: string; username: string }) {
  const events = useEvents({ organizer: id });
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="organizer-title">
      <h1 id="organizer-title">Events by @{username}</h1>
      {events.isPending && <Loading what="Loading events" />}
      <Problem error={events.error} />
      {events.isSuccess && items.length === 0 && <Empty>No upcoming events from @{username}.</Empty>}
      <ul className="cards" aria-label="Events">
        {items.map((event) => <EventCard key={event.id} event={event} />)}
      </ul>
      {events.hasNextPage && (
        <button type="button" className="secondary" onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
          {events.isFetchingNextPage ? "Loading…" : "More events"}
        </button>
      )}
    </section>
  );
}
