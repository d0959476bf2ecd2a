// The JavaScript a first visit downloads before the app can run: the entry script and the modules
// index.html preloads, gzipped as the app sends them. Prints the figure; fails over the budget.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_KB = 150;

function initialScripts(html) {
  return [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="([^"]+\.js)"/g)].map((m) => m[1]);
}

const dist = process.argv[2] ?? "dist";
const files = initialScripts(readFileSync(join(dist, "index.html"), "utf8"));
const bytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(dist, file)), { level: 9 }).length, 0);
const kb = bytes / 1024;
console.log(`initial JavaScript: ${kb.toFixed(1)} KB gzipped in ${files.length} files (budget ${BUDGET_KB} KB)`);
if (files.length === 0 || kb > BUDGET_KB) process.exit(1);
