// Times: the API speaks UTC; people read an event's times in the event's own zone (and in their
// own, when that differs) and organisers type them in the event's zone.
import { TZDate } from "@date-fns/tz";

export function viewerZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** `locale`: the reader's language (i18n.tsx, `formatLocale`); none, the browser's. */
export function formatIn(iso: string, zone: string, withZone = true, locale?: string): string {
  const key = `${zone}|${withZone}|${locale ?? ""}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      timeZone: zone, weekday: "short", year: "numeric", month: "short", day: "numeric",
      hour: "2-digit", minute: "2-digit", ...(withZone ? { timeZoneName: "short" } : {}),
    });
    formats.set(key, format);
  }
  return format.format(new Date(iso));
}

/** The event's time in its zone, and in the viewer's when theirs is another. */
export function eventTimes(iso: string, eventZone: string, viewer = viewerZone(),
  locale?: string): { there: string; here: string | null } {
  // the same wall time means the same offset at that instant: nothing more to say
  const differs = formatIn(iso, eventZone, false, locale) !== formatIn(iso, viewer, false, locale);
  return { there: formatIn(iso, eventZone, true, locale), here: differs ? formatIn(iso, viewer, true, locale) : null };
}

const DAY = 86_400_000;

/** How far off a start is in days, as "tomorrow" or "in 3 days" is said (Intl.RelativeTimeFormat):
 * whole days in the event's zone between `now` and the start; null once started or beyond a month. */
export function daysUntil(iso: string, zone: string, now: number): number | null {
  const day = (at: Date) => Date.parse(`${toWallTime(at.toISOString(), zone).slice(0, 10)}T00:00:00Z`);
  const start = new Date(iso);
  if (start.getTime() <= now) return null;
  const days = Math.round((day(start) - day(new Date(now))) / DAY);
  return days <= 30 ? days : null;
}

/** "in 3 days", "tomorrow", "завтра", "3 күннен кейін": the platform's words for it. */
export function relativeDays(days: number, locale: string): string {
  return new Intl.RelativeTimeFormat(locale, { numeric: "auto" }).format(days, "day");
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A UTC instant as the value of an <input type="datetime-local"> showing the wall time in `zone`. */
export function toWallTime(iso: string, zone: string): string {
  const t = new TZDate(new Date(iso), zone);
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}T${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

/** The wall time an organiser typed, in `zone`, as a UTC instant; null when it is not a time. */
export function fromWallTime(value: string, zone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const t = new TZDate(y, mo - 1, d, h, mi, zone);
  return Number.isNaN(t.getTime()) ? null : new Date(t.getTime()).toISOString().replace(".000Z", "Z");
}

/** A calendar day (YYYY-MM-DD) in the viewer's zone: its first instant, in UTC. */
export function startOfDay(day: string): string | null {
  return day ? fromWallTime(`${day}T00:00`, viewerZone()) : null;
}

export function zoneNames(): string[] {
  const names = Intl.supportedValuesOf("timeZone");
  return names.includes("UTC") ? names : ["UTC", ...names];
}

/** A price as typed in the currency's major unit ("12.50", or "12,50" where the locale writes a
 * decimal comma) in minor units, whole numbers with no float dust. */
export function minorUnits(typed: string, currency: string): number {
  const [whole = "0", fraction = ""] = typed.trim().replace(",", ".").split(".");
  const digits = minorDigits(currency);
  return Number(whole) * 10 ** digits + Number((fraction + "0".repeat(digits)).slice(0, digits) || "0");
}

/** Minor units as the currency writes them: 150000 KZT is "KZT 1,500.00", 500 JPY "¥500". */
export function money(minor: number, currency: string, locale?: string): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(minor / 10 ** minorDigits(currency));
}

export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}
