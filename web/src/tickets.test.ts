import { describe, expect, it } from "vitest";

import type { Registration } from "./api/types";
import { countdown, groupTickets, paymentSentence, secondsLeft, stateOf, ticketFor } from "./tickets";

function registration(id: string, status: Registration["status"], updated: string, checkedIn: string | null = null): Registration {
  return { id, event_id: "e1", user_id: "u", status, ticket_type_id: "general", order_id: null, attendee_name: "",
    attendee_email: "", price: 0, discount: 0, promo_code: null, answers: {}, hold_expires_at: null, checked_in_at: checkedIn, refunded_at: null, created_at: updated, updated_at: updated };
}

describe("ticketFor", () => {
  it("prefers the active registration over cancelled ones", () => {
    const list = [registration("a", "cancelled", "2026-11-25"), registration("b", "waitlisted", "2026-11-24")];
    expect(ticketFor(list, "e1")?.id).toBe("b");
  });

  it("falls back to the latest cancelled one, and to nothing for another event", () => {
    const list = [registration("a", "cancelled", "2026-11-24"), registration("b", "cancelled", "2026-11-25")];
    expect(ticketFor(list, "e1")?.id).toBe("b");
    expect(ticketFor(list, "e2")).toBeNull();
  });

  it("tells a used ticket from a confirmed one", () => {
    expect(stateOf(registration("a", "confirmed", "x", "2026-11-24T12:00:00Z"))).toBe("checked_in");
    expect(stateOf(registration("a", "confirmed", "x"))).toBe("confirmed");
  });
});

describe("a held seat and its payment", () => {
  it("counts down in whole seconds and stops at zero", () => {
    const now = Date.parse("2026-11-24T12:00:00Z");
    expect(secondsLeft("2026-11-24T12:29:05.500Z", now)).toBe(1745);
    expect(countdown(1745)).toBe("29:05");
    expect(countdown(3723)).toBe("1:02:03");
    expect(secondsLeft("2026-11-24T11:59:00Z", now)).toBe(0);
    expect(countdown(0)).toBe("0:00");
  });

  it("says what the payment means", () => {
    const paid = { ...registration("a", "confirmed", "x"), payment: {
      id: "a", status: "refund_pending" as const, amount: 500, currency: "JPY", provider: "test" as const,
      checkout_url: null, expires_at: "x", paid_at: "x", refunded_at: null, refund_reason: "holder_cancelled", created_at: "x" } };
    expect(paymentSentence(paid)?.defaultMessage).toBe("Your refund is on its way.");
    expect(paymentSentence(registration("b", "confirmed", "x"))).toBeNull();
  });
});

describe("groupTickets", () => {
  const at = (id: string, starts: string, status: Registration["status"] = "confirmed", eventStatus: "scheduled" | "cancelled" = "scheduled"): Registration => ({
    ...registration(id, status, "x"),
    event: { id: `e-${id}`, title: id, starts_at: starts, timezone: "UTC", location: "", status: eventStatus },
  });

  it("puts upcoming first (soonest first), then past (latest first), cancelled apart", () => {
    const now = Date.parse("2026-11-24T12:00:00Z");
    const groups = groupTickets([
      at("later", "2026-12-10T10:00:00Z"), at("old", "2026-10-01T10:00:00Z"), at("soon", "2026-11-25T10:00:00Z"),
      at("recent", "2026-11-20T10:00:00Z"), at("dropped", "2026-12-01T10:00:00Z", "cancelled"),
      at("called-off", "2026-12-02T10:00:00Z", "confirmed", "cancelled"),
    ], now);
    expect(groups.map((g) => [g.name, g.tickets.map((t) => t.id)])).toEqual([
      ["upcoming", ["soon", "later"]], ["past", ["recent", "old"]], ["cancelled", ["dropped", "called-off"]],
    ]);
  });

  it("leaves out empty groups", () => {
    expect(groupTickets([at("soon", "2026-11-25T10:00:00Z")], Date.parse("2026-11-24T12:00:00Z")).map((g) => g.name)).toEqual(["upcoming"]);
  });
});
