// What the browser tests share: Debian's chromium under playwright-core, a person per browser
// context (each with its own clock, set to the server's), axe-core, a keyboard walk, screenshots.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import QRCode from "qrcode";

import CHROMIUM from "../scripts/chromium.json";

export const APP_URL = process.env.APP_URL ?? "http://127.0.0.1:8080";
const CLOCK_FILE = process.env.CLOCK_FILE;
const SHOTS = process.env.SCREENSHOTS ?? "";

/** Chromium with a fake camera that needs no permission prompt; `extra` flags on top. */
export function launch(extra: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? CHROMIUM.path, headless: true,
    args: [...CHROMIUM.flags, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", ...extra],
  });
}

/** The server's clock (tests/e2e/clocked_app.py) and every person's browser move together. */
export class Clock {
  private readonly contexts: BrowserContext[] = [];
  constructor(public now: Date) {}

  async follow(context: BrowserContext): Promise<void> {
    this.contexts.push(context);
    await context.clock.setFixedTime(this.now);
  }

  async set(now: Date): Promise<void> {
    this.now = now;
    if (CLOCK_FILE) writeFileSync(CLOCK_FILE, now.toISOString());
    for (const context of this.contexts) await context.clock.setFixedTime(now);
  }
}

export interface Person {
  context: BrowserContext;
  page: Page;
  problems: string[]; // CSP violations and uncaught errors seen in this person's pages
}

export async function person(browser: Browser, clock: Clock,
  options: { timezoneId: string; viewport?: { width: number; height: number }; locale?: string }): Promise<Person> {
  const context = await browser.newContext({
    baseURL: APP_URL, locale: options.locale ?? "en-GB", timezoneId: options.timezoneId,
    viewport: options.viewport ?? { width: 1280, height: 800 }, permissions: ["camera"],
  });
  await clock.follow(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy|Refused to/.test(message.text())) problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("dialog", (dialog) => void dialog.accept()); // "are you sure?" confirmations
  return { context, page, problems };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation { id: string; impact: string | null; help: string; nodes: number }

/** axe-core on the page as it is: the serious and critical violations (none is the bar). */
export async function axe(page: Page): Promise<AxeViolation[]> {
  // evaluated through the DevTools protocol: the page's CSP (no inline script) does not apply
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const run = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: unknown[] }[] }> } }).axe.run;
    const { violations } = await run(document, { resultTypes: ["violations"] });
    return violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  });
  return result.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** Tabs through the page from the top: the controls never reached by the keyboard. */
export async function unreachableByKeyboard(page: Page): Promise<string[]> {
  const controls = await page.evaluate(() => {
    const all = [...document.querySelectorAll<HTMLElement>("a[href], button, input, select, textarea, summary, [tabindex]")];
    const visible = all.filter((el) => el.offsetParent !== null && !(el as HTMLButtonElement).disabled && el.tabIndex >= 0);
    visible.forEach((el, i) => el.setAttribute("data-kb", String(i)));
    return visible.length;
  });
  const reached = new Set<string>();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.locator("body").focus();
  for (let i = 0; i < controls * 2 + 5 && reached.size < controls; i++) {
    await page.keyboard.press("Tab");
    const mark = await page.evaluate(() => document.activeElement?.getAttribute("data-kb") ?? null);
    if (mark !== null) reached.add(mark);
  }
  return page.evaluate((seen) => [...document.querySelectorAll<HTMLElement>("[data-kb]")]
    .filter((el) => !seen.includes(el.getAttribute("data-kb") ?? ""))
    .map((el) => el.outerHTML.slice(0, 120)), [...reached]);
}

/** A picture of the page at a phone's and a laptop's size, when SCREENSHOTS names a folder. */
const WIDTHS = [["phone", { width: 390, height: 844 }], ["laptop", { width: 1280, height: 800 }]] as const;

/** What does not fit at this width: the page scrolling sideways, or an element cutting its own
 * text off (overflow hidden or clipped with more inside than it shows; screen-reader-only text
 * aside). Scrolling boxes (a wide table's wrapper) show all they hold, so they are fine. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) found.push(`the page is ${root.scrollWidth}px wide in ${root.clientWidth}px`);
    for (const element of document.body.querySelectorAll<HTMLElement>("*")) {
      const style = getComputedStyle(element);
      const cuts = ["hidden", "clip"].includes(style.overflowX) || ["hidden", "clip"].includes(style.overflowY);
      if (!cuts || element.classList.contains("sr-only") || element.closest(".sr-only")) continue;
      if (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1) {
        found.push(`${element.tagName.toLowerCase()}.${element.className}: "${element.innerText.slice(0, 60)}"`);
      }
    }
    return found;
  });
}

/** The page at a phone's width and a laptop's: what overflows at each (named by width), and a
 * picture of each when SHOTS names a folder, to be looked at. */
export async function shoot(page: Page, name: string): Promise<string[]> {
  const size = page.viewportSize() ?? { width: 1280, height: 800 };
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur()); // no stray focus ring
  const found: string[] = [];
  for (const [label, viewport] of WIDTHS) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(150); // layout settles; a picture, never an assertion
    found.push(...(await overflowing(page)).map((what) => `${label}: ${what}`));
    if (SHOTS) {
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, `${name}-${label}.png`), fullPage: false });
    }
  }
  await page.setViewportSize(size);
  return found;
}

/** A Y4M video (what Chromium's fake camera plays) showing `text` as a QR code, black on white. */
export function qrVideo(text: string, path: string): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const { size } = qr.modules;
  const width = 640, height = 480, scale = 10;
  const left = (width - size * scale) / 2, top = (height - size * scale) / 2;
  const luma = Buffer.alloc(width * height, 235);
  for (let y = 0; y < size * scale; y++) {
    for (let x = 0; x < size * scale; x++) {
      if (qr.modules.get(Math.floor(y / scale), Math.floor(x / scale))) luma[(top + y) * width + left + x] = 16;
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma, chroma]);
  writeFileSync(path, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), frame, frame]));
}

/** A browser whose camera shows `video`. */
export function launchWithCamera(video: string): Promise<Browser> {
  return launch([`--use-file-for-fake-video-capture=${video}`]);
}
