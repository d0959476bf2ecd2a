// The turnout forecast on the manage page (GET /events/{id}/forecast): expected check-ins and final
// sales, each with its 80% interval and the reasons in words.
import { useForecast } from "../api/queries";
import type { Forecast } from "../api/types";
import { Problem } from "./Problem";

function range(i: NonNullable<Forecast["final_sales"]>): string {
  return `${Math.round(i.expected)} (likely ${Math.round(i.low)} to ${Math.round(i.high)})`;
}

export function TurnoutForecast({ eventId }: { eventId: string }) {
  const forecast = useForecast(eventId);
  if (forecast.isError) return <Problem error={forecast.error} />;
  if (!forecast.data) return null;
  const f = forecast.data;
  return (
    <section aria-labelledby="forecast-title">
      <h2 id="forecast-title">Forecast</h2>
      <dl className="figures" data-testid="forecast">
        <dt>Expected at the door</dt><dd>{range(f.check_ins)} of {f.tickets} tickets</dd>
        {f.final_sales && <><dt>Expected final sales</dt><dd>{range(f.final_sales)} tickets</dd></>}
      </dl>
      <ul className="muted">{f.explanation.map((line) => <li key={line}>{line}</li>)}</ul>
    </section>
  );
}
