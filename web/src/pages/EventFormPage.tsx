import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { useLocation, useNavigate, useParams } from "react-router";

import { useCover, useCreateEvent, useEvent, useUpdateEvent } from "../api/queries";
import type { Category, EventFields, EventRecord } from "../api/types";
import { CATEGORIES } from "../categories";
import { type CoverChoice, CoverPicker } from "../components/CoverPicker";
import { Field } from "../components/Field";
import { Loading, Problem } from "../components/Problem";
import { inWords, placeFieldErrors } from "../forms";
import { to } from "../paths";
import { fieldErrors, sentence } from "../problems";
import { fromWallTime, minorDigits, toWallTime, viewerZone, zoneNames } from "../time";

interface Values {
  title: string;
  description: string;
  starts: string; // wall time in `timezone`
  ends: string;
  timezone: string;
  location: string;
  capacity: string;
  price: string; // in the currency's major unit, as typed
  currency: string;
  image_alt: string;
  category: Category;
  tags: string; // as typed: commas between them (the API normalises each)
}

const FIELDS = ["title", "description", "starts", "ends", "timezone", "location", "capacity", "price", "currency",
  "image_alt", "category", "tags"] as const;
// API field -> form field, and the words the form uses for them in the API's messages
const RENAME = { starts_at: "starts", ends_at: "ends" } as const;
const WORDS = { starts_at: "the start", ends_at: "the end" } as const;

// The currency of the organiser's country, from their browser's language tag; KZT elsewhere (the
// product's first market). The euro area and a few neighbours are listed; the API takes any.
const REGION_CURRENCY: Record<string, string> = {
  KZ: "KZT", RU: "RUB", KG: "KGS", UZ: "UZS", US: "USD", GB: "GBP", JP: "JPY", CN: "CNY", TR: "TRY",
  DE: "EUR", FR: "EUR", IT: "EUR", ES: "EUR", NL: "EUR", AT: "EUR", BE: "EUR", FI: "EUR", IE: "EUR", PT: "EUR",
};

export function defaultCurrency(language: string): string {
  const region = new Intl.Locale(language).maximize().region ?? "";
  return REGION_CURRENCY[region] ?? "KZT";
}

function valuesOf(event: EventRecord | undefined): Values {
  if (!event) {
    return { title: "", description: "", starts: "", ends: "", timezone: viewerZone(), location: "",
      capacity: "50", price: "0", currency: defaultCurrency(navigator.language), image_alt: "",
      category: "other", tags: "" };
  }
  const digits = minorDigits(event.currency);
  return {
    title: event.title, description: event.description, starts: toWallTime(event.starts_at, event.timezone),
    ends: event.ends_at ? toWallTime(event.ends_at, event.timezone) : "", timezone: event.timezone,
    location: event.location, capacity: String(event.capacity),
    price: (event.price / 10 ** digits).toFixed(digits), currency: event.currency, image_alt: event.image_alt,
    category: event.category, tags: event.tags.join(", "),
  };
}

/** The form's values as the API's fields; minor units are whole numbers (no float dust). */
export function fieldsOf(values: Values): EventFields {
  const currency = values.currency.trim().toUpperCase();
  // a decimal comma is typed where the locale writes one (12,50)
  const [whole = "0", fraction = ""] = values.price.trim().replace(",", ".").split(".");
  const digits = minorDigits(currency);
  const price = Number(whole) * 10 ** digits + Number((fraction + "0".repeat(digits)).slice(0, digits) || "0");
  return {
    title: values.title.trim(), description: values.description, location: values.location.trim(),
    timezone: values.timezone, starts_at: fromWallTime(values.starts, values.timezone) ?? "",
    ends_at: values.ends ? fromWallTime(values.ends, values.timezone) : null,
    capacity: Number(values.capacity), price, currency, image_alt: values.image_alt.trim(),
    category: values.category, tags: values.tags.split(",").map((t) => t.trim()).filter(Boolean),
  };
}

export default function EventFormPage() {
  const { eventId } = useParams();
  const existing = useEvent(eventId ?? "");
  if (eventId && existing.isPending) return <Loading what="Loading the event" />;
  if (eventId && existing.isError) return <Problem error={existing.error} />;
  return <EventForm event={eventId ? existing.data : undefined} />;
}

/** Why the cover was refused, in a sentence for beside the picker. */
function coverSentence(error: unknown): string {
  const said = fieldErrors(error).image;
  return said ? inWords(`the image ${said}`, {}) + "." : sentence(error);
}

interface Carried { coverError?: string } // from a new event whose cover was refused

