// An event's dashboard (its organizer's manage page): tickets held by the day they were taken, as
// bars, the running total as a line, and the same figures as a table for screen readers and for
// reading exact values. SVG by hand: two shapes, smaller than any chart library.
import { FormattedMessage, useIntl } from "react-intl";

import { useDashboard } from "../api/queries";
import type { Dashboard } from "../api/types";
import { formatLocale, useLanguage } from "../i18n";
import { money } from "../time";
import { Problem } from "./Problem";

const WIDTH = 600;
const HEIGHT = 160;
const PAD = 24;

export function SalesDashboard({ eventId }: { eventId: string }) {
  const board = useDashboard(eventId);
  const { language } = useLanguage();
  if (board.isError) return <Problem error={board.error} />;
  if (!board.data) return null;
  const { confirmed, checked_in: checkedIn, days, currency } = board.data;
  return (
    <section aria-labelledby="dashboard-title">
      <h2 id="dashboard-title"><FormattedMessage id="dashboard.title" defaultMessage="Sales over time" /></h2>
      <p>
        <label htmlFor="door-progress"><FormattedMessage id="dashboard.door" defaultMessage="At the door: {checkedIn} of {confirmed} checked in"
          values={{ checkedIn, confirmed }} /></label>{" "}
        <progress id="door-progress" max={Math.max(confirmed, 1)} value={checkedIn} />
      </p>
      {days.length > 0 ? <Chart days={days} /> : <p><FormattedMessage id="dashboard.none" defaultMessage="No tickets taken yet." /></p>}
      {board.data.types.length > 1 && <ByType board={board.data} />}
      <ByCode board={board.data} />
      {days.length > 0 && (
        <details>
          <summary><FormattedMessage id="dashboard.asTable" defaultMessage="The figures as a table" /></summary>
          <div className="table-wrap">
            <table>
              <caption><FormattedMessage id="dashboard.caption" defaultMessage="Tickets held, by the day they were taken ({zone})"
                values={{ zone: board.data.timezone }} /></caption>
              <thead><tr>
                <th scope="col"><FormattedMessage id="dashboard.day" defaultMessage="Day" /></th>
                <th scope="col"><FormattedMessage id="dashboard.tickets" defaultMessage="Tickets" /></th>
                <th scope="col"><FormattedMessage id="dashboard.inAll" defaultMessage="In all" /></th>
                <th scope="col"><FormattedMessage id="dashboard.paid" defaultMessage="Paid" /></th>
              </tr></thead>
              <tbody>{days.map((d) => (
                <tr key={d.day}><th scope="row">{d.day}</th><td>{d.tickets}</td><td>{d.cumulative}</td><td>{money(d.revenue, currency, formatLocale(language))}</td></tr>
              ))}</tbody>
            </table>
          </div>
        </details>
      )}
    </section>
  );
}

/** Each ticket type's figures: confirmed, held for a payment, left, and the money paid. */
function ByType({ board }: { board: Dashboard }) {
  const { language } = useLanguage();
  return (
    <div className="table-wrap">
      <table>
        <caption><FormattedMessage id="dashboard.byType" defaultMessage="By ticket type" /></caption>
        <thead><tr>
          <th scope="col"><FormattedMessage id="types.name" defaultMessage="Name" /></th>
          <th scope="col"><FormattedMessage id="dashboard.confirmed" defaultMessage="Confirmed" /></th>
          <th scope="col"><FormattedMessage id="dashboard.held" defaultMessage="Held for payment" /></th>
          <th scope="col"><FormattedMessage id="types.leftTitle" defaultMessage="Left" /></th>
          <th scope="col"><FormattedMessage id="dashboard.paid" defaultMessage="Paid" /></th>
        </tr></thead>
        <tbody>{board.types.map((t) => (
          <tr key={t.id}><th scope="row">{t.name}</th><td>{t.confirmed}</td><td>{t.held}</td><td>{t.left}</td>
            <td>{money(t.revenue, board.currency, formatLocale(language))}</td></tr>
        ))}</tbody>
      </table>
    </div>
  );
}

/** Each promo or access code's uses: tickets held or confirmed with it, of its limit. */
function ByCode({ board }: { board: Dashboard }) {
  if (board.codes.length === 0) return null;
  return (
    <div className="table-wrap">
      <table>
        <caption><FormattedMessage id="dashboard.byCode" defaultMessage="Promo and access codes" /></caption>
        <thead><tr>
          <th scope="col"><FormattedMessage id="codes.code" defaultMessage="Code" /></th>
          <th scope="col"><FormattedMessage id="codes.used" defaultMessage="Used" /></th>
          <th scope="col"><FormattedMessage id="dashboard.codeLimit" defaultMessage="Of" /></th>
        </tr></thead>
        <tbody>{board.codes.map((c) => (
          <tr key={c.code}><th scope="row"><code>{c.code}</code></th><td>{c.used}</td><td>{c.max_uses ?? "—"}</td></tr>
        ))}</tbody>
      </table>
    </div>
  );
}

function Chart({ days }: { days: Dashboard["days"] }) {
  const top = Math.max(...days.map((d) => d.cumulative), 1);
  const step = (WIDTH - 2 * PAD) / days.length;
  const y = (value: number) => HEIGHT - PAD - (value / top) * (HEIGHT - 2 * PAD);
  const line = days.map((d, i) => `${PAD + step * (i + 0.5)},${y(d.cumulative)}`).join(" ");
  const last = days[days.length - 1];
  const intl = useIntl();
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="chart" role="img"
      aria-label={intl.formatMessage({ id: "dashboard.chart", defaultMessage: "Tickets by day from {first} to {last}: {total} in all (the table below has each day)" },
        { first: days[0]?.day, last: last?.day, total: last?.cumulative })}>
      <line x1={PAD} y1={HEIGHT - PAD} x2={WIDTH - PAD} y2={HEIGHT - PAD} className="axis" />
      {days.map((d, i) => (
        <rect key={d.day} x={PAD + step * i + step * 0.15} width={step * 0.7} y={y(d.tickets)}
          height={HEIGHT - PAD - y(d.tickets)} className="bar" />
      ))}
      <polyline points={line} className="running" fill="none" />
      <text x={PAD} y={PAD - 8} className="label">{top}</text>
      <text x={PAD} y={HEIGHT - 6} className="label">{days[0]?.day}</text>
      <text x={WIDTH - PAD} y={HEIGHT - 6} textAnchor="end" className="label">{last?.day}</text>
    </svg>
  );
}
