import { describe, expect, it } from "vitest";

import { applyTheme, readTheme } from "./theme";

function memory() {
  const kept = new Map<string, string>();
  return { getItem: (k: string) => kept.get(k) ?? null, setItem: (k: string, v: string) => void kept.set(k, v),
    removeItem: (k: string) => void kept.delete(k) };
}

describe("the theme on this device", () => {
  it("is the system's until one is chosen, and a chosen one is kept", () => {
    const storage = memory();
    const root = document.createElement("html");
    expect(readTheme(storage)).toBe("system");
    applyTheme("dark", root, storage);
    expect(root.dataset.theme).toBe("dark");
    expect(readTheme(storage)).toBe("dark");
    applyTheme("system", root, storage);
    expect(root.dataset.theme).toBeUndefined();
    expect(readTheme(storage)).toBe("system");
  });

  it("ignores anything else kept under its name", () => {
    const storage = memory();
    storage.setItem("events.theme", "sepia");
    expect(readTheme(storage)).toBe("system");
  });
});
