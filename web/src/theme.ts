// Light, dark, or as the system says: the person's choice on this device (account page), applied
// as data-theme on <html> before the first paint; styles.css holds both palettes.
import { defineMessages } from "react-intl";

export const THEMES = defineMessages({
  system: { id: "theme.system", defaultMessage: "As the system" },
  light: { id: "theme.light", defaultMessage: "Light" },
  dark: { id: "theme.dark", defaultMessage: "Dark" },
});
export type Theme = keyof typeof THEMES;

const KEY = "events.theme";

export function readTheme(storage: Pick<Storage, "getItem"> = localStorage): Theme {
  const saved = storage.getItem(KEY);
  return saved === "light" || saved === "dark" ? saved : "system";
}

export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement,
  storage: Pick<Storage, "setItem" | "removeItem"> = localStorage): void {
  if (theme === "system") {
    delete root.dataset.theme;
    storage.removeItem(KEY);
  } else {
    root.dataset.theme = theme;
    storage.setItem(KEY, theme);
  }
}
