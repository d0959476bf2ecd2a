// What the reviews of an event say, for its organizer (GET /events/{id}/insight), or of all their
// events of the last year (GET /events/insight, without `eventId`): the stars, the tone, and the
// words that set the praised apart from the criticised, each with a sentence.
import type { ReactNode } from "react";
import { FormattedMessage } from "react-intl";

import { useInsight } from "../api/queries";
import type { Insight } from "../api/types";
import { Problem } from "./Problem";

export function ReviewInsight({ eventId }: { eventId?: string }) {
  const insight = useInsight(eventId);
  if (insight.isError) return <Problem error={insight.error} />;
  if (!insight.data || insight.data.reviews === 0) return null;
  const { reviews, ratings, tones, judged_by_text: byText, praised, criticised } = insight.data;
  return (
    <section aria-labelledby="insight-title">
      <h2 id="insight-title">{eventId ? <FormattedMessage id="insight.title" defaultMessage="What the reviews say" />
        : <FormattedMessage id="insight.titleAll" defaultMessage="What the reviews of your events say" />}</h2>
      <p><FormattedMessage id="insight.tones"
        defaultMessage="{reviews, plural, one {# review} other {# reviews}}: {positive} positive, {neutral} neutral, {negative} negative ({byText} judged by their English text, the others by their stars)."
        values={{ reviews, positive: tones.positive, neutral: tones.neutral, negative: tones.negative, byText }} /></p>
      <div className="table-wrap">
        <table>
          <caption><FormattedMessage id="insight.byStars" defaultMessage="Reviews by stars" /></caption>
          <thead><tr>{[5, 4, 3, 2, 1].map((s) => <th key={s} scope="col">{s} ★</th>)}</tr></thead>
          <tbody><tr>{[5, 4, 3, 2, 1].map((s) => <td key={s}>{ratings[String(s)] ?? 0}</td>)}</tr></tbody>
        </table>
      </div>
      <Themes title={<FormattedMessage id="insight.praised" defaultMessage="Praised in 4-5 star reviews" />} themes={praised} />
      <Themes title={<FormattedMessage id="insight.criticised" defaultMessage="Criticised in 1-2 star reviews" />} themes={criticised} />
    </section>
  );
}

function Themes({ title, themes }: { title: ReactNode; themes: Insight["praised"] }) {
  if (themes.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul>{themes.map((t) => <li key={t.term}><strong>{t.term}</strong>{t.example && <>: “{t.example}”</>}</li>)}</ul>
    </>
  );
}
