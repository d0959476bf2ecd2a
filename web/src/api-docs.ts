// The API reference page: Swagger UI over the app's own /openapi.yaml. The file's server entry is
// the Cloud Endpoints name to fill in at deploy time; the page puts this very server first, so
// "Try it out" works against the app that serves it.
import "swagger-ui-dist/swagger-ui.css";
import "./api-docs.css";
import SwaggerUIBundle from "swagger-ui-dist/swagger-ui-bundle.js";

export function withThisServer(spec: string, origin: string): string {
  return spec.replace(/^servers:\n/m, `servers:\n  - url: ${origin}\n    description: this server\n`);
}

/** Swagger UI leaves its server list unlabelled: name it for screen readers once it is drawn. */
function labelServerList(): void {
  new MutationObserver(() => {
    document.querySelector(".servers select:not([aria-label])")?.setAttribute("aria-label", "Server");
  }).observe(document.body, { childList: true, subtree: true });
}

async function main(): Promise<void> {
  labelServerList();
  const spec = await (await fetch("/openapi.yaml")).text();
  // no deep links: they put a link inside each operation's button (nested controls)
  const ui = SwaggerUIBundle({ dom_id: "#swagger", deepLinking: false, tryItOutEnabled: false });
  ui.specActions.updateSpec(withThisServer(spec, window.location.origin));
}

void main();
