import { describe, expect, it, vi } from "vitest";

vi.mock("swagger-ui-dist/swagger-ui-bundle.js", () => ({ default: () => ({ specActions: { updateSpec: () => undefined } }) }));
vi.mock("swagger-ui-dist/swagger-ui.css", () => ({}));
vi.mock("./api-docs.css", () => ({}));

describe("withThisServer", () => {
  it("puts the serving origin first among the spec's servers", async () => {
    globalThis.fetch = vi.fn(async () => new Response("openapi: 3.0.3\n")) as typeof fetch;
    const { withThisServer } = await import("./api-docs");
    const spec = "openapi: 3.0.3\nservers:\n  - url: https://API_NAME.example\npaths: {}\n";
    expect(withThisServer(spec, "http://127.0.0.1:8080")).toBe(
      "openapi: 3.0.3\nservers:\n  - url: http://127.0.0.1:8080\n    description: this server\n  - url: https://API_NAME.example\npaths: {}\n");
  });
});
