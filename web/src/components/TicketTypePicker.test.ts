import { describe, expect, it } from "vitest";

import type { TicketType } from "../api/types";
import { attendeesOf } from "./AttendeeFields";
import { firstAvailable, MAX_PER_ORDER, mostOf, startingCounts, ticketsWanted } from "./TicketTypePicker";

function type(id: string, on_sale: boolean, left: number, price = 0, max_per_order: number | null = null): TicketType {
  return { id, name: id, description: "", price, currency: "KZT", cap: null, left, position: 0,
    sales_start: null, sales_end: null, on_sale, hidden: false, min_per_order: 1, max_per_order };
}

describe("the type a buyer starts with", () => {
  it("is the first they can have, else the first", () => {
    expect(firstAvailable([type("early", false, 5), type("vip", true, 0), type("regular", true, 3)])?.id).toBe("regular");
    expect(firstAvailable([type("early", false, 5), type("vip", true, 0)])?.id).toBe("early");
    expect(firstAvailable([])).toBeUndefined();
    expect(startingCounts([type("vip", true, 0), type("regular", true, 3)])).toEqual({ regular: 1 });
  });
});

describe("how many of a type an order can take", () => {
  const adult = type("adult", true, 50, 1000), child = type("child", true, 3, 400), closed = type("early", false, 9);

  it("is what is left of it, within the order's limit beside the others chosen", () => {
    expect(mostOf(child, { adult: 2 })).toBe(3);
    expect(mostOf(adult, { adult: 2, child: 3 })).toBe(MAX_PER_ORDER - 3);
    expect(mostOf(adult, { child: MAX_PER_ORDER })).toBe(0);
    expect(mostOf(adult, { child: 1 }, 4)).toBe(3); // the event takes at most 4 in one order
    expect(mostOf(closed, {})).toBe(0);
    expect(mostOf(type("pair", true, 50, 0, 2), {})).toBe(2); // the type's own most for one order
  });

  it("lists the tickets in the types' order, one entry each", () => {
    expect(ticketsWanted([adult, child], { child: 2, adult: 1 }).map((t) => t.id)).toEqual(["adult", "child", "child"]);
    expect(ticketsWanted([adult, child], {})).toEqual([]);
  });
});

describe("the attendees an order names", () => {
  const wanted = [type("adult", true, 5), type("adult", true, 5), type("child", true, 5)];

  it("are none when nobody was named and nothing is asked of each, else one per ticket, the buyer's first", () => {
    expect(attendeesOf(wanted, [], false)).toEqual([]);
    expect(attendeesOf(wanted, [{ name: "ignored: the buyer" }, { name: "  ", email: "" }], false)).toEqual([]);
    expect(attendeesOf(wanted, [{ name: "" }, { name: " Sam ", email: "" }, { name: "", email: "kit@example.com " }], false)).toEqual([
      { name: "", email: null }, { name: "Sam", email: null }, { name: "", email: "kit@example.com" }]);
    expect(attendeesOf(wanted.slice(0, 2), [{ name: "" }, { name: "Sam" }, { name: "left over from a bigger order" }], false)).toEqual([
      { name: "", email: null }, { name: "Sam", email: null }]);
  });

  it("carry each attendee's answers when something is asked of each, the empty ones left out", () => {
    expect(attendeesOf(wanted.slice(0, 2), [{ name: "", answers: { meal: "fish", note: "" } }, { name: "", answers: { meal: [] } }], true)).toEqual([
      { name: "", email: null, answers: { meal: "fish" } }, { name: "", email: null, answers: {} }]);
  });
});
