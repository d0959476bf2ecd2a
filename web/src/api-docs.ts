// The API reference page: Swagger UI over the app's own /openapi.yaml, shown as a caller of this
// server can use it. The file is also the Cloud Endpoints configuration, so its server entry is a
// name to fill in at deploy time and it declares the schemes Endpoints checks (Firebase tokens,
// Pub/Sub's push token); the page lists this very server only and the bearer token only, so
// "Authorize" and "Try it out" work against the app that serves it.
import "swagger-ui-dist/swagger-ui.css";
import "./api-docs.css";
import { load } from "js-yaml";
import SwaggerUIBundle from "swagger-ui-dist/swagger-ui-bundle.js";

type Security = Record<string, string[]>[];
interface Operation { security?: Security }
export interface Spec {
  servers?: { url: string; description?: string }[];
  security?: Security;
  paths: Record<string, Record<string, Operation | unknown>>;
  components?: { securitySchemes?: Record<string, unknown> };
}

const CALLERS_SCHEME = "bearer"; // the token POST /auth/login hands out

/** The spec as a caller of `origin` reads it: this server alone, the bearer scheme alone. */
export function forCallers(text: string, origin: string): Spec {
  const spec = load(text) as Spec;
  spec.servers = [{ url: origin, description: "this server" }];
  const schemes = spec.components?.securitySchemes ?? {};
  for (const name of Object.keys(schemes)) if (name !== CALLERS_SCHEME) delete schemes[name];
  const usable = (security: Security) => security.filter((need) => Object.keys(need).every((name) => name in schemes));
  if (spec.security) spec.security = usable(spec.security);
  for (const item of Object.values(spec.paths)) {
    for (const operation of Object.values(item)) {
      const op = operation as Operation;
      if (op && typeof op === "object" && Array.isArray(op.security)) op.security = usable(op.security);
    }
  }
  return spec;
}

/** Swagger UI leaves its server list unlabelled: name it for screen readers once it is drawn. */
function labelServerList(): void {
  new MutationObserver(() => {
    document.querySelector(".servers select:not([aria-label])")?.setAttribute("aria-label", "Server");
  }).observe(document.body, { childList: true, subtree: true });
}

async function main(): Promise<void> {
  labelServerList();
  const text = await (await fetch("/openapi.yaml")).text();
  // no deep links: they put a link inside each operation's button (nested controls); operations
  // are grouped by the spec's tags, in its order
  const ui = SwaggerUIBundle({ dom_id: "#swagger", deepLinking: false, tryItOutEnabled: false });
  ui.specActions.updateSpec(JSON.stringify(forCallers(text, window.location.origin)));
}

void main();
