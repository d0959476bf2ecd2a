// "For you" on the home page (GET /events/recommended): each pick says why it is there, and
// "Not interested" removes it for good (and steers the next picks away from events like it).
import { defineMessages, FormattedMessage, type IntlShape, type MessageDescriptor, useIntl } from "react-intl";
import { Link } from "react-router";

import { useNotInterested, useRecommended } from "../api/queries";
import type { Recommendation } from "../api/types";
import { ROUTES } from "../paths";
import { useSession } from "../session";
import { EventCard } from "./EventCard";
import { Problem } from "./Problem";

export function ForYou() {
  const intl = useIntl();
  const { session } = useSession();
  const picks = useRecommended(session !== null);
  const hide = useNotInterested();
  if (!session || !picks.data || picks.data.items.length === 0) return <Problem error={picks.error} />;
  return (
    <section aria-labelledby="for-you-title" className="for-you">
      <h2 id="for-you-title"><FormattedMessage id="forYou.title" defaultMessage="For you" /></h2>
      <ul className="cards" aria-label={intl.formatMessage({ id: "forYou.list", defaultMessage: "Recommended events" })}>
        {picks.data.items.map(({ event, reason }) => (
          <EventCard key={event.id} event={event} level={3} note={<p className="reason">{reasonText(intl, reason)}</p>}>
            <button type="button" className="secondary" disabled={hide.isPending} onClick={() => hide.mutate(event.id)}
              aria-label={intl.formatMessage({ id: "forYou.hideLabel", defaultMessage: "Not interested in {title}" },
                { title: event.title })}>
              <FormattedMessage id="forYou.hide" defaultMessage="Not interested" />
            </button>
          </EventCard>
        ))}
      </ul>
      <Problem error={hide.error} />
      <p className="muted">
        <FormattedMessage id="forYou.interests" defaultMessage="<link>Choose your interests</link>, or turn personal picks off."
          values={{ link: (chunks) => <Link to={ROUTES.account}>{chunks}</Link> }} />
      </p>
    </section>
  );
}

const REASONS = defineMessages({
  went: { id: "reason.went", defaultMessage: "Because you went to {about}" },
  interest: { id: "reason.interest", defaultMessage: "You follow {about}" },
  popular_near: { id: "reason.popularNear", defaultMessage: "Popular in {about} this week" },
  popular: { id: "reason.popular", defaultMessage: "Popular this week" },
  soon: { id: "reason.soon", defaultMessage: "Coming up" },
}) satisfies Record<Recommendation["reason"]["code"], unknown>;

/** A pick's reason in the reader's language, from its code (the API's `text` is English). */
function reasonText(intl: IntlShape, reason: Recommendation["reason"]): string {
  const about = reason.code === "popular_near" ? reason.about.replace(/-/g, " ").replace(/\b\w/g, (c) => c.toUpperCase())
    : reason.about;
  return intl.formatMessage(REASONS[reason.code] as MessageDescriptor, { about });
}
