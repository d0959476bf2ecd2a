// Two people use the product in Chromium, from sign-up to a review: Ada organises, Ben attends.
// Every page they see is checked with axe-core and walked with the keyboard.
import { existsSync, readdirSync, readFileSync } from "node:fs";

import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { tmpdir } from "node:os";
import { join } from "node:path";

import { APP_URL, axe, Clock, launch, launchWithCamera, type Person, person, qrVideo, shoot, unreachableByKeyboard } from "./browser";

const START = new Date("2026-11-24T12:00:00Z"); // the server's clock at the start (test_web_client.py)
const PASSWORD = "violet kettle harbour lamp";
const LIVE = 15_000; // how long a live change may take to show; a limit for waiting, never a measure

let browser: Browser;
let ada: Person;
let ben: Person;
const clock = new Clock(START);
let eventUrl = "";
let benCode = "";
let jazzUrl = ""; // the evening the languages' steps use
let jazzCode = "";
let picnicUrl = ""; // the family's picnic: its door is handed to a volunteer

async function tokenOf(page: Page): Promise<string> {
  return page.evaluate(() => (JSON.parse(sessionStorage.getItem("events.session") ?? "{}") as { token: string }).token);
}

/** The language kept on the signed-in person's profile. */
async function profileLanguage(page: Page): Promise<string | null> {
  const answer = await page.request.get("/profile", { headers: { Authorization: `Bearer ${await tokenOf(page)}` } });
  return ((await answer.json()) as { language: string | null }).language;
}

async function createEvent(page: Page, fields: Record<string, unknown>): Promise<string> {
  const created = await page.request.post("/events", { headers: { Authorization: `Bearer ${await tokenOf(page)}` }, data: fields });
  expect(created.status()).toBe(201);
  return `/e/${((await created.json()) as { id: string }).id}`;
}

