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

describe("follow", () => {
  it("stops and reports the session's end instead of reconnecting", async () => {
    const { follow } = await import("./live");
    const calls: string[] = [];
    const body = "retry: 10\n\nevent: session_ended\ndata: {}\n\n";
    globalThis.fetch = (async () => {
      calls.push("fetch");
      return new Response(body, { status: 200, headers: { "Content-Type": "text/event-stream" } });
    }) as typeof fetch;
    let unauthorized = 0;
    await follow("/notifications/stream", new AbortController().signal, {
      onNotification: () => undefined,
      onState: () => undefined,
      onUnauthorized: () => { unauthorized += 1; },
    });
    expect(unauthorized).toBe(1);
    expect(calls).toEqual(["fetch"]);
  });
});
