// How many tickets of each kind to take (GET /events/{id}/ticket-types): each type with its price
// and what is left of it; one sold out or not on sale cannot be had. At most the event's limit in all.
import { type ReactNode, useId } from "react";
import { FormattedMessage, useIntl } from "react-intl";

import type { TicketType } from "../api/types";
import { formatLocale, useLanguage } from "../i18n";
import { money } from "../time";

export const MAX_PER_ORDER = 10; // the API's (app/domain/models.py): an event may take fewer (max_per_order)

/** What a ticket of the type costs the buyer: with the code they typed, when it applies. */
export function priceOf(type: TicketType): number {
  return type.price_with_code ?? type.price;
}

/** How many of each type, by type id. */
export type Counts = Readonly<Record<string, number>>;

/** The type a buyer starts with: the first they can have, else the first. */
export function firstAvailable(types: readonly TicketType[]): TicketType | undefined {
  return types.find((t) => t.on_sale && t.left > 0) ?? types[0];
}

/** A buyer starts with one ticket of the first type they can have. */
export function startingCounts(types: readonly TicketType[]): Counts {
  const first = firstAvailable(types);
  return first ? { [first.id]: 1 } : {};
}

/** The tickets asked for, one entry each, in the types' order (the order's tickets' order). */
export function ticketsWanted(types: readonly TicketType[], counts: Counts): TicketType[] {
  return types.flatMap((t) => Array.from({ length: counts[t.id] ?? 0 }, () => t));
}

/** The most of `type` one order can take beside the others chosen, within the event's `limit`. */
export function mostOf(type: TicketType, counts: Counts, limit = MAX_PER_ORDER): number {
  if (!type.on_sale) return 0;
  const others = Object.entries(counts).reduce((sum, [id, n]) => sum + (id === type.id ? 0 : n), 0);
  return Math.max(0, Math.min(type.left, type.max_per_order ?? limit, limit - others));
}

function Quantity({ type, counts, limit, onChange, children }:
  { type: TicketType; counts: Counts; limit: number; onChange: (counts: Counts) => void; children: ReactNode }) {
  const id = useId();
  const most = mostOf(type, counts, limit);
  return (
    <p className="check">
      <input id={id} type="number" inputMode="numeric" className="quantity" min={0} max={most} step={1}
        value={counts[type.id] ?? 0} disabled={most === 0 && !counts[type.id]}
        onChange={(e) => {
          const n = Math.max(0, Math.min(most, Math.floor(Number(e.target.value) || 0)));
          onChange({ ...counts, [type.id]: n });
        }} />
      <label htmlFor={id}>{children}</label>
    </p>
  );
}

export function TicketTypePicker({ types, counts, limit, onChange }:
  { types: readonly TicketType[]; counts: Counts; limit: number; onChange: (counts: Counts) => void }) {
  const { language } = useLanguage();
  const intl = useIntl();
  const hint = useId();
  if (types.length === 0) return null;
  if (types.length === 1) {
    return (
      <Quantity type={types[0]!} counts={counts} limit={limit} onChange={onChange}>
        <FormattedMessage id="order.howMany" defaultMessage="How many tickets" />
      </Quantity>
    );
  }
  return (
    <fieldset className="ticket-types" aria-describedby={hint}>
      <legend><FormattedMessage id="types.choose" defaultMessage="Ticket type" /></legend>
      <p id={hint} className="hint"><FormattedMessage id="order.upTo" defaultMessage="Up to {most} tickets in one order."
        values={{ most: limit }} /></p>
      {types.map((type) => (
        <Quantity key={type.id} type={type} counts={counts} limit={limit} onChange={onChange}>
          <strong>{type.name}</strong>
          {" · "}{type.price_with_code !== undefined && type.price_with_code !== type.price
            && <><s>{money(type.price, type.currency, formatLocale(language))}</s>{" "}</>}
          {priceOf(type) === 0 ? intl.formatMessage({ id: "price.free", defaultMessage: "Free" })
            : money(priceOf(type), type.currency, formatLocale(language))}
          {" · "}<span className="muted">{!type.on_sale ? <FormattedMessage id="types.notOnSale" defaultMessage="not on sale now" />
            : type.left === 0 ? <FormattedMessage id="types.soldOut" defaultMessage="sold out" />
              : <FormattedMessage id="types.left" defaultMessage="{left} left" values={{ left: type.left }} />}</span>
          {(type.min_per_order > 1 || type.max_per_order !== null) && <span className="muted">{" · "}
            <FormattedMessage id="types.perOrder" defaultMessage="{least}–{most} per order"
              values={{ least: type.min_per_order, most: Math.min(type.max_per_order ?? limit, limit) }} /></span>}
          {type.description && <span className="hint"> {type.description}</span>}
        </Quantity>
      ))}
    </fieldset>
  );
}