/** The link a mail to `to` carries, read from the server's Maildir as it arrives (the bus sends it). */
async function mailedLink(to: string, subject: string, page: string): Promise<string> {
  const folder = process.env.MAIL_DIR ?? "";
  const deadline = Date.now() + LIVE;
  while (Date.now() < deadline) {
    for (const sub of ["new", "cur"]) {
      const dir = join(folder, sub);
      for (const name of existsSync(dir) ? readdirSync(dir) : []) {
        const raw = readFileSync(join(dir, name), "utf8").replace(/=\r?\n/g, "").replace(/=3D/g, "=");
        if (raw.includes(`Subject: ${subject}`) && raw.includes(to)) {
          const found = new RegExp(`${page}\\?token=([\\w.-]+)`).exec(raw);
          if (found) return `${page}?token=${found[1]}`;
        }
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no mail "${subject}" to ${to} in ${folder}`);
}

async function pageIsSound(who: Person, name: string): Promise<void> {
  const { page } = who;
  await page.locator("main h1").first().waitFor();
  expect(await axe(page), `axe on ${name}`).toEqual([]);
  expect(await unreachableByKeyboard(page), `keyboard on ${name}`).toEqual([]);
  expect(who.problems, `console on ${name}`).toEqual([]);
  expect(await shoot(page, name), `overflow on ${name}`).toEqual([]);
}

interface Newcomer { email: string; username: string; first: string; last: string }

async function submitSignUp(page: Page, who: Newcomer, password = PASSWORD): Promise<void> {
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(password);
  await page.getByLabel("Username").fill(who.username);
  await page.getByLabel("First name").fill(who.first);
  await page.getByLabel("Last name").fill(who.last);
  await page.getByRole("button", { name: "Create account" }).click();
}

async function signUp(page: Page, who: Newcomer): Promise<void> {
  await page.goto("/");
  await page.waitForURL(/\/signin/);
  await page.getByRole("link", { name: "Create an account" }).click();
  await submitSignUp(page, who);
  await page.getByRole("heading", { name: "Upcoming events" }).waitFor();
}

/** Ada signs in on another device (her account, made by the sign-up step, is ada2@). */
async function signInAsAda(page: Page): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill("ada2@example.com");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Upcoming events" }).waitFor();
}

async function status(page: Page, text: string): Promise<void> {
  await page.getByTestId("ticket-status").filter({ hasText: text }).first().waitFor({ timeout: LIVE });
}

beforeAll(async () => {
  browser = await launch();
  ada = await person(browser, clock, { timezoneId: "Europe/London" });
  ben = await person(browser, clock, { timezoneId: "Asia/Almaty" });
});

afterEach(async ({ task }) => {
  if (task.result?.state !== "fail") return;
  for (const [name, who] of [["ada", ada], ["ben", ben]] as const) {
    await shoot(who.page, `failed-${name}`);
    console.log(`--- ${name} at ${who.page.url()}:\n${await who.page.locator("body").innerText()}\n${who.problems.join("\n")}`);
  }
});

afterAll(async () => {
  await browser?.close();
});

describe("the web client, in Chromium", () => {
  it("refuses a weak password beside its field, then signs Ada up", async () => {
    const { page } = ada;
    await page.goto("/signup");
    await pageIsSound(ada, "signup");
    await submitSignUp(page, { email: "ada@example.com", username: "ada", first: "Ada", last: "Lovelace" }, "password1");
    const field = page.getByLabel("Password");
    const said = page.locator("#" + (await field.getAttribute("id")) + "-error");
    await said.waitFor();
    expect(await said.textContent()).toMatch(/^This password is too easy to guess: [^;]+$/); // one sentence
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    expect(page.url()).toContain("/signup");
    await signUp(page, { email: "ada2@example.com", username: "ada", first: "Ada", last: "Lovelace" });
    await page.getByText("No events match").waitFor();
    await pageIsSound(ada, "events-empty");
  });

  it("lets Ada create an event in its own time zone, with one seat", async () => {
    const { page } = ada;
    await page.getByRole("link", { name: "New event" }).click();
    await page.getByLabel("Title").fill("Rooftop Jazz");
    await page.getByLabel("Description").fill("A trio under the stars.");
    await page.getByLabel("Time zone").selectOption("Asia/Tokyo");
    await page.getByLabel("Starts").fill("2026-11-24T21:30"); // 12:30 UTC
    await page.getByLabel("Location").fill("Almaty, Abay Ave 1");
    await page.getByLabel("Capacity").fill("1");
    await pageIsSound(ada, "event-new");
    await page.getByRole("button", { name: "Create event" }).click();
    await page.getByRole("heading", { name: "Rooftop Jazz" }).waitFor();
    eventUrl = new URL(page.url()).pathname;
    expect(eventUrl).toMatch(/^\/e\/[A-Za-z0-9_-]+$/);
    // in the event's zone, and in Ada's (London)
    await page.getByText("Tue, 24 Nov 2026, 21:30 GMT+9").first().waitFor();
    await page.getByText("your time Tue, 24 Nov 2026, 12:30 GMT").first().waitFor();
    await page.getByRole("button", { name: "Get a ticket" }).click();
    await status(page, "Confirmed");
    await page.getByText("Full").first().waitFor();
  });

  it("shows Ben the event as full in the list and puts him on the waitlist", async () => {
    const { page } = ben;
    await signUp(page, { email: "ben@example.com", username: "ben", first: "Ben", last: "Kenobi" });
    await page.getByRole("link", { name: "Rooftop Jazz" }).waitFor();
    await page.getByText("Full").first().waitFor();
    await pageIsSound(ben, "events");
    await page.getByLabel("Search").fill("no such thing");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByText("No events match").waitFor();
    await page.getByLabel("Search").fill("jazz");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: "Rooftop Jazz" }).click();
    await page.getByRole("button", { name: "Join the waitlist" }).click();
    await status(page, "On the waitlist");
    await pageIsSound(ben, "event-waitlisted");
  });

  it("promotes Ben live when Ada gives up her seat, and his bell rings", async () => {
    await ada.page.goto(eventUrl);
    await ada.page.getByText("1 waiting", { exact: false }).first().waitFor({ timeout: LIVE });
    await pageIsSound(ada, "event-organiser");
    await ada.page.getByRole("button", { name: "Cancel my ticket" }).click();
    // her seat went to Ben at once: the event is full again
    await ada.page.getByRole("button", { name: "Join the waitlist" }).waitFor();
    // Ben has not reloaded: the notification stream tells his page
    await status(ben.page, "Confirmed");
    await ben.page.getByTestId("unread").waitFor({ timeout: LIVE });
  });

  it("gives Ben his ticket as a QR code", async () => {
    const { page } = ben;
    await page.getByRole("link", { name: "My tickets" }).click();
    const code = page.getByTestId("ticket-code").first();
    await code.waitFor();
    benCode = (await code.textContent())?.trim() ?? "";
    expect(benCode.length).toBeGreaterThan(5);
    await page.getByRole("img", { name: `QR code of your ticket ${benCode}` }).waitFor();
    await page.getByRole("heading", { name: "Upcoming", exact: true }).waitFor(); // grouped by when
    await pageIsSound(ben, "tickets");
  });

  it("follows a dark system theme, axe-clean, with the QR code still dark on light, and a forced light one", async () => {
    const { page } = ben;
    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const light = await background();
    await page.emulateMedia({ colorScheme: "dark" });
    await page.getByRole("img", { name: `QR code of your ticket ${benCode}` }).waitFor();
    const dark = await background();
    expect(dark).not.toBe(light);
    expect(await page.locator("img.qr").first().evaluate((img) => getComputedStyle(img).backgroundColor)).toBe("rgb(255, 255, 255)");
    await pageIsSound(ben, "tickets-dark");
    await page.goto(eventUrl);
    await pageIsSound(ben, "event-dark");
    await page.goto("/account");
    await page.getByLabel("Theme on this device").selectOption("light");
    expect(await background()).toBe(light); // the setting beats the system's
    await page.getByLabel("Theme on this device").selectOption("system");
    expect(await background()).toBe(dark);
    await page.emulateMedia({ colorScheme: "light" });
  });

  it("checks Ben in at the door by his code, once", async () => {
    const { page } = ada;
    await page.goto(eventUrl);
    await page.getByRole("link", { name: "Attendees and check-in" }).click();
    await page.getByRole("heading", { name: "Attendees and check-in" }).waitFor();
    await page.getByLabel("Ticket code").fill("not-a-ticket");
    await page.getByRole("button", { name: "Check in", exact: true }).click();
    await page.getByTestId("checkin-outcome").getByText("Not valid").waitFor();
    await page.getByLabel("Ticket code").fill(benCode);
    await page.getByRole("button", { name: "Check in", exact: true }).click();
    await page.getByTestId("checkin-outcome").getByText("Checked in: Ben Kenobi").waitFor();
    await status(page, "Checked in");
    await page.getByText("At the door: 1 of 1 checked in").waitFor({ timeout: LIVE }); // the dashboard
    await pageIsSound(ada, "checkin");
    await page.getByLabel("Ticket code").fill(benCode);
    await page.getByRole("button", { name: "Check in", exact: true }).click();
    await page.getByTestId("checkin-outcome").getByText("Already used").waitFor();
    // the list goes to a spreadsheet: Ben, checked in, his email (the organizer sees it)
    const [file] = await Promise.all([page.waitForEvent("download"),
      page.getByRole("button", { name: "Download (CSV)" }).click()]);
    const csv = readFileSync(await file.path(), "utf8");
    expect(csv.charCodeAt(0), "a BOM first").toBe(0xfeff);
    const ben = csv.split("\r\n").find((line) => line.includes("ben@example.com")) ?? "";
    expect(ben).toContain("Ben Kenobi");
    expect(ben).toMatch(/,confirmed,[^,]+,20\d\d-/); // registered, then checked in at a time
  });

  it("reads a ticket's QR code through the camera at the door", async () => {
    const video = join(tmpdir(), `ticket-${process.pid}.y4m`);
    qrVideo(benCode, video);
    const door = await launchWithCamera(video);
    try {
      const scanner = await person(door, new Clock(clock.now), { timezoneId: "Europe/London", viewport: { width: 390, height: 844 } });
      const { page } = scanner;
      await signInAsAda(page);
      await page.goto(eventUrl + "/manage");
      await page.getByRole("button", { name: "Scan QR code" }).click();
      // the code read from the camera goes straight to check-in: Ben's ticket, used a minute ago
      await page.getByTestId("checkin-outcome").getByText("Already used").waitFor({ timeout: LIVE });
      expect(await page.getByLabel("Ticket code").inputValue()).toBe(benCode);
      expect(scanner.problems).toEqual([]);
    } finally {
      await door.close();
    }
  });

  it("lets Ben review the event once it has started, and Ada reads it", async () => {
    const { page } = ben;
    await page.goto(eventUrl);
    await page.getByText("You can review this event once it has started").waitFor();
    await clock.set(new Date("2026-11-24T12:45:00Z"));
    await page.reload();
    await page.getByLabel("4 stars").check();
    await page.getByLabel("Comment (optional)").fill("A lovely evening with a brilliant trio.");
    await page.getByRole("button", { name: "Post review" }).click();
    await page.getByText("A lovely evening with a brilliant trio.").waitFor();
    await page.getByRole("img", { name: "4 out of 5 stars" }).first().waitFor();
    await ada.page.goto(`${eventUrl}/manage`); // what the reviews say, for the organizer
    await ada.page.getByText("1 review: 1 positive, 0 neutral, 0 negative (1 judged by their English text").waitFor();
    await pageIsSound(ada, "insight");
    await ada.page.goto(eventUrl);
    await ada.page.getByText("A lovely evening with a brilliant trio.").waitFor();
    await ada.page.getByText("4.0 from 1 review").waitFor();
    // the event has started: nobody is offered a ticket the server would refuse
    await ada.page.getByText("Registration has closed: the event has already started.").waitFor();
    expect(await ada.page.getByRole("button", { name: /Get a ticket|Join the waitlist/ }).count()).toBe(0);
  });

  it("keeps Ada's notifications live in her inbox, and marks them read", async () => {
    const { page } = ada;
    await page.getByTestId("unread").waitFor({ timeout: LIVE });
    await page.getByRole("link", { name: /^Notifications/ }).click();
    await page.getByText("ben reviewed Rooftop Jazz (4/5)", { exact: false }).or(page.getByText("reviewed Rooftop Jazz")).first().waitFor({ timeout: LIVE });
    await pageIsSound(ada, "inbox");
    await page.getByRole("button", { name: "Mark read" }).first().click();
    await page.getByRole("button", { name: "Mark all read" }).click();
    await page.getByTestId("unread").waitFor({ state: "detached", timeout: LIVE });
    expect(await page.getByRole("button", { name: "Mark read" }).count()).toBe(0);
  });

  it("lets Ada edit the event, shows the capacity rule, and change her profile", async () => {
    const { page } = ada;
    await page.goto(eventUrl + "/edit");
    await page.getByText("cannot go below the 1 already confirmed", { exact: false }).waitFor();
    await page.getByLabel("Capacity").fill("0");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("A whole number of at least 1").waitFor();
    await page.getByLabel("Capacity").fill("40");
    await page.getByLabel("Ends (optional)").fill("2026-11-24T20:00"); // before its 21:30 start
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Must be after the start").waitFor(); // said by the form, before any request
    await page.getByLabel("Ends (optional)").fill("");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("39 of 40 seats left").waitFor();
    await page.getByRole("link", { name: "Account" }).click();
    await page.getByLabel("First name").fill("Augusta Ada");
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.getByText("Saved.").waitFor();
    await pageIsSound(ada, "account");
  });

  it("serves the API reference for this server, the bearer token, operations by tag", async () => {
    const { page } = ada;
    await page.goto("/api-docs");
    await page.locator(".swagger-ui .info .title").waitFor();
    const servers = await page.locator(".servers select option").allTextContents();
    expect(servers).toHaveLength(1); // no deploy-time placeholder host
    expect(servers[0]).toContain(APP_URL);
    const tags = await page.locator(".swagger-ui .opblock-tag").allTextContents();
    expect(tags.some((t) => t.startsWith("events")) && tags.some((t) => t.startsWith("registrations"))).toBe(true);
    expect(tags.some((t) => t.startsWith("default"))).toBe(false); // every operation has its group
    await page.getByRole("button", { name: "Authorize" }).click();
    await page.getByText("bearer (http, Bearer)").waitFor();
    expect(await page.getByText("firebase (OAuth2").count()).toBe(0);
    await page.keyboard.press("Escape");
    expect(await axe(page), "axe on the API reference").toEqual([]);
    await shoot(page, "api-docs");
    expect(ada.problems).toEqual([]);
  });

  it("hands Ben the event as a calendar file", async () => {
    const { page } = ben;
    await page.goto(eventUrl);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Add to calendar (.ics)" }).click(),
    ]);
    const path = await download.path();
    const text = readFileSync(path, "utf8");
    expect(text).toContain("BEGIN:VCALENDAR");
    expect(text).toContain("Rooftop Jazz");
  });

  it("tells Ben live when Ada cancels the event", async () => {
    await ben.page.getByRole("link", { name: "My tickets" }).click();
    await status(ben.page, "Checked in");
    await ada.page.goto(eventUrl);
    await ada.page.getByRole("button", { name: "Cancel event" }).click();
    await ada.page.getByText("This event has been cancelled.").waitFor();
    await ben.page.getByText("Event cancelled").waitFor({ timeout: LIVE });
    await ben.page.getByRole("heading", { name: "Cancelled", exact: true }).waitFor({ timeout: LIVE }); // moved apart
    // it stays in Ada's own lists: no longer among the upcoming, among the cancelled
    await ada.page.goto("/?whose=mine-cancelled");
    await ada.page.getByRole("heading", { name: "My cancelled events" }).waitFor();
    await ada.page.getByRole("link", { name: "Rooftop Jazz" }).first().waitFor();
    await pageIsSound(ada, "events-cancelled");
  });

  it("loads the next page of events as the list's end scrolls into view", async () => {
    const { page } = ada;
    const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem("events.session") ?? "{}") as { token: string }).token);
    for (let n = 1; n <= 21; n++) {
      const created = await page.request.post("/events", {
        headers: { Authorization: `Bearer ${token}` },
        data: { title: `Series night ${n}`, starts_at: `2026-12-${String(n).padStart(2, "0")}T18:00:00Z`, capacity: 10 },
      });
      expect(created.status()).toBe(201);
    }
    await page.goto("/");
    const cards = page.getByRole("list", { name: "Events" }).getByRole("listitem");
    await page.getByRole("link", { name: "Series night 20", exact: true }).waitFor();
    expect(await cards.count()).toBe(20);
    await page.getByRole("link", { name: "Series night 20", exact: true }).scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 5000);
    await page.getByRole("link", { name: "Series night 21", exact: true }).waitFor();
    expect(await cards.count()).toBe(21);
  });

  it("picks events for Ben with a reason each, and drops one he is not interested in", async () => {
    const { page } = ben;
    // the embedded default refits the model a minute (of the server's clock) after the last time
    await clock.set(new Date(clock.now.getTime() + 120_000));
    const forYou = page.getByRole("list", { name: "Recommended events" });
    const deadline = Date.now() + 4 * LIVE;
    do {
      await page.goto("/");
      await page.getByRole("heading", { name: "Upcoming events" }).waitFor();
      if (await forYou.count()) break;
      await page.waitForTimeout(1000);
    } while (Date.now() < deadline);
    const first = forYou.getByRole("listitem").first();
    await first.waitFor();
    expect(await first.locator(".reason").innerText()).toMatch(/^(Coming up|Popular this week|Because you went to .+)$/);
    const title = await first.getByRole("heading").innerText();
    await pageIsSound(ben, "home-for-you");
    await first.getByRole("button", { name: `Not interested in ${title}` }).click();
    await expect.poll(async () => forYou.getByRole("heading", { name: title, exact: true }).count(), { timeout: LIVE }).toBe(0);
    // the event page offers events like it (the series' other nights)
    await forYou.getByRole("listitem").first().getByRole("link").click();
    await page.getByRole("heading", { name: "Similar events" }).waitFor();
    expect(await page.getByRole("link", { name: /^Series night \d+$/ }).count()).toBeGreaterThan(0);
  });

  it("walks Ben through a ticket in Russian, every page fitting a phone and a laptop, the server's words too", async () => {
    const { page } = ben;
    await page.goto("/");
    await page.getByRole("combobox", { name: "Language" }).selectOption("ru");
    await page.getByRole("heading", { name: "Предстоящие события" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("ru");
    await expect.poll(() => profileLanguage(page), { timeout: LIVE }).toBe("ru"); // his mail follows
    await page.getByText(/^Осталось 10 мест из 10$/).first().waitFor(); // the plural's "many" form
    await page.getByText(/\d+ дек\. 2026 г\./).first().waitFor(); // dates in Russian too
    await pageIsSound(ben, "events-ru");
    jazzUrl = await createEvent(ada.page, { title: "Вечер джаза", starts_at: "2026-11-27T15:00:00Z", capacity: 5,
      location: "Абая 10, Алматы", tags: ["джаз", "живая музыка"], category: "music" });
    await page.goto(jazzUrl);
    await page.getByRole("heading", { name: "Вечер джаза" }).waitFor();
    await page.getByText("Музыка · джаз и живая-музыка").waitFor(); // the category and tags, as a list
    await page.getByRole("button", { name: "Получить билет" }).click();
    await page.getByRole("link", { name: "Показать билет" }).click();
    jazzCode = ((await page.getByTestId("ticket-code").textContent()) ?? "").trim();
    await pageIsSound(ben, "ticket-ru");
    for (const [name, path, heading] of [["event", jazzUrl, "Вечер джаза"], ["tickets", "/tickets", "Мои билеты"],
      ["inbox", "/inbox", "Уведомления"], ["account", "/account", "Аккаунт"], ["organizer", "/o/ada", "События @ada"],
      ["new-event", "/new", "Новое событие"]] as const) {
      await page.goto(path);
      await page.getByRole("heading", { name: heading, exact: true }).waitFor();
      await pageIsSound(ben, `${name}-ru`);
    }
    // a refusal the server words: said in Russian beside its field
    await page.goto("/account");
    await page.getByLabel("Текущий пароль").fill("not my password at all");
    await page.getByLabel("Новый пароль").fill("a brand new passphrase here");
    await page.getByRole("button", { name: "Сменить пароль" }).click();
    await page.getByText("Это не ваш пароль").waitFor();
  });

  it("lets Ada run the door in Kazakh, every page of hers fitting a phone and a laptop", async () => {
    const { page } = ada;
    await page.goto("/");
    await page.getByRole("combobox", { name: "Language" }).selectOption("kk");
    await page.getByRole("heading", { name: "Алдағы іс-шаралар" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("kk");
    await pageIsSound(ada, "events-kk");
    await page.goto(`${jazzUrl}/manage`);
    await page.getByRole("heading", { name: "Қатысушылар және кіру" }).waitFor();
    await page.getByLabel("Билет коды").fill(jazzCode);
    await page.getByRole("button", { name: "Белгілеу", exact: true }).click();
    await page.getByTestId("checkin-outcome").getByText(/^Белгіленді: .+\. Қош келдіңіз!$/).waitFor();
    await pageIsSound(ada, "manage-kk");
    for (const [name, path, heading] of [["event", jazzUrl, "Вечер джаза"], ["new-event", "/new", "Жаңа іс-шара"],
      ["edit-event", `${jazzUrl}/edit`, "«Вечер джаза» өзгерту"], ["account", "/account", "Есептік жазба"],
      ["tickets", "/tickets", "Менің билеттерім"], ["inbox", "/inbox", "Хабарламалар"]] as const) {
      await page.goto(path);
      await page.getByRole("heading", { name: heading, exact: true }).waitFor();
      await pageIsSound(ada, `${name}-kk`);
    }
    await page.reload(); // the choice is kept
    await page.getByRole("heading", { name: "Хабарламалар", exact: true }).waitFor();
  });

  it("greets a visitor in the browser's own language, Russian or Kazakh, on every page without an account", async () => {
    for (const [locale, language, heading] of [["ru-RU", "ru", "Вечер джаза"], ["kk-KZ", "kk", "Вечер джаза"]] as const) {
      const visitor = await person(browser, new Clock(clock.now), { timezoneId: "Asia/Almaty", locale });
      try {
        const { page } = visitor;
        const ru = language === "ru";
        for (const [name, path, title] of [["event", jazzUrl, heading], ["signin", "/signin", ru ? "Вход" : "Кіру"],
          ["signup", "/signup", ru ? "Создание аккаунта" : "Есептік жазба жасау"],
          ["forgot-password", "/forgot-password", ru ? "Забыли пароль?" : "Құпиясөзді ұмыттыңыз ба?"],
          // the pages a mailed link opens (without its token they say only what they are)
          ["reset-password", "/reset-password", ru ? "Новый пароль" : "Жаңа құпиясөз орнату"],
          ["verify-email", "/verify-email", ru ? "Подтверждение адреса" : "Мекенжайды растау"],
          ["change-email", "/change-email", ru ? "Ваш новый адрес" : "Жаңа мекенжайыңыз"],
          ["unsubscribe", "/unsubscribe", ru ? "Отписка" : "Жазылымнан бас тарту"]] as const) {
          await page.goto(path);
          await page.getByRole("heading", { name: title, exact: true }).waitFor();
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
          await pageIsSound(visitor, `visitor-${name}-${language}`);
        }
      } finally {
        await visitor.context.close();
      }
    }
  });

  it("goes back to English for both, on their profiles too", async () => {
    for (const who of [ada, ben]) {
      await who.page.goto("/");
      await who.page.getByRole("combobox", { name: /^(Язык|Тіл)$/ }).selectOption("en"); // named in its language
      await who.page.getByRole("heading", { name: "Upcoming events" }).waitFor();
      await expect.poll(() => profileLanguage(who.page), { timeout: LIVE }).toBe("en");
    }
  });

  it("sells two kinds of ticket: Ada adds a VIP table of one, Ben takes it, and it shows sold out", async () => {
    const salon = await createEvent(ada.page, { title: "Salon", starts_at: "2026-11-28T17:00:00Z", capacity: 10 });
    await ada.page.goto(`${salon}/manage`);
    await ada.page.getByRole("heading", { name: "Ticket types" }).waitFor();
    await ada.page.getByLabel("Name", { exact: true }).fill("VIP table");
    await ada.page.getByLabel("Cap (optional)").fill("1");
    await ada.page.getByRole("button", { name: "Add type" }).click();
    await ada.page.getByRole("rowheader", { name: "VIP table" }).waitFor();
    await ada.page.getByLabel("Name", { exact: true }).fill("Pair");
    await ada.page.getByLabel("At least per order (optional)").fill("2");
    await ada.page.getByLabel("At most per order (optional)").fill("2");
    await ada.page.getByRole("button", { name: "Add type" }).click();
    await ada.page.getByRole("rowheader", { name: "Pair (2 to 2 per order)" }).waitFor();
    await pageIsSound(ada, "manage-types");
    const { page } = ben;
    await page.goto(salon);
    const picker = page.getByRole("group", { name: "Ticket type" });
    await picker.getByLabel(/General admission/).fill("0");
    await picker.getByLabel(/VIP table/).fill("1");
    await picker.getByLabel(/Pair/).fill("0");
    await page.getByRole("button", { name: "Get a ticket" }).click();
    await page.getByRole("link", { name: "Show my ticket" }).waitFor();
    await pageIsSound(ben, "event-ticket-type");
    await ada.page.reload();
    const vip = ada.page.getByRole("row", { name: /VIP table/ }).getByRole("cell");
    await expect.poll(async () => [await vip.nth(2).textContent(), await vip.nth(3).textContent()],
      { timeout: LIVE }).toEqual(["1", "0"]); // taken 1 of a cap of 1: none left
    const byType = ada.page.getByRole("table", { name: "By ticket type" }).getByRole("row", { name: /VIP table/ });
    expect(await byType.getByRole("cell").first().textContent()).toBe("1"); // confirmed, on the dashboard too
  });

  it("lets Ben take three tickets for his family in one order, name them, and pass one on", async () => {
    const picnic = await createEvent(ada.page, { title: "Family picnic", starts_at: "2026-11-29T11:00:00Z", capacity: 10 });
    picnicUrl = picnic;
    const { page } = ben;
    await page.goto(picnic);
    await page.getByLabel("How many tickets").fill("3");
    await page.getByRole("group", { name: "Ticket 2: General admission" }).getByLabel("Name (optional)").fill("Mia");
    const third = page.getByRole("group", { name: "Ticket 3: General admission" });
    await third.getByLabel("Name (optional)").fill("Leo");
    await third.getByLabel(/Email \(optional\)/).fill("leo@example.com");
    await pageIsSound(ben, "order-form");
    await page.getByRole("button", { name: "Get 3 tickets" }).click();
    await page.getByRole("heading", { name: "Ticket 3 · Leo" }).waitFor();
    expect(await page.getByRole("img", { name: /QR code of your ticket/ }).count()).toBe(3);
    await page.getByRole("heading", { name: "Ticket 1 · You" }).waitFor();
    await pageIsSound(ben, "order");
    const mia = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Ticket 2 · Mia" }) });
    const before = await mia.getByTestId("ticket-code").textContent();
    await mia.getByText("Pass this ticket on").click();
    await mia.getByLabel("Name (optional)").fill("Noa");
    await mia.getByRole("button", { name: "Save" }).click();
    await page.getByRole("heading", { name: "Ticket 2 · Noa" }).waitFor();
    const passed = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Ticket 2 · Noa" }) });
    expect(await passed.getByTestId("ticket-code").textContent()).not.toBe(before); // a new code
    await ada.page.goto(`${picnic}/manage`);
    await ada.page.getByRole("cell", { name: /Noa/ }).waitFor(); // the door sees whom each ticket is for
    await ada.page.getByRole("cell", { name: /Leo/ }).waitFor();
    await ada.page.getByLabel("Find by name").fill("noa");
    await ada.page.getByRole("button", { name: "Check in Noa" }).click();
    const noa = ada.page.getByRole("listitem").filter({ hasText: "Noa" });
    await noa.getByTestId("ticket-status").filter({ hasText: "Checked in" }).waitFor({ timeout: LIVE });
    await pageIsSound(ada, "door-find");
  });

  it("lets Ada hand the door to Dora by mail, who sees names only and Ada's check-in live, until removed", async () => {
    await ada.page.goto(`${picnicUrl}/manage`);
    await ada.page.getByLabel("Their email").fill("dora@example.com");
    await ada.page.getByLabel("Role", { exact: true }).selectOption("door");
    await ada.page.getByRole("button", { name: "Send invitation" }).click();
    await ada.page.getByRole("rowheader", { name: /dora@example\.com/ }).waitFor();
    await pageIsSound(ada, "manage-team");
    const dora = await person(browser, new Clock(clock.now), { timezoneId: "Europe/London" });
    try {
      const { page } = dora;
      await page.goto(await mailedLink("dora@example.com", "Augusta Ada Lovelace invites you to help run Family picnic", "/join-team"));
      await page.waitForURL(/\/signin/); // signed out: sign up, then back to the link
      await page.getByRole("link", { name: "Create an account" }).click();
      await submitSignUp(page, { email: "dora@example.com", username: "dora", first: "Dora", last: "Door" });
      await page.getByRole("button", { name: "Join the team" }).click();
      await page.getByText("You are on the team of Family picnic as Door.").waitFor();
      await pageIsSound(dora, "join-team");
      await page.getByRole("link", { name: "Attendees and check-in" }).click();
      await page.getByText("Your role: Door").waitFor();
      await page.getByRole("cell", { name: /Leo/ }).waitFor();
      expect(await page.getByRole("heading", { name: "Team" }).count()).toBe(0); // the organiser's alone
      expect(await page.getByRole("button", { name: "Download (CSV)" }).count()).toBe(0); // no emails, no money
      await page.getByLabel("Find by name").fill("leo");
      await page.getByRole("button", { name: "Check in Leo" }).waitFor();
      await pageIsSound(dora, "door-team");
      await ada.page.getByLabel("Find by name").fill("leo");
      await ada.page.getByRole("button", { name: "Check in Leo" }).click();
      // Dora's device hears of it through her live stream: no reload, no polling
      const leo = page.getByRole("listitem").filter({ hasText: "Leo" });
      await leo.getByTestId("ticket-status").filter({ hasText: "Checked in" }).waitFor({ timeout: LIVE });
      await ada.page.getByRole("row", { name: /Dora Door/ }).getByRole("button", { name: "Remove" }).click();
      await page.getByText("You are not on this event's team.").waitFor({ timeout: LIVE }); // at once, told live
    } finally {
      await dora.context.close();
    }
  });

  it("lets Ada ask each guest's meal and the rules once, and Ben answer them in his order", async () => {
    const dinner = await createEvent(ada.page, { title: "Dinner", starts_at: "2026-11-30T18:00:00Z", capacity: 12 });
    await ada.page.goto(`${dinner}/manage`);
    await ada.page.getByRole("heading", { name: "Questions to buyers" }).waitFor();
    await ada.page.getByLabel("Question", { exact: true }).fill("Meal");
    await ada.page.getByLabel("Answered with").selectOption("single_choice");
    await ada.page.getByLabel("Choices, one a line").fill("Fish\nVegan");
    await ada.page.getByLabel("Must be answered").check();
    await ada.page.getByLabel("Ask each attendee (not once per order)").check();
    await ada.page.getByRole("button", { name: "Add question" }).click();
    await ada.page.getByRole("listitem").filter({ hasText: "Meal" }).waitFor();
    await ada.page.getByLabel("Question", { exact: true }).fill("I accept the house rules");
    await ada.page.getByLabel("Answered with").selectOption("checkbox");
    await ada.page.getByLabel("Must be answered").check();
    await ada.page.getByRole("button", { name: "Add question" }).click();
    await ada.page.getByRole("listitem").filter({ hasText: "I accept the house rules" }).waitFor();
    const meal = ada.page.getByRole("listitem").filter({ hasText: "Meal" });
    await meal.getByText("Change").click(); // a choice more, once asked
    await meal.getByLabel("Choices, one a line").fill("Fish\nVegan\nMeat");
    await meal.getByRole("button", { name: "Save question" }).click();
    await ada.page.getByRole("listitem").filter({ hasText: "(Fish, Vegan, Meat)" }).waitFor();
    await pageIsSound(ada, "manage-questions");
    const { page } = ben;
    await page.goto(dinner);
    await page.getByLabel("How many tickets").fill("2");
    await page.getByRole("group", { name: "Ticket 1: General admission (yours)" }).getByLabel(/Meal/).selectOption("Fish");
    await page.getByRole("group", { name: "Ticket 2: General admission" }).getByLabel(/Meal/).selectOption("Vegan");
    await page.getByRole("button", { name: "Get 2 tickets" }).click();
    // the rules, unticked: the server says so beside the box (and in the list under the button)
    await page.getByText("this question must be answered").first().waitFor();
    expect(await page.getByLabel(/I accept the house rules/).getAttribute("aria-invalid")).toBe("true");
    await page.getByLabel(/I accept the house rules/).check();
    await pageIsSound(ben, "order-questions");
    await page.getByRole("button", { name: "Get 2 tickets" }).click();
    await page.getByRole("heading", { name: "Ticket 2 · You" }).waitFor();
    // the order page says what was answered, beside each question: the rules once, a meal per ticket
    const answers = page.getByRole("definition");
    await answers.filter({ hasText: "Vegan" }).waitFor();
    expect(await answers.allTextContents()).toEqual(expect.arrayContaining(["Yes", "Fish", "Vegan"]));
    await pageIsSound(ben, "order-answers");
    // one ticket leaves the order alone (not the first: it stands for the order)
    expect(await page.getByRole("button", { name: "Cancel my ticket" }).count()).toBe(1);
    const second = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Ticket 2 · You" }) });
    await second.getByRole("button", { name: "Cancel my ticket" }).click();
    await second.getByTestId("ticket-status").filter({ hasText: "Cancelled" }).waitFor({ timeout: LIVE });
  });

  it("lets Ada make a code for half price, and Ben pay half with it through one checkout", async () => {
    const concert = await createEvent(ada.page, { title: "Concert", starts_at: "2026-12-20T19:00:00Z", capacity: 20,
      price: 2000, currency: "EUR" });
    await ada.page.goto(`${concert}/manage`);
    await ada.page.getByRole("heading", { name: "Promo and access codes" }).waitFor();
    await ada.page.getByLabel("Code", { exact: true }).fill("half");
    await ada.page.getByLabel("How much (0: an access code)").fill("50");
    await ada.page.getByLabel(/Valid until/).fill("2026-12-20T18:00");
    await ada.page.getByRole("button", { name: "Add code" }).click();
    await ada.page.getByRole("rowheader", { name: "HALF" }).waitFor();
    await ada.page.getByRole("row", { name: /HALF/ }).getByText(/until/).waitFor(); // its validity, shown
    await pageIsSound(ada, "manage-codes");
    const { page } = ben;
    await page.goto(concert);
    await page.getByLabel("Promo or access code").fill("nope");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.getByText("No such code, or it is not valid now.").waitFor();
    await page.getByLabel("Promo or access code").fill("half");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.getByRole("status").filter({ hasText: "Code HALF applied." }).waitFor();
    await pageIsSound(ben, "event-code");
    await page.getByRole("button", { name: "Buy 1 ticket · €10.00" }).click();
    await page.getByRole("button", { name: "Pay 10.00 EUR" }).click();
    await page.waitForURL(/\/order\/[A-Za-z0-9_-]+\?checkout=success$/);
    await page.getByTestId("payment-status").filter({ hasText: "Paid. This is your receipt." }).waitFor({ timeout: LIVE });
    expect(await page.getByTestId("receipt-amount").textContent()).toBe("€10.00");
    await ada.page.reload();
    const half = ada.page.getByRole("row", { name: /HALF/ }).getByRole("cell");
    await expect.poll(async () => half.nth(2).textContent(), { timeout: LIVE }).toBe("1"); // one ticket used it
  });

  it("sells Ben a paid ticket through the test checkout, with a receipt, sales and a refund", async () => {
    const token = await ada.page.evaluate(() => (JSON.parse(sessionStorage.getItem("events.session") ?? "{}") as { token: string }).token);
    const created = await ada.page.request.post("/events", {
      headers: { Authorization: `Bearer ${token}` },
      data: { title: "Paid Gala", starts_at: "2026-12-24T18:00:00Z", capacity: 5, price: 2500, currency: "EUR" },
    });
    expect(created.status()).toBe(201);
    const gala = `/e/${(await created.json() as { id: string }).id}`;
    const { page } = ben;
    await page.goto(gala);
    await page.getByRole("button", { name: "Buy a ticket · €25.00" }).click();
    // the test provider's own checkout page, served by the app
    await page.getByText("Test payments: no money moves").waitFor();
    await pageIsSound(ben, "test-checkout");
    await page.getByRole("button", { name: "Pay 25.00 EUR" }).click();
    await page.waitForURL(/\/tickets\/[A-Za-z0-9_-]+\?checkout=success$/);
    await status(page, "Confirmed");
    await page.getByTestId("payment-status").filter({ hasText: "Paid. This is your receipt." }).waitFor({ timeout: LIVE });
    expect(await page.getByTestId("receipt-amount").textContent()).toBe("€25.00");
    await page.getByTestId("ticket-code").waitFor();
    await pageIsSound(ben, "ticket-paid");
    await ada.page.goto(`${gala}/manage`);
    await ada.page.getByTestId("sales-net").filter({ hasText: "€25.00" }).waitFor({ timeout: LIVE });
    // Ben cancels: the policy (until the start) refunds him, through the bus
    await page.getByRole("button", { name: "Cancel my ticket" }).click();
    await page.getByTestId("payment-status").filter({ hasText: "Refunded." }).waitFor({ timeout: LIVE });
    await ada.page.getByTestId("sales-net").filter({ hasText: "€0.00" }).waitFor({ timeout: LIVE });
    // again, but he leaves the checkout: his seat stays held, with a countdown, until he declines
    await page.goto(gala);
    await page.getByRole("button", { name: "Buy a ticket · €25.00" }).click();
    await page.getByRole("link", { name: "Back without paying" }).click();
    await page.getByText("You left the checkout without paying.").waitFor();
    await status(page, "Awaiting payment");
    expect(await page.getByTestId("countdown").textContent()).toMatch(/^(30:00|29:[0-5]\d)$/);
    await pageIsSound(ben, "ticket-held");
    await page.getByRole("button", { name: "Pay €25.00" }).click();
    await page.getByRole("button", { name: "Decline the payment" }).click();
    await page.waitForURL(/\?checkout=cancelled$/);
    await status(page, "Cancelled");
    await page.getByTestId("payment-status").filter({ hasText: "The payment was declined" }).waitFor();
  });

  it("shows a shared link to a visitor, who signs up from it and ends with the ticket", async () => {
    const organiser = await person(browser, new Clock(clock.now), { timezoneId: "Europe/London" });
    let shared = "";
    try {
      await signInAsAda(organiser.page);
      const token = await organiser.page.evaluate(() => (JSON.parse(sessionStorage.getItem("events.session") ?? "{}") as { token: string }).token);
      const created = await organiser.page.request.post("/events", {
        headers: { Authorization: `Bearer ${token}` },
        data: { title: "Open Mic", starts_at: "2026-12-30T18:00:00Z", capacity: 20, location: "Almaty, Panfilov 1" },
      });
      expect(created.status()).toBe(201);
      shared = `/e/${((await created.json()) as { id: string }).id}`;
      // Ada gives it a cover through the picker on its edit page: a 1200x630 picture drawn here
      const { page } = organiser;
      await page.goto(`${shared}/edit`);
      const png = await page.evaluate(() => {
        const canvas = document.createElement("canvas");
        canvas.width = 1200;
        canvas.height = 630;
        const draw = canvas.getContext("2d")!;
        draw.fillStyle = "#0b6e4f";
        draw.fillRect(0, 0, 1200, 630);
        draw.fillStyle = "#f4d35e";
        draw.fillRect(100, 100, 400, 300);
        return canvas.toDataURL("image/png").split(",")[1]!;
      });
      await page.getByLabel("Cover image (optional)").setInputFiles({
        name: "stage.png", mimeType: "image/png", buffer: Buffer.from(png, "base64") });
      await page.getByRole("img", { name: "Preview of the cover" }).waitFor();
      await page.getByLabel("Describe the cover (optional)").fill("A microphone on an empty stage");
      await pageIsSound(organiser, "event-edit-cover");
      await page.getByRole("button", { name: "Save changes" }).click();
      await page.getByRole("img", { name: "A microphone on an empty stage" }).waitFor();
    } finally {
      await organiser.context.close();
    }
    const cleo = await person(browser, new Clock(clock.now), { timezoneId: "Asia/Almaty" });
    try {
      const { page } = cleo;
      const served = await page.request.get(shared); // what a link preview reads: no JavaScript
      const head = await served.text();
      expect(head).toContain('<meta property="og:title" content="Open Mic">');
      expect(head).toMatch(/<meta property="og:image" content="[^"]+\/media\/covers\/[^"]+-share\.jpg">/);
      await page.goto(shared);
      await page.getByRole("heading", { name: "Open Mic" }).waitFor();
      const cover = page.getByRole("img", { name: "A microphone on an empty stage" });
      await cover.waitFor();
      // the cover came (srcset: the browser picked a width), with its place kept while it loaded
      expect(await cover.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      expect(await cover.getAttribute("srcset")).toMatch(/480\.webp 480w, .+ 1200w$/);
      expect([await cover.getAttribute("width"), await cover.getAttribute("height")]).toEqual(["1200", "630"]);
      expect(new URL(page.url()).pathname).toBe(shared); // not sent to sign in first
      await pageIsSound(cleo, "event-visitor");
      const google = await page.getByRole("link", { name: "Add to Google Calendar" }).getAttribute("href");
      expect(new URL(google ?? "").searchParams.get("text")).toBe("Open Mic");
      const map = await page.getByRole("link", { name: "Show on a map" }).getAttribute("href");
      expect(new URL(map ?? "").searchParams.get("query")).toBe("Almaty, Panfilov 1");
      await page.getByRole("button", { name: "Share" }).click(); // no share sheet here: the link is copied, or shown
      await page.getByRole("status").filter({ hasText: /Link copied|\/e\// }).waitFor();
      await page.getByRole("link", { name: "Get a ticket" }).click();
      await page.waitForURL(/\/signin\?next=/);
      await page.getByRole("link", { name: "Create an account" }).click();
      await submitSignUp(page, { email: "cleo@example.com", username: "cleo", first: "Cleo", last: "Patra" });
      await page.getByRole("heading", { name: "Open Mic" }).waitFor();
      await status(page, "Confirmed"); // the ticket she asked for before signing up
      expect(new URL(page.url()).search).toBe(""); // asked once: a reload asks nothing again
      await page.getByRole("link", { name: "@ada" }).click(); // the organiser's public page
      await page.getByRole("heading", { name: "Events by @ada" }).waitFor();
      await page.getByRole("link", { name: "Series night 1", exact: true }).waitFor(); // soonest first
      await pageIsSound(cleo, "organizer");
      await page.getByRole("button", { name: "More events" }).click(); // Ada has 23: Open Mic is last
      await page.getByRole("link", { name: "Open Mic" }).waitFor();
    } finally {
      await cleo.context.close();
    }
  });

  it("signs Ada out everywhere", async () => {
    const { page } = ada;
    await page.goto("/account");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByText("You are signed out on every device.").waitFor();
    await pageIsSound(ada, "signin");
  });
  it("keeps a long unbroken title and location inside a phone's width", async () => {
    const phone = await person(browser, new Clock(clock.now), { timezoneId: "Europe/London", viewport: { width: 390, height: 844 } });
    try {
      const { page } = phone;
      await signInAsAda(page);
      const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem("events.session") ?? "{}") as { token: string }).token);
      const title = "Supercalifragilistic".repeat(10); // 200 characters, not one space
      const created = await page.request.post("/events", {
        headers: { Authorization: `Bearer ${token}` },
        data: { title, location: "Abay".repeat(75), starts_at: "2026-11-24T18:00:00Z", capacity: 3 },
      });
      expect(created.status()).toBe(201);
      const id = ((await created.json()) as { id: string }).id;
      for (const path of ["/", `/e/${id}`]) {
        await page.goto(path);
        await page.getByText(title.slice(0, 40), { exact: false }).first().waitFor();
        const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth] as const);
        expect(scroll, `page width on ${path}`).toBeLessThanOrEqual(client); // 3078 px before
      }
    } finally {
      await phone.context.close();
    }
  });
  it("lets Ada set a new password from the mailed link, then sign in with it", async () => {
    const reader = await person(browser, new Clock(clock.now), { timezoneId: "Asia/Almaty" });
    try {
      const { page } = reader;
      await page.goto("/signin");
      await page.getByRole("link", { name: "Forgot your password?" }).click();
      // the sign-in page stays up while the next page's code loads: its own Email field is not this one
      await page.getByRole("heading", { name: "Forgot your password?" }).waitFor();
      await page.getByLabel("Email").fill("ada2@example.com");
      const [asked] = await Promise.all([
        page.waitForResponse((response) => response.url().endsWith("/auth/password-reset")),
        page.getByRole("button", { name: "Mail me a link" }).click(),
      ]);
      expect(asked.status(), await asked.text()).toBe(202);
      await page.getByText("If an account has this address").waitFor();
      await pageIsSound(reader, "forgot-password");
      const link = await mailedLink("ada2@example.com", "Set a new password for Events", "/reset-password");
      await page.goto(link);
      await page.getByLabel("New password", { exact: true }).fill("password");
      await page.getByRole("button", { name: "Set password" }).click();
      await page.getByText("too easy to guess").waitFor(); // beside its field, the link not spent
      await page.getByLabel("New password", { exact: true }).fill("amber quartz meadow drum");
      await page.getByRole("button", { name: "Set password" }).click();
      await page.getByText("Your new password is set. Sign in with it.").waitFor();
      await page.getByLabel("Email").fill("ada2@example.com");
      await page.getByLabel("Password").fill("amber quartz meadow drum");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: "Upcoming events" }).waitFor();
      await page.goto("/account");
      await page.getByText("Your address is confirmed.").waitFor(); // opening the link proved it
      await page.getByRole("checkbox", { name: "Music" }).check();
      await page.getByLabel("Tags you follow").fill("Café Jazz");
      await page.getByRole("button", { name: "Save interests" }).click();
      await page.getByText("Saved.").waitFor();
      await page.reload();
      expect(await page.getByLabel("Tags you follow").inputValue()).toBe("cafe-jazz"); // kept, normalised
      await pageIsSound(reader, "account");
    } finally {
      await reader.context.close();
    }
  });
});
