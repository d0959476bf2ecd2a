// The one way the client talks to the API: JSON in and out, the session's bearer token, and every
// failure turned into an ApiError read from the problem+json body (RFC 9457).

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly fieldErrors: FieldError[] = [],
    readonly retryAfter: number | null = null,
    readonly requestId: string | null = null,
  ) {
    super(detail);
    this.name = "ApiError";
  }
}

interface Auth {
  token: () => string | null;
  unauthorized: () => void; // a signed-in call came back 401: the session is over
}

let auth: Auth = { token: () => null, unauthorized: () => undefined };

export function configureAuth(next: Auth): void {
  auth = next;
}

// the language the page shows: the API answers its problems and notes in it (docs/languages.md)
let language = "en";

export function configureLanguage(next: string): void {
  language = next;
}

export function bearer(): Record<string, string> {
  const token = auth.token();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

export function retryAfterSeconds(response: Response): number | null {
  const value = response.headers.get("Retry-After");
  if (value === null) return null;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? Math.max(0, Math.ceil(seconds)) : null;
}

export async function problemOf(response: Response): Promise<ApiError> {
  const requestId = response.headers.get("X-Request-ID");
  let body: Record<string, unknown> = {};
  try {
    body = (await response.json()) as Record<string, unknown>;
  } catch {
    // a proxy's HTML page or an empty body: the status alone speaks
  }
  const detail = typeof body.detail === "string" ? body.detail : response.statusText || "request failed";
  const code = typeof body.code === "string" ? body.code : `http_${response.status}`;
  const errors = Array.isArray(body.errors) ? (body.errors as FieldError[]) : [];
  return new ApiError(response.status, code, detail, errors, retryAfterSeconds(response), requestId);
}

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface Call {
  method?: Method;
  body?: unknown; // sent as JSON; a Blob (a picked file) is sent as it is, with its own type
  signal?: AbortSignal;
}

async function send(path: string, { method = "GET", body, signal }: Call): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json", "Accept-Language": language, ...bearer() };
  const file = body instanceof Blob;
  if (body !== undefined) headers["Content-Type"] = file ? body.type : "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method, headers, signal, body: body === undefined ? undefined : file ? body : JSON.stringify(body),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, "network", "the server cannot be reached; check your connection");
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401 && headers.Authorization) auth.unauthorized();
    throw problem;
  }
  return response;
}

export async function api<T>(path: string, call: Call = {}): Promise<T> {
  const response = await send(path, call);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export async function apiBlob(path: string, call: Call = {}): Promise<Blob> {
  return (await send(path, call)).blob();
}

/** Fetch a file with the session's token and hand it to the browser as a download named `name`. */
export async function download(path: string, name: string): Promise<void> {
  const url = URL.createObjectURL(await apiBlob(path));
  Object.assign(document.createElement("a"), { href: url, download: name }).click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000); // the browser may still be reading it
}

export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "" && value !== false) search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}
