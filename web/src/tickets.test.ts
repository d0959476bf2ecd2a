import { describe, expect, it } from "vitest";

import type { Registration } from "./api/types";
import { stateOf, ticketFor } from "./tickets";

function registration(id: string, status: Registration["status"], updated: string, checkedIn: string | null = null): Registration {
  return { id, event_id: "e1", user_id: "u", status, checked_in_at: checkedIn, created_at: updated, updated_at: updated };
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
