import { useState } from "react";
import { FormattedMessage, useIntl } from "react-intl";

import { download } from "../api/client";
import type { EventRecord } from "../api/types";
import { googleCalendarUrl, mapUrl } from "../links";
import { to } from "../paths";
import { Problem } from "./Problem";

/** Share the event, put it in a calendar, find the place on a map. */
export function EventLinks({ event }: { event: EventRecord }) {
  const page = new URL(to.event(event.id), window.location.origin).toString();
  return (
    <p className="actions links">
      <ShareButton title={event.title} url={page} />
      <CalendarDownload event={event} />
      <a href={googleCalendarUrl(event, page)} target="_blank" rel="noopener noreferrer">
        <FormattedMessage id="links.google" defaultMessage="Add to Google Calendar" /></a>
      {event.location && <a href={mapUrl(event.location)} target="_blank" rel="noopener noreferrer">
        <FormattedMessage id="links.map" defaultMessage="Show on a map" /></a>}
    </p>
  );
}

/** The system's share sheet where the browser has one (phones), else the link copied. */
function ShareButton({ title, url }: { title: string; url: string }) {
  const [said, setSaid] = useState("");
  const intl = useIntl();
  const share = async () => {
    try {
      if (typeof navigator.share === "function") {
        await navigator.share({ title, url });
        return;
      }
      await navigator.clipboard.writeText(url);
      setSaid(intl.formatMessage({ id: "links.copied", defaultMessage: "Link copied" }));
    } catch (failure) {
      // the person closed the share sheet: nothing to say; anything else: show the link itself
      if (!(failure instanceof DOMException && failure.name === "AbortError")) setSaid(url);
    }
  };
  return (
    <>
      <button type="button" className="link" onClick={() => void share()}><FormattedMessage id="links.share" defaultMessage="Share" /></button>
      <span role="status" className="muted">{said}</span>
    </>
  );
}

function CalendarDownload({ event }: { event: EventRecord }) {
  const [error, setError] = useState<unknown>(null);
  // fetched and handed to the browser as a download (a signed-in call sends the token)
  const save = async () => {
    try {
      await download(`/events/${event.id}/calendar.ics`, `event-${event.id}.ics`);
      setError(null);
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <>
      <button type="button" className="link" onClick={() => void save()}>
        <FormattedMessage id="links.ics" defaultMessage="Add to calendar (.ics)" /></button>
      <Problem error={error} />
    </>
  );
}
