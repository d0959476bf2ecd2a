import { describe, expect, it } from "vitest";

import { eventTimes, fromWallTime, money, toWallTime } from "./time";

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
