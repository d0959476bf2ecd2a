import { FormattedMessage, useIntl } from "react-intl";

import { ApiError } from "../api/client";
import { fieldErrors, sentence } from "../problems";

/** An error that belongs to a whole form or page: announced to screen readers as it appears. */
export function Problem({ error }: { error: unknown }) {
  const intl = useIntl();
  if (!error) return null;
  const requestId = error instanceof ApiError ? error.requestId : null;
  return (
    <p className="problem" role="alert">
      {sentence(error, intl)}
      {requestId && <span className="request-id"> <FormattedMessage id="problem.reference"
        defaultMessage="(reference {id})" values={{ id: requestId }} /></span>}
    </p>
  );
}

/** A problem with what the server said of each field, for a form whose fields are not the API's
 * one to one (an order's answers, named by question): the sentences listed under it. */
export function ProblemWithFields({ error }: { error: unknown }) {
  const fields = Object.values(fieldErrors(error));
  return (
    <>
      <Problem error={error} />
      {fields.length > 0 && <ul className="problem">{fields.map((message) => <li key={message}>{message}</li>)}</ul>}
    </>
  );
}

export function Loading({ what }: { what?: string }) {
  const intl = useIntl();
  return <p className="muted" role="status">{what ?? intl.formatMessage({ id: "loading", defaultMessage: "Loading" })}…</p>;
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="empty">{children}</p>;
}
