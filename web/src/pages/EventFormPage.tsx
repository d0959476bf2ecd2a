import { useMemo } from "react";
import { useForm } from "react-hook-form";
import { useNavigate, useParams } from "react-router";

import { useCreateEvent, useEvent, useUpdateEvent } from "../api/queries";
import type { EventFields, EventRecord } from "../api/types";
import { Field } from "../components/Field";
import { Loading, Problem } from "../components/Problem";
import { placeFieldErrors } from "../forms";
import { to } from "../paths";
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
}

const FIELDS = ["title", "description", "starts", "ends", "timezone", "location", "capacity", "price", "currency"] as const;
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
      capacity: "50", price: "0", currency: defaultCurrency(navigator.language) };
  }
  const digits = minorDigits(event.currency);
  return {
    title: event.title, description: event.description, starts: toWallTime(event.starts_at, event.timezone),
    ends: event.ends_at ? toWallTime(event.ends_at, event.timezone) : "", timezone: event.timezone,
    location: event.location, capacity: String(event.capacity),
    price: (event.price / 10 ** digits).toFixed(digits), currency: event.currency,
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
    capacity: Number(values.capacity), price, currency,
  };
}

export default function EventFormPage() {
  const { eventId } = useParams();
  const existing = useEvent(eventId ?? "");
  if (eventId && existing.isPending) return <Loading what="Loading the event" />;
  if (eventId && existing.isError) return <Problem error={existing.error} />;
  return <EventForm event={eventId ? existing.data : undefined} />;
}

function EventForm({ event }: { event: EventRecord | undefined }) {
  const navigate = useNavigate();
  const create = useCreateEvent();
  const update = useUpdateEvent(event?.id ?? "");
  const change = event ? update : create;
  const form = useForm<Values>({ defaultValues: valuesOf(event) });
  const errors = form.formState.errors;
  const zones = useMemo(zoneNames, []);
  const submit = form.handleSubmit((values) => {
    const fields = fieldsOf(values);
    const onError = (error: unknown) => placeFieldErrors(error, form.setError, FIELDS, RENAME, WORDS);
    const onSuccess = (saved: EventRecord) => navigate(to.event(saved.id));
    if (event) {
      const before = fieldsOf(valuesOf(event)) as unknown as Record<string, unknown>;
      const changes = Object.fromEntries(Object.entries(fields).filter(([key, value]) => before[key] !== value));
      if (Object.keys(changes).length === 0) navigate(to.event(event.id));
      else update.mutate(changes, { onSuccess, onError });
    }
    else create.mutate(fields, { onSuccess, onError });
  });
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
        <Problem error={change.error} />
        <button type="submit" disabled={change.isPending}>{event ? "Save changes" : "Create event"}</button>
      </form>
    </section>
  );
}
