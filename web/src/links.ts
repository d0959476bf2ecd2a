// Links out of an event's page: to Google Calendar and to a map. Only links: nothing is loaded
// from those sites unless the person follows one.
import type { EventRecord } from "./api/types";

const GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render";
const MAP_SEARCH = "https://www.openstreetmap.org/search";

/** `20261212T140000Z`: Google Calendar's form of a UTC time. */
function compact(iso: string): string {
  return new Date(iso).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
}

/** "Add to Google Calendar": the event as a template Google fills in (an event without an end
 * is given its start as its end: a moment, rather than an invented length). */
export function googleCalendarUrl(event: Pick<EventRecord, "title" | "starts_at" | "ends_at" | "location" | "description">, pageUrl: string): string {
  const params = new URLSearchParams({
    action: "TEMPLATE",
    text: event.title,
    dates: `${compact(event.starts_at)}/${compact(event.ends_at ?? event.starts_at)}`,
    details: [event.description, pageUrl].filter(Boolean).join("\n\n"),
    location: event.location,
  });
  return `${GOOGLE_CALENDAR}?${params.toString()}`;
}

/** A map search for the place as the organiser wrote it (no geocoding here). */
export function mapUrl(location: string): string {
  return `${MAP_SEARCH}?${new URLSearchParams({ query: location }).toString()}`;
}