function EventForm({ event }: { event: EventRecord | undefined }) {
  const navigate = useNavigate();
  const carried = (useLocation().state as Carried | null)?.coverError;
  const create = useCreateEvent();
  const update = useUpdateEvent(event?.id ?? "");
  const cover = useCover();
  const change = event ? update : create;
  const [choice, setChoice] = useState<CoverChoice>({ kind: "keep" });
  const form = useForm<Values>({ defaultValues: valuesOf(event) });
  const errors = form.formState.errors;
  const zones = useMemo(zoneNames, []);
  // The event's fields first, then its cover (a new event has no id before it is saved). A
  // refused cover keeps the organiser on the form with the reason beside the picker.
  const saveCover = (saved: EventRecord) => {
    const image = choice.kind === "new" ? choice.file : choice.kind === "remove" && event?.image ? null : undefined;
    if (image === undefined) { navigate(to.event(saved.id)); return; }
    cover.mutate({ eventId: saved.id, image }, {
      onSuccess: () => navigate(to.event(saved.id)),
      onError: (error) => {
        if (!event) navigate(to.editEvent(saved.id), { replace: true, state: { coverError: coverSentence(error) } });
      },
    });
  };
  const submit = form.handleSubmit((values) => {
    const fields = fieldsOf(values);
    const onError = (error: unknown) => placeFieldErrors(error, form.setError, FIELDS, RENAME, WORDS);
    if (event) {
      const before = fieldsOf(valuesOf(event)) as unknown as Record<string, unknown>;
      const changes = Object.fromEntries(Object.entries(fields).filter(([key, value]) => before[key] !== value));
      if (Object.keys(changes).length === 0) saveCover(event);
      else update.mutate(changes, { onSuccess: saveCover, onError });
    }
    else create.mutate(fields, { onSuccess: saveCover, onError });
  });
  const coverError = cover.isError ? coverSentence(cover.error) : carried;
  const zoneNote = form.watch("timezone");
  return (
    <section aria-labelledby="form-title">
      <h1 id="form-title">{event ? `Edit ${event.title}` : "New event"}</h1>
      <form noValidate onSubmit={submit}>
        <Field label="Title" error={errors.title?.message}>
          {(p) => <input {...p} {...form.register("title", { required: "Give the event a title", maxLength: { value: 200, message: "At most 200 characters" } })} />}
        </Field>
        <Field label="Description" error={errors.description?.message}>
          {(p) => <textarea {...p} rows={4} {...form.register("description", { maxLength: { value: 5000, message: "At most 5000 characters" } })} />}
        </Field>
        <Field label="Time zone" error={errors.timezone?.message} hint="Times below are in this zone; attendees see them in it and in their own.">
          {(p) => <select {...p} {...form.register("timezone")}>{zones.map((z) => <option key={z}>{z}</option>)}</select>}
        </Field>
        <div className="row">
          <Field label="Starts" error={errors.starts?.message} hint={zoneNote}>
            {(p) => <input {...p} type="datetime-local" {...form.register("starts", { required: "Choose when it starts" })} />}
          </Field>
          <Field label="Ends (optional)" error={errors.ends?.message} hint={zoneNote}>
            {(p) => <input {...p} type="datetime-local" {...form.register("ends", {
              // the same zone on both: wall times compare as text
              validate: (v, all) => !v || !all.starts || v > all.starts || "Must be after the start" })} />}
          </Field>
        </div>
        <Field label="Location" error={errors.location?.message}>
          {(p) => <input {...p} {...form.register("location")} />}
        </Field>
        <div className="row">
          <Field label="Category" error={errors.category?.message}>
            {(p) => <select {...p} {...form.register("category")}>
              {Object.entries(CATEGORIES).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
            </select>}
          </Field>
          <Field label="Tags" error={errors.tags?.message} hint="Up to 5, separated by commas: jazz, open air">
            {(p) => <input {...p} {...form.register("tags")} />}
          </Field>
        </div>
        <div className="row">
          <Field label="Capacity" error={errors.capacity?.message}
            hint={event ? `Seats in all. It cannot go below the ${event.registered_count} already confirmed; raising it gives seats to the waitlist first.` : "Seats in all; when they are taken, people can join the waitlist."}>
            {(p) => <input {...p} type="number" inputMode="numeric" min={event ? Math.max(1, event.registered_count) : 1}
              {...form.register("capacity", { required: "How many seats?", validate: (v) => {
                const n = Number(v);
                if (!Number.isInteger(n) || n < 1) return "A whole number of at least 1";
                if (event && n < event.registered_count) return `At least ${event.registered_count}: that many seats are confirmed`;
                return true;
              } })} />}
          </Field>
          <Field label="Price" error={errors.price?.message} hint="0 for a free event">
            {(p) => <input {...p} inputMode="decimal" {...form.register("price", { pattern: { value: /^\d+([.,]\d{1,3})?$/, message: "A number such as 1500 or 12.50" } })} />}
          </Field>
          <Field label="Currency" error={errors.currency?.message}>
            {(p) => <input {...p} maxLength={3} autoCapitalize="characters" {...form.register("currency", { pattern: { value: /^[A-Za-z]{3}$/, message: "A three-letter code such as KZT" } })} />}
          </Field>
        </div>
        <CoverPicker event={event} choice={choice} onChoice={setChoice} error={coverError} />
        <Field label="Describe the cover (optional)" error={errors.image_alt?.message}
          hint="Read out in place of the image to people who cannot see it; left empty, the title is.">
          {(p) => <input {...p} {...form.register("image_alt", { maxLength: { value: 300, message: "At most 300 characters" } })} />}
        </Field>
        <Problem error={change.error} />
        <button type="submit" disabled={change.isPending || cover.isPending}>
          {cover.isPending ? "Uploading the cover…" : event ? "Save changes" : "Create event"}</button>
      </form>
    </section>
  );
}
