import { describe, expect, it } from "vitest";

import { inWords } from "../forms";
import { defaultCurrency, fieldsOf } from "./EventFormPage";

const form = { title: " Jazz ", description: "", starts: "2026-11-24T21:30", ends: "", timezone: "Asia/Tokyo",
  location: "", capacity: "10", price: "12.5", currency: "usd", perOrder: "4", image_alt: " The band ", category: "music" as const,
  tags: " jazz,, open air , " };

describe("fieldsOf", () => {
  it("turns a typed price into whole minor units of the currency", () => {
    expect(fieldsOf(form)).toMatchObject({ title: "Jazz", price: 1250, currency: "USD", capacity: 10, max_per_order: 4,
      starts_at: "2026-11-24T12:30:00Z", ends_at: null, image_alt: "The band", category: "music",
      tags: ["jazz", "open air"] });
    expect(fieldsOf({ ...form, price: "0.29", currency: "EUR" }).price).toBe(29); // no float dust
    expect(fieldsOf({ ...form, price: "1500", currency: "JPY" }).price).toBe(1500);
  });
});

describe("the form's own words", () => {
  it("takes a decimal comma", () => {
    expect(fieldsOf({ ...form, price: "12,50", currency: "EUR" }).price).toBe(1250);
  });

  it("says the API's field names as the form does", () => {
    expect(inWords("must be after starts_at", { starts_at: "the start" })).toBe("Must be after the start");
  });

  it("defaults the currency from the organiser's language tag", () => {
    expect([defaultCurrency("ru-RU"), defaultCurrency("kk"), defaultCurrency("de-DE"), defaultCurrency("en-US"),
      defaultCurrency("sw-TZ")]).toEqual(["RUB", "KZT", "EUR", "USD", "KZT"]);
  });
});
