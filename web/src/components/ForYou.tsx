// "For you" on the home page (GET /events/recommended): each pick says why it is there, and
// "Not interested" removes it for good (and steers the next picks away from events like it).
import { Link } from "react-router";

import { useNotInterested, useRecommended } from "../api/queries";
import { ROUTES } from "../paths";
import { useSession } from "../session";
import { EventCard } from "./EventCard";
import { Problem } from "./Problem";

export function ForYou() {
  const { session } = useSession();
  const picks = useRecommended(session !== null);
  const hide = useNotInterested();
  if (!session || !picks.data || picks.data.items.length === 0) return <Problem error={picks.error} />;
  return (
    <section aria-labelledby="for-you-title" className="for-you">
      <h2 id="for-you-title">For you</h2>
      <ul className="cards" aria-label="Recommended events">
        {picks.data.items.map(({ event, reason }) => (
          <EventCard key={event.id} event={event} level={3} note={<p className="reason">{reason.text}</p>}>
            <button type="button" className="secondary" disabled={hide.isPending}
              onClick={() => hide.mutate(event.id)} aria-label={`Not interested in ${event.title}`}>
              Not interested
            </button>
          </EventCard>
        ))}
      </ul>
      <Problem error={hide.error} />
      <p className="muted"><Link to={ROUTES.account}>Choose your interests</Link>, or turn personal picks off.</p>
    </section>
  );
}
