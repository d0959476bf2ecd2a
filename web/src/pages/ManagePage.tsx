import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { FormattedDate, FormattedMessage, useIntl } from "react-intl";
import { Link, useParams } from "react-router";

import { ApiError, download } from "../api/client";
import { useAttendees, useCheckIn, useEvent, useSales } from "../api/queries";
import type { Registration } from "../api/types";
import { PersonName } from "../components/PersonName";
import { ReviewInsight } from "../components/ReviewInsight";
import { TurnoutForecast } from "../components/TurnoutForecast";
import { SalesDashboard } from "../components/SalesChart";
import { Empty, Loading, Problem } from "../components/Problem";
import { TicketBadge } from "../components/TicketBadge";
import { FindByName } from "../components/FindByName";
import { PromoCodesPanel } from "../components/PromoCodesPanel";
import { QuestionsPanel } from "../components/QuestionsPanel";
import { roleName } from "../components/roleName";
import { TeamPanel } from "../components/TeamPanel";
import { TicketTypesPanel } from "../components/TicketTypesPanel";
import { useMyRole } from "../api/team";
import { to } from "../paths";
import { checkInSentence } from "../problems";
import { formatLocale, useLanguage } from "../i18n";
import { money } from "../time";

export default function ManagePage() {
  const { eventId = "" } = useParams();
  const event = useEvent(eventId);
  const role = useMyRole(eventId); // what this person may do here: the page shows that much
  const attendees = useAttendees(eventId);
  const intl = useIntl();
  if (event.isPending || role.isPending) return <Loading what={intl.formatMessage({ id: "event.loading", defaultMessage: "Loading the event" })} />;
  if (event.isError) return <Problem error={event.error} />;
  if (role.isError) return <><p><Link to={to.event(eventId)}>← {event.data.title}</Link></p>
    {role.error instanceof ApiError && role.error.status === 403 // never on the team, or just taken off it
      ? <p className="problem" role="alert"><FormattedMessage id="team.notOnTeam" defaultMessage="You are not on this event's team." /></p>
      : <Problem error={role.error} />}</>;
  const items = attendees.data?.pages.flatMap((p) => p.items) ?? [];
  const manages = role.data.role !== "door";
  const scheduled = event.data.status === "scheduled";
  return (
    <section aria-labelledby="manage-title">
      <p><Link to={to.event(eventId)}>← {event.data.title}</Link></p>
      <h1 id="manage-title"><FormattedMessage id="event.attendeesLink" defaultMessage="Attendees and check-in" /></h1>
      <p className="muted" data-testid="my-role"><FormattedMessage id="team.yourRole" defaultMessage="Your role: {role}"
        values={{ role: roleName(role.data.role, intl) }} /></p>
      <CheckIn eventId={eventId} />
      {manages && <>
        {scheduled && <TicketTypesPanel event={event.data} />}
        {scheduled && <PromoCodesPanel event={event.data} />}
        {scheduled && <QuestionsPanel event={event.data} />}
        {scheduled && role.data.role === "owner" && <TeamPanel eventId={eventId} />}
        {event.data.price > 0 && <SalesFigures eventId={eventId} />}
        <SalesDashboard eventId={eventId} />
        {scheduled && <TurnoutForecast eventId={eventId} />}
        <ReviewInsight eventId={eventId} />
      </>}
      <h2><FormattedMessage id="manage.attendees" defaultMessage="Attendees" /></h2>
      {manages && <Export eventId={eventId} />}
      {/* the door's count is the dashboard's: this list holds only the pages loaded so far */}
      <p><FormattedMessage id="manage.counts" defaultMessage="{confirmed} confirmed · {waiting} waiting"
        values={{ confirmed: event.data.registered_count, waiting: event.data.waitlist_count }} /></p>
      {attendees.isPending && <Loading what={intl.formatMessage({ id: "manage.loading", defaultMessage: "Loading attendees" })} />}
      <Problem error={attendees.error} />
      {attendees.isSuccess && items.length === 0 && <Empty><FormattedMessage id="manage.none" defaultMessage="Nobody has registered yet." /></Empty>}
      <div className="table-wrap">
        <table>
          <thead><tr>
            <th scope="col"><FormattedMessage id="manage.person" defaultMessage="Person" /></th>
            <th scope="col"><FormattedMessage id="manage.status" defaultMessage="Status" /></th>
            <th scope="col"><FormattedMessage id="manage.since" defaultMessage="Since" /></th>
          </tr></thead>
          <tbody>{items.map((r) => <Attendee key={r.id} registration={r} />)}</tbody>
        </table>
      </div>
      {attendees.hasNextPage && <button type="button" className="secondary" onClick={() => void attendees.fetchNextPage()}>
        <FormattedMessage id="manage.more" defaultMessage="More attendees" /></button>}
    </section>
  );
}

function Attendee({ registration }: { registration: Registration }) {
  return (
    <tr>
      <td>{registration.attendee_name
        ? <>{registration.attendee_name} <span className="muted"><FormattedMessage id="manage.boughtBy" defaultMessage="(bought by {buyer})"
          values={{ buyer: <PersonName uid={registration.user_id} handle /> }} /></span></>
        : <PersonName uid={registration.user_id} handle />}</td>
      <td><TicketBadge registration={registration} /></td>
      <td><FormattedDate value={registration.created_at} dateStyle="medium" timeStyle="short" /></td>
    </tr>
  );
}

type Outcome = { ok: true; registration: Registration } | { ok: false; error: unknown };

