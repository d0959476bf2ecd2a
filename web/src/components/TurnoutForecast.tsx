// The turnout forecast on the manage page (GET /events/{id}/forecast): expected check-ins and final
// sales, each with its 80% interval and the reasons in words.
import { FormattedMessage } from "react-intl";

import { useForecast } from "../api/queries";
import type { Forecast } from "../api/types";
import { Problem } from "./Problem";

type Interval = NonNullable<Forecast["final_sales"]>;

function range(i: Interval) {
  return { expected: Math.round(i.expected), low: Math.round(i.low), high: Math.round(i.high) };
}

export function TurnoutForecast({ eventId }: { eventId: string }) {
  const forecast = useForecast(eventId);
  if (forecast.isError) return <Problem error={forecast.error} />;
  if (!forecast.data) return null;
  const f = forecast.data;
  return (
    <section aria-labelledby="forecast-title">
      <h2 id="forecast-title"><FormattedMessage id="forecast.title" defaultMessage="Forecast" /></h2>
      <dl className="figures" data-testid="forecast">
        <dt><FormattedMessage id="forecast.door" defaultMessage="Expected at the door" /></dt>
        <dd><FormattedMessage id="forecast.doorValue" defaultMessage="{expected} (likely {low} to {high}) of {tickets} tickets"
          values={{ ...range(f.check_ins), tickets: f.tickets }} /></dd>
        {f.final_sales && <><dt><FormattedMessage id="forecast.sales" defaultMessage="Expected final sales" /></dt>
          <dd><FormattedMessage id="forecast.salesValue" defaultMessage="{expected} (likely {low} to {high}) tickets"
            values={range(f.final_sales)} /></dd></>}
      </dl>
      <ul className="muted">{f.explanation.map((line) => <li key={line}>{line}</li>)}</ul>
    </section>
  );
}
