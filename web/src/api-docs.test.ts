import { describe, expect, it, vi } from "vitest";

vi.mock("swagger-ui-dist/swagger-ui-bundle.js", () => ({ default: () => ({ specActions: { updateSpec: () => undefined } }) }));
vi.mock("swagger-ui-dist/swagger-ui.css", () => ({}));
vi.mock("./api-docs.css", () => ({}));

const SPEC = `openapi: 3.0.3
servers:
  - url: https://API_NAME.endpoints.PROJECT_ID.cloud.goog
security:
  - firebase: []
  - bearer: []
paths:
  /events:
    get: {operationId: listEvents, tags: [events]}
  /pubsub/{subscription}:
    post: {operationId: push, tags: [bus], security: [{pubsub_push: []}]}
components:
  securitySchemes:
    firebase: {type: oauth2}
    bearer: {type: http, scheme: bearer}
    pubsub_push: {type: oauth2}
`;

describe("forCallers", () => {
  it("lists this server alone, without the deploy-time placeholder", async () => {
    globalThis.fetch = vi.fn(async () => new Response(SPEC)) as typeof fetch;
    const { forCallers } = await import("./api-docs");
    expect(forCallers(SPEC, "http://127.0.0.1:8080").servers).toEqual([{ url: "http://127.0.0.1:8080", description: "this server" }]);
  });

  it("offers only the bearer token a caller can use", async () => {
    const { forCallers } = await import("./api-docs");
    const spec = forCallers(SPEC, "http://127.0.0.1:8080");
    expect(Object.keys(spec.components?.securitySchemes ?? {})).toEqual(["bearer"]);
    expect(spec.security).toEqual([{ bearer: [] }]);
    expect((spec.paths["/pubsub/{subscription}"]?.post as { security: unknown[] }).security).toEqual([]);
  });
});