function CheckIn({ eventId }: { eventId: string }) {
  const intl = useIntl();
  const checkIn = useCheckIn(eventId);
  const [code, setCode] = useState("");
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [scanning, setScanning] = useState(false);
  const submit = (ticketCode: string) => {
    if (!ticketCode.trim()) return;
    checkIn.mutate({ code: ticketCode.trim() }, {
      onSuccess: (registration) => { setOutcome({ ok: true, registration }); setCode(""); },
      onError: (error) => setOutcome({ ok: false, error }),
    });
  };
  return (
    <section className="panel" aria-labelledby="checkin-title">
      <h2 id="checkin-title"><FormattedMessage id="checkin.title" defaultMessage="Check in a ticket" /></h2>
      <form className="inline" onSubmit={(e) => { e.preventDefault(); submit(code); }}>
        <label htmlFor="ticket-code"><FormattedMessage id="checkin.code" defaultMessage="Ticket code" /></label>
        <input id="ticket-code" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off"
          autoCapitalize="off" spellCheck={false} />
        <button type="submit" disabled={checkIn.isPending}><FormattedMessage id="checkin.button" defaultMessage="Check in" /></button>
        <button type="button" className="secondary" onClick={() => setScanning((s) => !s)} aria-pressed={scanning}>
          {scanning ? <FormattedMessage id="checkin.stopCamera" defaultMessage="Stop camera" /> : <FormattedMessage id="checkin.scan" defaultMessage="Scan QR code" />}
        </button>
      </form>
      {scanning && <Scanner onCode={(scanned) => { setScanning(false); setCode(scanned); submit(scanned); }} />}
      <FindByName eventId={eventId} />
      <div aria-live="polite" data-testid="checkin-outcome">
        {outcome?.ok === true && <p className="success"><FormattedMessage id="checkin.done" defaultMessage="Checked in: {name}. Welcome!"
          values={{ name: outcome.registration.attendee_name || <PersonName uid={outcome.registration.user_id} /> }} /></p>}
        {outcome?.ok === false && (
          <p className={outcome.error instanceof ApiError && outcome.error.status < 500 ? "problem big" : "problem"} role="alert">
            {checkInSentence(outcome.error, intl)}
          </p>
        )}
      </div>
    </section>
  );
}

function Scanner({ onCode }: { onCode: (code: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  const intl = useIntl();
  const found = useRef(onCode);
  found.current = onCode;
  useEffect(() => {
    const stop = new AbortController();
    if (!video.current || !navigator.mediaDevices?.getUserMedia) {
      setError(intl.formatMessage({ id: "checkin.noCamera", defaultMessage: "This browser cannot use a camera here. Type the code instead." }));
      return;
    }
    import("../scan")
      .then(({ scan }) => scan(video.current!, stop.signal))
      .then((code) => code && !stop.signal.aborted && found.current(code))
      .catch(() => setError(intl.formatMessage({ id: "checkin.cameraFailed", defaultMessage: "The camera could not be opened. Allow camera access, or type the code." })));
    return () => stop.abort();
  }, [intl]);
  return (
    <div className="scanner">
      <video ref={video} muted playsInline aria-label={intl.formatMessage({ id: "checkin.camera", defaultMessage: "Camera view for scanning a ticket's QR code" })} />
      {error && <p className="problem" role="alert">{error}</p>}
    </div>
  );
}

function SalesFigures({ eventId }: { eventId: string }) {
  const sales = useSales(eventId);
  const intl = useIntl();
  const { language } = useLanguage();
  const locale = formatLocale(language);
  if (sales.isPending) return <Loading what={intl.formatMessage({ id: "sales.loading", defaultMessage: "Loading sales" })} />;
  if (sales.isError) return <Problem error={sales.error} />;
  const s = sales.data;
  return (
    <section aria-labelledby="sales-title">
      <h2 id="sales-title"><FormattedMessage id="sales.title" defaultMessage="Sales" /></h2>
      <dl className="figures" data-testid="sales">
        <dt><FormattedMessage id="sales.sold" defaultMessage="Tickets sold" /></dt><dd>{s.paid_count} · {money(s.paid_amount, s.currency, locale)}</dd>
        <dt><FormattedMessage id="receipt.refunded" defaultMessage="Refunded" /></dt><dd>{s.refunded_count} · {money(s.refunded_amount, s.currency, locale)}</dd>
        <dt><FormattedMessage id="sales.net" defaultMessage="Net" /></dt><dd data-testid="sales-net">{money(s.net_amount, s.currency, locale)}</dd>
        <dt><FormattedMessage id="sales.held" defaultMessage="Seats held for payment now" /></dt><dd>{s.held_count}</dd>
      </dl>
    </section>
  );
}

/** The whole list for a spreadsheet: every ticket with its holder and money. */
function Export({ eventId }: { eventId: string }) {
  const save = useMutation({
    mutationFn: (kind: "csv" | "xlsx") => download(`/events/${eventId}/attendees.${kind}`, `attendees-${eventId}.${kind}`),
  });
  return (
    <div className="actions">
      <button type="button" className="secondary" disabled={save.isPending} onClick={() => save.mutate("xlsx")}>
        <FormattedMessage id="export.xlsx" defaultMessage="Download (Excel)" /></button>
      <button type="button" className="secondary" disabled={save.isPending} onClick={() => save.mutate("csv")}>
        <FormattedMessage id="export.csv" defaultMessage="Download (CSV)" /></button>
      <Problem error={save.error} />
    </div>
  );
}
