import { describe, expect, it } from "vitest";

import { reconnectDelay } from "./live";

describe("reconnectDelay", () => {
  it("takes the server's word (Retry-After, retry:) first", () => {
    expect(reconnectDelay(3, 7000)).toBe(7000);
  });

  it("doubles from one second to at most thirty", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => reconnectDelay(n, null))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });
});
