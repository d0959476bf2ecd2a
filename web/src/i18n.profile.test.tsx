// The language kept on a signed-in person's profile: adopted once when the profile first comes,
// and never over a choice the person made here before it came (a read racing their pick).
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";

import type { User } from "./api/types";
import { LanguageProvider, useLanguage, useProfileLanguage } from "./i18n";

function wrapper({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={new QueryClient()}><LanguageProvider>{children}</LanguageProvider></QueryClientProvider>;
}

const person = (language: User["language"]) => ({ id: "u", username: "u", first_name: "U", last_name: "T",
  created_at: "2026-11-24T12:00:00Z", language }) as User;

function useBoth(profile: User | undefined, save: (language: string) => void) {
  return { pick: useProfileLanguage(profile, save), shown: useLanguage().language };
}

describe("the profile's language", () => {
  it("is adopted when the profile first comes", async () => {
    localStorage.clear();
    const save = vi.fn();
    const { result, rerender } = renderHook(({ profile }) => useBoth(profile, save),
      { wrapper, initialProps: { profile: undefined as User | undefined } });
    await waitFor(() => expect(result.current.shown).toBe("en"));
    rerender({ profile: person("kk") });
    await waitFor(() => expect(result.current.shown).toBe("kk"));
    expect(save).not.toHaveBeenCalled();
  });

  it("never undoes a pick made before the profile came, and the pick is saved", async () => {
    localStorage.clear();
    const save = vi.fn();
    const { result, rerender } = renderHook(({ profile }) => useBoth(profile, save),
      { wrapper, initialProps: { profile: undefined as User | undefined } });
    await waitFor(() => expect(result.current.shown).toBe("en"));
    act(() => result.current.pick("ru"));
    expect(save).toHaveBeenCalledWith("ru");
    rerender({ profile: person("en") }); // the read that left before the save came back
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(result.current.shown).toBe("ru");
  });
});
