import { describe, expect, it } from "vitest";

import { daysUntil, eventTimes, fromWallTime, money, relativeDays, toWallTime } from "./time";

describe("wall times in an event's zone", () => {
  it("reads a typed time in the event's zone as UTC, and back", () => {
    expect(fromWallTime("2026-11-24T21:30", "Asia/Tokyo")).toBe("2026-11-24T12:30:00Z");
    expect(toWallTime("2026-11-24T12:30:00Z", "Asia/Tokyo")).toBe("2026-11-24T21:30");
  });

  it("follows daylight saving on either side of the change", () => {
    expect(fromWallTime("2026-07-01T18:00", "Europe/Berlin")).toBe("2026-07-01T16:00:00Z");
    expect(fromWallTime("2026-12-01T18:00", "Europe/Berlin")).toBe("2026-12-01T17:00:00Z");
  });

  it("refuses what is not a time", () => {
    expect(fromWallTime("", "UTC")).toBeNull();
    expect(fromWallTime("tomorrow", "UTC")).toBeNull();
  });

  it("shows the viewer's time only when it differs", () => {
    expect(eventTimes("2026-11-24T12:30:00Z", "Asia/Tokyo", "Asia/Tokyo").here).toBeNull();
    expect(eventTimes("2026-11-24T12:30:00Z", "Asia/Tokyo", "Europe/London").here).toContain("12:30");
  });
});

describe("money", () => {
  it("writes minor units in the currency's own decimals", () => {
    expect(money(150_000, "KZT")).toContain("1,500.00");
    expect(money(500, "JPY")).toContain("500");
    expect(money(500, "JPY")).not.toContain(".");
  });
});

describe("how far off a start is", () => {
  const now = Date.parse("2026-11-24T12:00:00Z");

  it("counts calendar days in the event's zone, not 24-hour spans", () => {
    expect(daysUntil("2026-11-24T20:00:00Z", "UTC", now)).toBe(0);
    expect(daysUntil("2026-11-25T01:00:00Z", "UTC", now)).toBe(1); // 13 hours away, but tomorrow
    expect(daysUntil("2026-11-24T20:00:00Z", "Asia/Almaty", now)).toBe(1); // 01:00 the next day there
    expect(daysUntil("2026-11-27T09:00:00Z", "UTC", now)).toBe(3);
  });

  it("says nothing once started or beyond a month", () => {
    expect(daysUntil("2026-11-24T11:00:00Z", "UTC", now)).toBeNull();
    expect(daysUntil("2027-01-24T11:00:00Z", "UTC", now)).toBeNull();
  });

  it("is said in the reader's language", () => {
    expect(relativeDays(1, "en")).toBe("tomorrow");
    expect(relativeDays(3, "en")).toBe("in 3 days");
    expect(relativeDays(1, "ru")).toBe("завтра");
    expect(relativeDays(5, "ru")).toBe("через 5 дней");
    expect(relativeDays(0, "kk")).not.toBe(relativeDays(0, "en"));
  });
});
