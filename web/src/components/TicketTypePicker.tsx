// Which kind of ticket to take, when an event sells more than one (GET /events/{id}/ticket-types):
// each with its price and what is left of it; one sold out or not on sale cannot be chosen.
import { FormattedMessage, useIntl } from "react-intl";

import type { TicketType } from "../api/types";
import { formatLocale, useLanguage } from "../i18n";
import { money } from "../time";

/** The type a buyer starts with: the first they can have, else the first. */
export function firstAvailable(types: readonly TicketType[]): TicketType | undefined {
  return types.find((t) => t.on_sale && t.left > 0) ?? types[0];
}

export function TicketTypePicker({ types, value, onChange }:
  { types: readonly TicketType[]; value: string | undefined; onChange: (id: string) => void }) {
  const { language } = useLanguage();
  const intl = useIntl();
  if (types.length < 2) return null;
  return (
    <fieldset className="ticket-types">
      <legend><FormattedMessage id="types.choose" defaultMessage="Ticket type" /></legend>
      {types.map((type) => {
        const closed = !type.on_sale || type.left === 0;
        return (
          <label key={type.id} className="check">
            <input type="radio" name="ticket-type" value={type.id} checked={value === type.id} disabled={closed}
              onChange={() => onChange(type.id)} />
            {" "}<strong>{type.name}</strong>
            {" · "}{type.price === 0 ? intl.formatMessage({ id: "price.free", defaultMessage: "Free" })
              : money(type.price, type.currency, formatLocale(language))}
            {" · "}<span className="muted">{!type.on_sale ? <FormattedMessage id="types.notOnSale" defaultMessage="not on sale now" />
              : type.left === 0 ? <FormattedMessage id="types.soldOut" defaultMessage="sold out" />
                : <FormattedMessage id="types.left" defaultMessage="{left} left" values={{ left: type.left }} />}</span>
            {type.description && <span className="hint"> {type.description}</span>}
          </label>
        );
      })}
    </fieldset>
  );
}
