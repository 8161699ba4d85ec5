// The one fetch wrapper for the browser: JSON in, JSON out, the error envelope as an Error.
import { EnvelopeError, type FieldErrors } from "@/lib/contract/error-envelope";

export type { FieldErrors };

/** An /api error as the browser sees it: the server's envelope, with the response's status. */
export class ApiClientError extends EnvelopeError {
  override name = "ApiClientError";
}

export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: init.body === undefined ? undefined : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
    credentials: "same-origin",
  });
  const text = await res.text();
  const data = text ? safeJson(text) : null;
  if (!res.ok) {
    const env = (data as { error?: { code?: string; message?: string; fields?: FieldErrors } } | null)?.error;
    if (res.status === 401 && typeof window !== "undefined" && !path.startsWith("/api/auth/")) {
      window.location.assign(`/signin?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
    }
    const { code, message, fields, ...details } = env ?? {};
    throw new ApiClientError(res.status, code ?? "http_error", message ?? `Request failed with status ${res.status}`, fields, details);
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function toQueryString(params: object): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") sp.set(k, String(v));
  const s = sp.toString();
  return s ? `?${s}` : "";
}
