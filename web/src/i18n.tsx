// The client's language: the person's choice on this device, else the browser's languages, else
// English. Messages are ICU MessageFormat (react-intl); English is written in the source as each
// message's default, Russian and Kazakh are catalogues loaded when chosen (src/locales/*.json;
// i18n.test.ts fails when a message of the source is missing from one, or one holds a stray).
import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from "react";
import { IntlProvider, useIntl } from "react-intl";

import { configureLanguage } from "./api/client";
import type { User } from "./api/types";

export const LANGUAGES = { en: "English", ru: "Русский", kk: "Қазақша" } as const;
export type Language = keyof typeof LANGUAGES;
type Catalog = Record<string, string>;

const KEY = "events.language";
const CATALOGS: Record<Exclude<Language, "en">, () => Promise<{ default: Catalog }>> = {
  ru: () => import("./locales/ru.json"),
  kk: () => import("./locales/kk.json"),
};

function isLanguage(value: string | null | undefined): value is Language {
  return value !== null && value !== undefined && Object.hasOwn(LANGUAGES, value);
}

/** The choice saved on this device, else the page's address (`?lang=kk`, the public pages' own
 * per language), else the first of the browser's languages we speak, else English. */
export function negotiate(saved: string | null, preferred: readonly string[], asked: string | null = null): Language {
  if (isLanguage(saved)) return saved;
  if (isLanguage(asked)) return asked;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split("-")[0];
    if (isLanguage(base)) return base;
  }
  return "en";
}

const Chosen = createContext<{ language: Language; choose: (language: Language) => void }>({
  language: "en", choose: () => undefined,
});

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguage] = useState<Language>(
    () => negotiate(localStorage.getItem(KEY), navigator.languages, new URLSearchParams(location.search).get("lang")));
  // English is the source itself: its first paint waits for nothing
  const [messages, setMessages] = useState<{ language: Language; catalog: Catalog } | null>(
    () => (language === "en" ? { language, catalog: {} } : null));
  const client = useQueryClient();
  useEffect(() => {
    document.documentElement.lang = language;
    configureLanguage(language);
    void client.invalidateQueries(); // what the server words (notes, forecasts, reasons) comes again
    if (language === "en") {
      setMessages({ language, catalog: {} });
      return;
    }
    let live = true;
    void CATALOGS[language]().then((loaded) => live && setMessages({ language, catalog: loaded.default }));
    return () => { live = false; };
  }, [language, client]);
  const choose = (next: Language) => {
    localStorage.setItem(KEY, next);
    setLanguage(next);
  };
  if (!messages) return null; // the first paint waits for its catalogue (a few KB)
  return (
    <Chosen.Provider value={{ language, choose }}>
      <IntlProvider locale={messages.language} messages={messages.catalog} defaultLocale="en">
        {children}
      </IntlProvider>
    </Chosen.Provider>
  );
}

export function useLanguage() {
  return useContext(Chosen);
}

/** The locale dates, times and money are formatted in: the chosen language, with the browser's
 * own English (en-GB, en-US, ...) when English is chosen. */
export function formatLocale(language: Language, browser: string = navigator.language): string {
  return language === "en" && browser.toLowerCase().startsWith("en") ? browser : language;
}

/** The language a signed-in person keeps on their profile is this device's too: adopted once, when
 * their profile first comes (they chose it on another device), and a choice made here is kept on
 * the profile by `save`. Once only, and never after a choice made here: a profile read that comes
 * in after the person picked (the page had just loaded) must not undo the pick. */
export function useProfileLanguage(profile: User | undefined, save: (language: Language) => void) {
  const { language, choose } = useLanguage();
  const adopted = useRef(false);
  useEffect(() => {
    if (adopted.current || !profile) return;
    adopted.current = true;
    if (profile.language && profile.language !== language) choose(profile.language);
  }, [profile, language, choose]);
  return (next: Language) => {
    adopted.current = true; // chosen here: a profile read that comes after must not undo it
    choose(next);
    if (next !== profile?.language) save(next);
  };
}

/** The header's language picker; `onChoose` instead of this device's choice alone (signed in). */
export function LanguagePicker({ onChoose }: { onChoose?: (language: Language) => void }) {
  const { language, choose } = useLanguage();
  const intl = useIntl();
  return (
    <select className="language" aria-label={intl.formatMessage({ id: "language.label", defaultMessage: "Language" })} value={language}
      onChange={(e) => { if (isLanguage(e.target.value)) (onChoose ?? choose)(e.target.value); }}>
      {Object.entries(LANGUAGES).map(([code, name]) => <option key={code} value={code} lang={code}>{name}</option>)}
    </select>
  );
}
