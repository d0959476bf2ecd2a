import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { defineMessages, FormattedMessage, type IntlShape, useIntl } from "react-intl";
import { useLocation, useNavigate, useParams } from "react-router";

import { useCover, useCreateEvent, useEvent, useUpdateEvent } from "../api/queries";
import type { Category, EventFields, EventRecord } from "../api/types";
import { CATEGORIES } from "../categories";
import { type CoverChoice, CoverPicker } from "../components/CoverPicker";
import { Field } from "../components/Field";
import { MAX_PER_ORDER } from "../components/TicketTypePicker";
import { Loading, Problem } from "../components/Problem";
import { placeFieldErrors } from "../forms";
import { to } from "../paths";
import { fieldErrors, sentence } from "../problems";
import { fromWallTime, minorDigits, minorUnits, toWallTime, viewerZone, zoneNames } from "../time";

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
  perOrder: string; // tickets one order may have, at most
  image_alt: string;
  category: Category;
  tags: string; // as typed: commas between them (the API normalises each)
}

const FIELDS = ["title", "description", "starts", "ends", "timezone", "location", "capacity", "price", "currency",
  "perOrder", "image_alt", "category", "tags"] as const;
// API field -> form field, and the words the form uses for them in the API's messages
const RENAME = { starts_at: "starts", ends_at: "ends", max_per_order: "perOrder" } as const;
const WORDS = defineMessages({
  starts_at: { id: "form.theStart", defaultMessage: "the start" },
  ends_at: { id: "form.theEnd", defaultMessage: "the end" },
});

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
      capacity: "50", price: "0", currency: defaultCurrency(navigator.language), perOrder: String(MAX_PER_ORDER), image_alt: "",
      category: "other", tags: "" };
  }
  const digits = minorDigits(event.currency);
  return {
    title: event.title, description: event.description, starts: toWallTime(event.starts_at, event.timezone),
    ends: event.ends_at ? toWallTime(event.ends_at, event.timezone) : "", timezone: event.timezone,
    location: event.location, capacity: String(event.capacity),
    price: (event.price / 10 ** digits).toFixed(digits), currency: event.currency, perOrder: String(event.max_per_order),
    image_alt: event.image_alt,
    category: event.category, tags: event.tags.join(", "),
  };
}

/** The form's values as the API's fields; minor units are whole numbers (no float dust). */
export function fieldsOf(values: Values): EventFields {
  const currency = values.currency.trim().toUpperCase();
  const price = minorUnits(values.price, currency);
  return {
    title: values.title.trim(), description: values.description, location: values.location.trim(),
    timezone: values.timezone, starts_at: fromWallTime(values.starts, values.timezone) ?? "",
    ends_at: values.ends ? fromWallTime(values.ends, values.timezone) : null,
    capacity: Number(values.capacity), price, currency, max_per_order: Number(values.perOrder), image_alt: values.image_alt.trim(),
    category: values.category, tags: values.tags.split(",").map((t) => t.trim()).filter(Boolean),
  };
}

export default function EventFormPage() {
  const { eventId } = useParams();
  const existing = useEvent(eventId ?? "");
  const intl = useIntl();
  if (eventId && existing.isPending) return <Loading what={intl.formatMessage({ id: "event.loading", defaultMessage: "Loading the event" })} />;
  if (eventId && existing.isError) return <Problem error={existing.error} />;
  return <EventForm event={eventId ? existing.data : undefined} />;
}

/** Why the cover was refused, in a sentence for beside the picker. */
function coverSentence(error: unknown, intl: IntlShape): string {
  const said = fieldErrors(error).image;
  return said ? intl.formatMessage({ id: "form.coverRefused", defaultMessage: "The image: {why}." }, { why: said })
    : sentence(error, intl);
}

