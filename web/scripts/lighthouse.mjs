// Lighthouse (performance and accessibility, its default mobile profile) on the events list and an
// event page of a running app, in Debian's chromium: `make lighthouse` starts the app and runs this.
// Both pages need a signed-in person: one is made through the API and put in the tab's session.
// Then the event page as a visitor opens a shared link, with SEO too. The event has a cover.
import { readFileSync } from "node:fs";

import lighthouse from "lighthouse";
import puppeteer from "puppeteer-core";

const APP = process.env.APP_URL ?? "http://127.0.0.1:8080";

async function call(path, body, token) {
  const response = await fetch(APP + path, {
    method: "POST", body: JSON.stringify(body),
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

const who = `lh${Date.now().toString(36)}`;
const password = "violet kettle harbour lamp";
await call("/auth/register", { email: `${who}@example.com`, password, username: who, first_name: "Light", last_name: "House" });
const signedIn = await call("/auth/login", { email: `${who}@example.com`, password });
const starts = new Date(Date.now() + 7 * 86_400_000).toISOString().replace(/\.\d+Z$/, "Z");
const event = await call("/events", { title: "Lighthouse evening", description: "Measured, not asserted.", starts_at: starts,
  timezone: "Asia/Almaty", location: "Almaty", capacity: 100 }, signedIn.id_token);
if (process.env.COVER) { // a photo as its cover (tools/lighthouse.py makes one): the page's largest paint
  const covered = await fetch(`${APP}/events/${event.id}/image`, { method: "PUT", body: readFileSync(process.env.COVER),
    headers: { "Content-Type": "image/jpeg", Authorization: `Bearer ${signedIn.id_token}` } });
  if (!covered.ok) throw new Error(`cover: ${covered.status} ${await covered.text()}`);
}

const chromium = JSON.parse(readFileSync(new URL("chromium.json", import.meta.url), "utf8"));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? chromium.path, headless: true, args: chromium.flags,
});
try {
  const page = await browser.newPage();
  await page.goto(APP + "/signin");
  await page.evaluate((session) => sessionStorage.setItem("events.session", session), JSON.stringify({
    token: signedIn.id_token, uid: signedIn.uid, expiresAt: Date.now() + signedIn.expires_in * 1000 }));
  for (const [name, path] of [["events list", "/"], ["event page", `/e/${event.id}`]]) {
    const result = await lighthouse(APP + path, {
      output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"], disableStorageReset: true,
    }, undefined, page);
    const { categories, audits } = result.lhr;
    console.log(`${name}: performance ${Math.round(categories.performance.score * 100)}, accessibility ${Math.round(categories.accessibility.score * 100)}`
      + ` (FCP ${audits["first-contentful-paint"].displayValue}, LCP ${audits["largest-contentful-paint"].displayValue},`
      + ` TBT ${audits["total-blocking-time"].displayValue}, CLS ${audits["cumulative-layout-shift"].displayValue})`);
  }
  // the page a shared link opens, as a visitor (no session) and a search engine see it
  const visitor = await (await browser.createBrowserContext()).newPage();
  const result = await lighthouse(`${APP}/e/${event.id}`, {
    output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility", "seo"],
  }, undefined, visitor);
  const { categories, audits } = result.lhr;
  const failed = Object.values(audits).filter((a) => a.score === 0 && result.lhr.categories.seo.auditRefs.some((ref) => ref.id === a.id));
  console.log(`public event page (visitor): performance ${Math.round(categories.performance.score * 100)}, accessibility ${Math.round(categories.accessibility.score * 100)}, SEO ${Math.round(categories.seo.score * 100)}`
    + ` (FCP ${audits["first-contentful-paint"].displayValue}, LCP ${audits["largest-contentful-paint"].displayValue})`
    + (failed.length ? `; SEO audits failed: ${failed.map((a) => a.id).join(", ")}` : ""));
} finally {
  await browser.close();
}
