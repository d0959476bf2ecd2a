// Every message of the source is in every catalogue, each catalogue holds nothing else, and each
// catalogue's messages are valid ICU MessageFormat with the source's placeholders. Plurals follow
// each language's own rules (Russian: one, few, many).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";

import { negotiate } from "./i18n";
import kk from "./locales/kk.json";
import ru from "./locales/ru.json";

const SOURCE = join(__dirname);
const MESSAGE = /id[=:]\s*"([\w.]+)",?\s*defaultMessage[=:]\s*"((?:[^"\\]|\\.)*)"/g;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.tsx?$/.test(name) && !name.endsWith(".test.ts") ? [path] : [];
  });
}

function sourceMessages(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of files(SOURCE)) {
    for (const [, id, text] of readFileSync(file, "utf8").matchAll(MESSAGE)) {
      const known = found.get(id!);
      if (known !== undefined && known !== text) throw new Error(`${id} has two texts: "${known}" and "${text}"`);
      found.set(id!, text!);
    }
  }
  return found;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)/g)].map((m) => m[1]!).filter((n, i, all) => all.indexOf(n) === i).sort();
}

describe("the catalogues", () => {
  const source = sourceMessages();

  it("find the source's messages", () => {
    expect(source.size).toBeGreaterThan(30);
    expect(source.get("seats.left")).toContain("plural");
  });

  for (const [language, catalog] of [["ru", ru], ["kk", kk]] as const) {
    it(`hold every message in ${language}, and nothing else`, () => {
      const have = catalog as Record<string, string>;
      expect([...source.keys()].filter((id) => !(id in have)), "missing").toEqual([]);
      expect(Object.keys(have).filter((id) => !source.has(id)), "not in the source").toEqual([]);
      for (const [id, text] of Object.entries(have)) {
        expect(() => new IntlMessageFormat(text, language), id).not.toThrow();
        expect(placeholders(text).filter((p) => !placeholders(source.get(id)!).includes(p)), id).toEqual([]);
      }
    });
  }

  it("say seats in Russian with its plural forms: 1 место, 2 места, 5 мест", () => {
    const left = (n: number) => new IntlMessageFormat(ru["seats.left"], "ru").format({ left: n, capacity: n }) as string;
    expect(left(1)).toContain("1 место");
    expect(left(2)).toContain("2 места");
    expect(left(5)).toContain("5 мест");
    expect(left(21)).toContain("21 место");
    const wait = (n: number) => new IntlMessageFormat(ru["problem.wait.minutes"], "ru").format({ n }) as string;
    expect([wait(1), wait(2), wait(5)]).toEqual(["1 минуту", "2 минуты", "5 минут"]);
  });
});

describe("the language", () => {
  it("is the saved choice, else the browser's first we speak, else English", () => {
    expect(negotiate("kk", ["ru-RU"])).toBe("kk");
    expect(negotiate(null, ["de-DE", "ru-RU", "en"])).toBe("ru");
    expect(negotiate("fr", ["ja"])).toBe("en");
    expect(negotiate(null, ["ru-RU"], "kk")).toBe("kk"); // a public page's address in a language
    expect(negotiate("en", ["ru-RU"], "kk")).toBe("en"); // the person's own choice first
    expect(negotiate(null, ["ru-RU"], "de")).toBe("ru");
  });
});

describe("formats", () => {
  it("follow the chosen language, and the browser's own English when English is chosen", async () => {
    const { formatLocale } = await import("./i18n");
    expect(formatLocale("ru", "en-US")).toBe("ru");
    expect(formatLocale("en", "en-GB")).toBe("en-GB");
    expect(formatLocale("en", "ja-JP")).toBe("en"); // not Japanese dates around English words
  });
});
