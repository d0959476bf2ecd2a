// The organiser's promo and access codes on the manage page: each with what it takes off, the
// types it applies to and its uses; add one, remove one nobody used (docs/orders.md, "Codes").
import { useForm } from "react-hook-form";
import { FormattedMessage, useIntl } from "react-intl";

import { useChangePromoCode, usePromoCodes, useTicketTypes } from "../api/queries";
import type { EventRecord, PromoCode } from "../api/types";
import { placeFieldErrors } from "../forms";
import { formatLocale, useLanguage } from "../i18n";
import { formatIn, fromWallTime, minorUnits, money } from "../time";
import { Field } from "./Field";
import { Problem } from "./Problem";

interface NewCode {
  code: string;
  kind: "percent" | "fixed";
  discount: string; // a percentage, or an amount in the currency's major unit, as typed
  maxUses: string; // empty: no limit
  typeId: string; // empty: every type shown to all
  until: string; // the end of its validity, on the event's clock (datetime-local); empty: until the start
}

function Off({ code }: { code: PromoCode }) {
  const { language } = useLanguage();
  if (code.discount === 0) return <FormattedMessage id="codes.nothingOff" defaultMessage="nothing off (access)" />;
  return code.discount_kind === "percent" ? <>{code.discount} %</> : <>{money(code.discount, code.currency, formatLocale(language))}</>;
}

export function PromoCodesPanel({ event }: { event: EventRecord }) {
  const codes = usePromoCodes(event.id);
  const types = useTicketTypes(event.id).data?.items ?? [];
  const change = useChangePromoCode(event.id);
  const intl = useIntl();
  const { language } = useLanguage();
  const form = useForm<NewCode>({ defaultValues: { code: "", kind: "percent", discount: "10", maxUses: "", typeId: "", until: "" } });
  const errors = form.formState.errors;
  const typeName = (id: string) => types.find((t) => t.id === id)?.name ?? id;
  return (
    <section aria-labelledby="codes-title">
      <h2 id="codes-title"><FormattedMessage id="codes.title" defaultMessage="Promo and access codes" /></h2>
      {(codes.data?.items.length ?? 0) > 0 && <div className="table-wrap">
        <table>
          <thead><tr>
            <th scope="col"><FormattedMessage id="codes.code" defaultMessage="Code" /></th>
            <th scope="col"><FormattedMessage id="codes.off" defaultMessage="Off each ticket" /></th>
            <th scope="col"><FormattedMessage id="codes.for" defaultMessage="For" /></th>
            <th scope="col"><FormattedMessage id="codes.used" defaultMessage="Used" /></th>
            <th scope="col"><FormattedMessage id="types.actions" defaultMessage="Actions" /></th>
          </tr></thead>
          <tbody>{(codes.data?.items ?? []).map((code) => (
            <tr key={code.code}>
              <th scope="row"><code>{code.code}</code>
                {code.valid_until && <> <span className="muted"><FormattedMessage id="codes.untilShown" defaultMessage="(until {until})"
                  values={{ until: formatIn(code.valid_until, event.timezone, false, formatLocale(language)) }} /></span></>}</th>
              <td><Off code={code} /></td>
              <td>{code.type_ids.length ? code.type_ids.map(typeName).join(", ")
                : <FormattedMessage id="codes.everyType" defaultMessage="every type" />}</td>
              <td>{code.max_uses === null ? code.used : `${code.used} / ${code.max_uses}`}</td>
              <td className="actions">{code.used === 0 && <button type="button" className="secondary" disabled={change.isPending}
                onClick={() => change.mutate({ remove: code.code })}><FormattedMessage id="types.remove" defaultMessage="Remove" /></button>}</td>
            </tr>
          ))}</tbody>
        </table>
      </div>}
      <Problem error={codes.error ?? change.error} />
      <form className="inline" noValidate aria-labelledby="codes-add" onSubmit={form.handleSubmit((values) => change.mutate(
        { fields: { code: values.code.trim(), discount_kind: values.kind,
          discount: values.kind === "percent" ? Number(values.discount) : minorUnits(values.discount, event.currency),
          max_uses: values.maxUses.trim() ? Number(values.maxUses) : null, type_ids: values.typeId ? [values.typeId] : [],
          valid_until: values.until ? fromWallTime(values.until, event.timezone) : null } },
        { onSuccess: () => form.reset(),
          onError: (error) => placeFieldErrors(error, form.setError, ["code", "discount", "until"] as const, { valid_until: "until" }) },
      ))}>
        <h3 id="codes-add"><FormattedMessage id="codes.add" defaultMessage="Add a code" /></h3>
        <Field label={intl.formatMessage({ id: "codes.code", defaultMessage: "Code" })} error={errors.code?.message}
          hint={<FormattedMessage id="codes.codeHint" defaultMessage="3 to 32 letters, digits, - or _; buyers type it in any case." />}>
          {(p) => <input {...p} autoCapitalize="characters" {...form.register("code", {
            pattern: { value: /^[A-Za-z0-9_-]{3,32}$/, message: intl.formatMessage({ id: "codes.codePattern", defaultMessage: "3 to 32 letters, digits, - or _" }) } })} />}
        </Field>
        <Field label={intl.formatMessage({ id: "codes.kind", defaultMessage: "Discount" })}>
          {(p) => <select {...p} {...form.register("kind")}>
            <option value="percent">{intl.formatMessage({ id: "codes.percent", defaultMessage: "Percent off" })}</option>
            <option value="fixed">{intl.formatMessage({ id: "codes.fixed", defaultMessage: "Amount off ({currency})" }, { currency: event.currency })}</option>
          </select>}
        </Field>
        <Field label={intl.formatMessage({ id: "codes.amount", defaultMessage: "How much (0: an access code)" })} error={errors.discount?.message}>
          {(p) => <input {...p} inputMode="decimal" {...form.register("discount", {
            pattern: { value: /^\d+([.,]\d{1,3})?$/, message: intl.formatMessage({ id: "form.pricePattern", defaultMessage: "A number such as 1500 or 12.50" }) } })} />}
        </Field>
        <Field label={intl.formatMessage({ id: "codes.for", defaultMessage: "For" })}>
          {(p) => <select {...p} {...form.register("typeId")}>
            <option value="">{intl.formatMessage({ id: "codes.everyType", defaultMessage: "every type" })}</option>
            {types.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
          </select>}
        </Field>
        <Field label={intl.formatMessage({ id: "codes.maxUses", defaultMessage: "Tickets it may be used for (optional)" })}>
          {(p) => <input {...p} inputMode="numeric" {...form.register("maxUses")} />}
        </Field>
        <Field label={intl.formatMessage({ id: "codes.until", defaultMessage: "Valid until (optional, {zone})" }, { zone: event.timezone })}
          error={errors.until?.message}>
          {(p) => <input {...p} type="datetime-local" {...form.register("until")} />}
        </Field>
        <button type="submit" disabled={change.isPending}><FormattedMessage id="codes.addButton" defaultMessage="Add code" /></button>
      </form>
    </section>
  );
}
