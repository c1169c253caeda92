// Calls to runlift's JSON API from a page: the CSRF token of a signed-in browser, an Idempotency-Key on
// every write (a set checked twice on a flaky network is one set), and problem+json errors as messages.

// The signed-in browser's CSRF token: its readable cookie (the current session's, even on a page kept
// offline from an older one), else the page's; "" in single-user mode. Read at each write, never stored.
export function csrfToken() {
  const cookie = document.cookie.split("; ").find((c) => c.startsWith("runlift_csrf="));
  return (cookie && decodeURIComponent(cookie.slice("runlift_csrf=".length))) || document.body.dataset.csrf || "";
}

export function newKey() {
  return crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

// fetch() a JSON API route; `body` is sent as JSON; writes carry `key` (made if missing) as Idempotency-Key;
// `signal` (an AbortSignal) ends a call that hangs.
export async function api(method, url, body, { key, signal } = {}) {
  const headers = { Accept: "application/json" };
  const write = !["GET", "HEAD"].includes(method);
  if (write) {
    headers["Idempotency-Key"] = key || newKey();
    const csrf = csrfToken();
    if (csrf) headers["X-CSRF-Token"] = csrf;
  }
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const response = await fetch(url, { method, headers, body: payload, credentials: "same-origin", signal });
  if (response.status === 204) return null;
  const type = response.headers.get("content-type") || "";
  const data = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) throw new ApiError(response.status, typeof data === "object" ? data : { detail: data });
  return data;
}
