// The client's language: the person's choice on this device, else the browser's languages, else
// English. Messages are ICU MessageFormat (react-intl); English is written in the source as each
// message's default, Russian and Kazakh are catalogues loaded when chosen (src/locales/*.json;
// i18n.test.ts fails when a message of the source is missing from one, or one holds a stray).
import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import { IntlProvider, useIntl } from "react-intl";

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

/** The saved choice, else the first of the browser's languages we speak, else English. */
export function negotiate(saved: string | null, preferred: readonly string[]): Language {
  if (isLanguage(saved)) return saved;
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
  const [language, setLanguage] = useState<Language>(() => negotiate(localStorage.getItem(KEY), navigator.languages));
  const [messages, setMessages] = useState<{ language: Language; catalog: Catalog } | null>(null);
  useEffect(() => {
    document.documentElement.lang = language;
    if (language === "en") {
      setMessages({ language, catalog: {} });
      return;
    }
    let live = true;
    void CATALOGS[language]().then((loaded) => live && setMessages({ language, catalog: loaded.default }));
    return () => { live = false; };
  }, [language]);
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

/** The header's language picker. */
export function LanguagePicker() {
  const { language, choose } = useLanguage();
  const intl = useIntl();
  return (
    <select className="language" aria-label={intl.formatMessage({ id: "language.label", defaultMessage: "Language" })} value={language}
      onChange={(e) => { if (isLanguage(e.target.value)) choose(e.target.value); }}>
      {Object.entries(LANGUAGES).map(([code, name]) => <option key={code} value={code} lang={code}>{name}</option>)}
    </select>
  );
}
