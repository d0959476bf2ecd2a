import { describe, expect, it } from "vitest";

import type { TicketType } from "../api/types";
import { firstAvailable } from "./TicketTypePicker";

function type(id: string, on_sale: boolean, left: number): TicketType {
  return { id, name: id, description: "", price: 0, currency: "KZT", cap: null, left, position: 0,
    sales_start: null, sales_end: null, on_sale };
}

describe("the type a buyer starts with", () => {
  it("is the first they can have, else the first", () => {
    expect(firstAvailable([type("early", false, 5), type("vip", true, 0), type("regular", true, 3)])?.id).toBe("regular");
    expect(firstAvailable([type("early", false, 5), type("vip", true, 0)])?.id).toBe("early");
    expect(firstAvailable([])).toBeUndefined();
  });
});