const AT_MOST = { id: "form.atMost", defaultMessage: "At most {n} characters" };

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
  const intl = useIntl();
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
        if (!event) navigate(to.editEvent(saved.id), { replace: true, state: { coverError: coverSentence(error, intl) } });
      },
    });
  };
  const submit = form.handleSubmit((values) => {
    const fields = fieldsOf(values);
    const words = { starts_at: intl.formatMessage(WORDS.starts_at), ends_at: intl.formatMessage(WORDS.ends_at) };
    const onError = (error: unknown) => placeFieldErrors(error, form.setError, FIELDS, RENAME, words);
    if (event) {
      const before = fieldsOf(valuesOf(event)) as unknown as Record<string, unknown>;
      const changes = Object.fromEntries(Object.entries(fields).filter(([key, value]) => before[key] !== value));
      if (Object.keys(changes).length === 0) saveCover(event);
      else update.mutate(changes, { onSuccess: saveCover, onError });
    }
    else create.mutate(fields, { onSuccess: saveCover, onError });
  });
  const coverError = cover.isError ? coverSentence(cover.error, intl) : carried;
  const zoneNote = form.watch("timezone");
  return (
    <section aria-labelledby="form-title">
      <h1 id="form-title">{event ? <FormattedMessage id="form.editTitle" defaultMessage="Edit {title}" values={{ title: event.title }} />
        : <FormattedMessage id="nav.newEvent" defaultMessage="New event" />}</h1>
      <form noValidate onSubmit={submit}>
        <Field label={intl.formatMessage({ id: "form.title", defaultMessage: "Title" })} error={errors.title?.message}>
          {(p) => <input {...p} {...form.register("title", {
            required: intl.formatMessage({ id: "form.titleRequired", defaultMessage: "Give the event a title" }),
            maxLength: { value: 200, message: intl.formatMessage(AT_MOST, { n: 200 }) },
          })} />}
        </Field>
        <Field label={intl.formatMessage({ id: "form.description", defaultMessage: "Description" })} error={errors.description?.message}>
          {(p) => <textarea {...p} rows={4} {...form.register("description", {
            maxLength: { value: 5000, message: intl.formatMessage(AT_MOST, { n: 5000 }) } })} />}
        </Field>
        <Field label={intl.formatMessage({ id: "form.zone", defaultMessage: "Time zone" })} error={errors.timezone?.message}
          hint={<FormattedMessage id="form.zoneHint" defaultMessage="Times below are in this zone; attendees see them in it and in their own." />}>
          {(p) => <select {...p} {...form.register("timezone")}>{zones.map((z) => <option key={z}>{z}</option>)}</select>}
        </Field>
        <div className="row">
          <Field label={intl.formatMessage({ id: "form.starts", defaultMessage: "Starts" })} error={errors.starts?.message} hint={zoneNote}>
            {(p) => <input {...p} type="datetime-local" {...form.register("starts", { required: intl.formatMessage({ id: "form.startsRequired", defaultMessage: "Choose when it starts" }) })} />}
          </Field>
          <Field label={intl.formatMessage({ id: "form.ends", defaultMessage: "Ends (optional)" })} error={errors.ends?.message} hint={zoneNote}>
            {(p) => <input {...p} type="datetime-local" {...form.register("ends", {
              // the same zone on both: wall times compare as text
              validate: (v, all) => !v || !all.starts || v > all.starts || intl.formatMessage({ id: "form.endsAfter", defaultMessage: "Must be after the start" }) })} />}
          </Field>
        </div>
        <Field label={intl.formatMessage({ id: "form.location", defaultMessage: "Location" })} error={errors.location?.message}>
          {(p) => <input {...p} {...form.register("location")} />}
        </Field>
        <div className="row">
          <Field label={intl.formatMessage({ id: "form.category", defaultMessage: "Category" })} error={errors.category?.message}>
            {(p) => <select {...p} {...form.register("category")}>
              {Object.entries(CATEGORIES).map(([value, label]) => <option key={value} value={value}>{intl.formatMessage(label)}</option>)}
            </select>}
          </Field>
          <Field label={intl.formatMessage({ id: "form.tags", defaultMessage: "Tags" })} error={errors.tags?.message}
            hint={<FormattedMessage id="form.tagsHint" defaultMessage="Up to 5, separated by commas: jazz, open air" />}>
            {(p) => <input {...p} {...form.register("tags")} />}
          </Field>
        </div>
        <div className="row">
          <Field label={intl.formatMessage({ id: "form.capacity", defaultMessage: "Capacity" })} error={errors.capacity?.message}
            hint={event ? <FormattedMessage id="form.capacityHintEdit"
              defaultMessage="Seats in all. It cannot go below the {confirmed} already confirmed; raising it gives seats to the waitlist first."
              values={{ confirmed: event.registered_count }} />
              : <FormattedMessage id="form.capacityHint" defaultMessage="Seats in all; when they are taken, people can join the waitlist." />}>
            {(p) => <input {...p} type="number" inputMode="numeric" min={event ? Math.max(1, event.registered_count) : 1}
              {...form.register("capacity", { required: intl.formatMessage({ id: "form.capacityRequired", defaultMessage: "How many seats?" }), validate: (v) => {
                const n = Number(v);
                if (!Number.isInteger(n) || n < 1) return intl.formatMessage({ id: "form.capacityWhole", defaultMessage: "A whole number of at least 1" });
                if (event && n < event.registered_count) {
                  return intl.formatMessage({ id: "form.capacityConfirmed", defaultMessage: "At least {confirmed}: that many seats are confirmed" },
                    { confirmed: event.registered_count });
                }
                return true;
              } })} />}
          </Field>
          <Field label={intl.formatMessage({ id: "form.price", defaultMessage: "Price" })} error={errors.price?.message} hint={<FormattedMessage id="form.priceHint" defaultMessage="0 for a free event" />}>
            {(p) => <input {...p} inputMode="decimal" {...form.register("price", {
              pattern: { value: /^\d+([.,]\d{1,3})?$/, message: intl.formatMessage({ id: "form.pricePattern", defaultMessage: "A number such as 1500 or 12.50" }) } })} />}
          </Field>
          <Field label={intl.formatMessage({ id: "form.currency", defaultMessage: "Currency" })} error={errors.currency?.message}>
            {(p) => <input {...p} maxLength={3} autoCapitalize="characters" {...form.register("currency", {
              pattern: { value: /^[A-Za-z]{3}$/, message: intl.formatMessage({ id: "form.currencyPattern", defaultMessage: "A three-letter code such as KZT" }) } })} />}
          </Field>
        </div>
        <Field label={intl.formatMessage({ id: "form.perOrder", defaultMessage: "Tickets in one order, at most" })} error={errors.perOrder?.message}
          hint={<FormattedMessage id="form.perOrderHint" defaultMessage="1 to {most}: a family buys together; fewer keeps a rush fair." values={{ most: MAX_PER_ORDER }} />}>
          {(p) => <input {...p} type="number" inputMode="numeric" min={1} max={MAX_PER_ORDER} {...form.register("perOrder", {
            validate: (v) => (Number.isInteger(Number(v)) && Number(v) >= 1 && Number(v) <= MAX_PER_ORDER)
              || intl.formatMessage({ id: "form.perOrderRange", defaultMessage: "A whole number from 1 to {most}" }, { most: MAX_PER_ORDER }) })} />}
        </Field>
        <CoverPicker event={event} choice={choice} onChoice={setChoice} error={coverError} />
        <Field label={intl.formatMessage({ id: "form.alt", defaultMessage: "Describe the cover (optional)" })} error={errors.image_alt?.message}
          hint={<FormattedMessage id="form.altHint" defaultMessage="Read out in place of the image to people who cannot see it; left empty, the title is." />}>
          {(p) => <input {...p} {...form.register("image_alt", { maxLength: { value: 300, message: intl.formatMessage(AT_MOST, { n: 300 }) } })} />}
        </Field>
        <Problem error={change.error} />
        <button type="submit" disabled={change.isPending || cover.isPending}>
          {cover.isPending ? <FormattedMessage id="form.uploading" defaultMessage="Uploading the cover…" /> : event ? <FormattedMessage id="form.save" defaultMessage="Save changes" />
            : <FormattedMessage id="form.create" defaultMessage="Create event" />}</button>
      </form>
    </section>
  );
}
