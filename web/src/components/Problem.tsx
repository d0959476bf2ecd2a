import { ApiError } from "../api/client";
import { sentence } from "../problems";

/** An error that belongs to a whole form or page: announced to screen readers as it appears. */
export function Problem({ error }: { error: unknown }) {
  if (!error) return null;
  const requestId = error instanceof ApiError ? error.requestId : null;
  return (
    <p className="problem" role="alert">
      {sentence(error)}
      {requestId && <span className="request-id"> (reference {requestId})</span>}
    </p>
  );
}

export function Loading({ what = "Loading" }: { what?: string }) {
  return <p className="muted" role="status">{what}…</p>;
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="empty">{children}</p>;
}
