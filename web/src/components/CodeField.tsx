// A promo or access code typed by a buyer: applied, it reveals hidden types and shows prices with
// it; a wrong one is said beside the field (the server's words: docs/orders.md, "Codes").
import { useId, useState } from "react";
import { FormattedMessage, useIntl } from "react-intl";

import { ApiError } from "../api/client";
import { Problem } from "./Problem";

export function CodeField({ applied, error, onApply }:
  { applied: string | undefined; error: unknown; onApply: (code: string | undefined) => void }) {
  const id = useId();
  const intl = useIntl();
  const [typed, setTyped] = useState("");
  if (applied) {
    return (
      <p role="status"><FormattedMessage id="code.applied" defaultMessage="Code {code} applied." values={{ code: <code>{applied.toUpperCase()}</code> }} />{" "}
        <button type="button" className="secondary" onClick={() => { setTyped(""); onApply(undefined); }}>
          <FormattedMessage id="code.remove" defaultMessage="Remove code" /></button></p>
    );
  }
  const refused = error instanceof ApiError && error.status === 422;
  return (
    <form className="inline" noValidate onSubmit={(e) => { e.preventDefault(); if (typed.trim()) onApply(typed.trim()); }}>
      <label htmlFor={id}><FormattedMessage id="code.label" defaultMessage="Promo or access code" /></label>
      <input id={id} value={typed} autoComplete="off" autoCapitalize="characters" spellCheck={false} maxLength={32}
        aria-invalid={refused} aria-describedby={refused ? `${id}-error` : undefined}
        onChange={(e) => setTyped(e.target.value)} />
      <button type="submit" className="secondary"><FormattedMessage id="code.apply" defaultMessage="Apply" /></button>
      {refused ? <small id={`${id}-error`} className="field-error">{intl.formatMessage({ id: "code.wrong", defaultMessage: "No such code, or it is not valid now." })}</small>
        : <Problem error={error} />}
    </form>
  );
}
