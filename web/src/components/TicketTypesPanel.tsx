// The organiser's ticket types on the manage page: each with its price, cap, what is taken and
// left, and whether it is on sale; add one, close a type's sales, remove one nobody took.
import { useForm } from "react-hook-form";
import { FormattedMessage, useIntl } from "react-intl";

import { useChangeTicketType, useTicketTypes } from "../api/queries";
import type { EventRecord, TicketType } from "../api/types";
import { placeFieldErrors } from "../forms";
import { formatLocale, useLanguage } from "../i18n";
import { minorUnits, money } from "../time";
import { Field } from "./Field";
import { Problem } from "./Problem";

interface NewType {
  name: string;
  price: string; // in the currency's major unit, as typed
  cap: string; // empty: no cap
  least: string; // tickets of it one order takes at least (empty: 1) and at most (empty: the order's limit)
  most: string;
  hidden: boolean;
}

const WHOLE = /^[1-9]\d*$/;

export function TicketTypesPanel({ event }: { event: EventRecord }) {
  const types = useTicketTypes(event.id);
  const change = useChangeTicketType(event.id);
  const { language } = useLanguage();
  const intl = useIntl();
  const form = useForm<NewType>({ defaultValues: { name: "", price: "0", cap: "", least: "", most: "", hidden: false } });
  const errors = form.formState.errors;
  const closeSales = (type: TicketType) => change.mutate({ id: type.id, fields: { sales_end: new Date().toISOString() } });
  return (
    <section aria-labelledby="types-title">
      <h2 id="types-title"><FormattedMessage id="types.title" defaultMessage="Ticket types" /></h2>
      <div className="table-wrap">
        <table>
          <thead><tr>
            <th scope="col"><FormattedMessage id="types.name" defaultMessage="Name" /></th>
            <th scope="col"><FormattedMessage id="form.price" defaultMessage="Price" /></th>
            <th scope="col"><FormattedMessage id="types.cap" defaultMessage="Cap" /></th>
            <th scope="col"><FormattedMessage id="types.taken" defaultMessage="Taken" /></th>
            <th scope="col"><FormattedMessage id="types.leftTitle" defaultMessage="Left" /></th>
            <th scope="col"><FormattedMessage id="types.actions" defaultMessage="Actions" /></th>
          </tr></thead>
          <tbody>{(types.data?.items ?? []).map((type) => (
            <tr key={type.id}>
              <th scope="row">{type.name}{!type.on_sale && <> <span className="tag tag-warn">
                <FormattedMessage id="types.closed" defaultMessage="not on sale" /></span></>}
                {type.hidden && <> <span className="tag"><FormattedMessage id="types.hiddenTag" defaultMessage="with a code only" /></span></>}
                {(type.min_per_order > 1 || type.max_per_order !== null) && <> <span className="muted">
                  <FormattedMessage id="types.perOrderShown" defaultMessage="({least} to {most} per order)"
                    values={{ least: type.min_per_order, most: type.max_per_order ?? 10 }} /></span></>}</th>
              <td>{money(type.price, type.currency, formatLocale(language))}</td>
              <td>{type.cap ?? "—"}</td>
              <td>{type.cap === null ? "—" : (type.confirmed ?? 0) + (type.held ?? 0)}</td>
              <td>{type.left}</td>
              <td className="actions">
                {type.on_sale && <button type="button" className="secondary" disabled={change.isPending}
                  onClick={() => closeSales(type)}><FormattedMessage id="types.close" defaultMessage="Close sales" /></button>}
                {type.id !== "general" && <button type="button" className="secondary" disabled={change.isPending}
                  onClick={() => change.mutate({ id: type.id, remove: true })}>
                  <FormattedMessage id="types.remove" defaultMessage="Remove" /></button>}
              </td>
            </tr>
          ))}</tbody>
        </table>
      </div>
      <Problem error={change.error} />
      <form className="inline" noValidate aria-labelledby="types-add" onSubmit={form.handleSubmit((values) => change.mutate(
        { fields: { name: values.name.trim(), price: minorUnits(values.price, event.currency),
          cap: values.cap.trim() ? Number(values.cap) : null, hidden: values.hidden,
          min_per_order: values.least.trim() ? Number(values.least) : 1, max_per_order: values.most.trim() ? Number(values.most) : null } },
        { onSuccess: () => form.reset(),
          onError: (error) => placeFieldErrors(error, form.setError, ["name", "price", "cap", "least", "most"] as const,
            { min_per_order: "least", max_per_order: "most" }) },
      ))}>
        <h3 id="types-add"><FormattedMessage id="types.add" defaultMessage="Add a ticket type" /></h3>
        <Field label={intl.formatMessage({ id: "types.name", defaultMessage: "Name" })} error={errors.name?.message}>
          {(p) => <input {...p} {...form.register("name", {
            required: intl.formatMessage({ id: "types.nameRequired", defaultMessage: "Name the type: Student, VIP, Early bird" }) })} />}
        </Field>
        <Field label={intl.formatMessage({ id: "types.price", defaultMessage: "Price ({currency})" }, { currency: event.currency })}
          error={errors.price?.message}>
          {(p) => <input {...p} inputMode="decimal" {...form.register("price", {
            pattern: { value: /^\d+([.,]\d{1,3})?$/, message: intl.formatMessage({ id: "form.pricePattern", defaultMessage: "A number such as 1500 or 12.50" }) } })} />}
        </Field>
        <Field label={intl.formatMessage({ id: "types.capOptional", defaultMessage: "Cap (optional)" })} error={errors.cap?.message}
          hint={<FormattedMessage id="types.capHint" defaultMessage="At most this many of the type; empty: as many as the event has seats." />}>
          {(p) => <input {...p} inputMode="numeric" {...form.register("cap", {
            pattern: { value: /^[1-9]\d*$/, message: intl.formatMessage({ id: "form.capacityWhole", defaultMessage: "A whole number of at least 1" }) } })} />}
        </Field>
        <Field label={intl.formatMessage({ id: "types.least", defaultMessage: "At least per order (optional)" })} error={errors.least?.message}>
          {(p) => <input {...p} inputMode="numeric" {...form.register("least", {
            pattern: { value: WHOLE, message: intl.formatMessage({ id: "form.capacityWhole", defaultMessage: "A whole number of at least 1" }) } })} />}
        </Field>
        <Field label={intl.formatMessage({ id: "types.most", defaultMessage: "At most per order (optional)" })} error={errors.most?.message}
          hint={<FormattedMessage id="types.perOrderHint" defaultMessage="A table of 4: at least 4, at most 4. Empty: 1 to the order's 10." />}>
          {(p) => <input {...p} inputMode="numeric" {...form.register("most", {
            pattern: { value: WHOLE, message: intl.formatMessage({ id: "form.capacityWhole", defaultMessage: "A whole number of at least 1" }) } })} />}
        </Field>
        <label className="check"><input type="checkbox" {...form.register("hidden")} />
          <FormattedMessage id="types.hidden" defaultMessage="Hidden: sold only with an access code" /></label>
        <button type="submit" disabled={change.isPending}><FormattedMessage id="types.addButton" defaultMessage="Add type" /></button>
      </form>
    </section>
  );
}
