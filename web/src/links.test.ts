import { describe, expect, it } from "vitest";

import { googleCalendarUrl, mapUrl } from "./links";

const jazz = { title: "Jazz & blues", starts_at: "2026-12-12T14:00:00Z", ends_at: "2026-12-12T17:30:00Z",
  location: "Abay 10, Almaty", description: "Standards." };

describe("links out of an event's page", () => {
  it("fills Google Calendar's template with the event, its times in UTC and its page", () => {
    const url = new URL(googleCalendarUrl(jazz, "https://events.example/e/abc"));
    expect(url.origin + url.pathname).toBe("https://calendar.google.com/calendar/render");
    expect(url.searchParams.get("action")).toBe("TEMPLATE");
    expect(url.searchParams.get("text")).toBe("Jazz & blues"); // encoded, not cut at the &
    expect(url.searchParams.get("dates")).toBe("20261212T140000Z/20261212T173000Z");
    expect(url.searchParams.get("details")).toBe("Standards.\n\nhttps://events.example/e/abc");
    expect(url.searchParams.get("location")).toBe("Abay 10, Almaty");
  });

  it("gives an event without an end its start as its end", () => {
    const url = new URL(googleCalendarUrl({ ...jazz, ends_at: null }, "https://e/x"));
    expect(url.searchParams.get("dates")).toBe("20261212T140000Z/20261212T140000Z");
  });

  it("searches the map for the place as written", () => {
    expect(new URL(mapUrl("Abay 10, Almaty")).searchParams.get("query")).toBe("Abay 10, Almaty");
  });
});
