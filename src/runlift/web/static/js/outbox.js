// The outbox: writes a page wants sent. `send(request)` sends at once and resolves with the answer.
// The offline work (service worker + IndexedDB queue) replaces the body of `send` so that a write made
// without signal is kept and sent later with the same Idempotency-Key; pages only ever call `send`.
import { api, newKey } from "./api.js";

// request: { method, url, body, key?, label? } → the API's answer (or throws ApiError)
export async function send(request) {
  const key = request.key || newKey();
  return api(request.method, request.url, request.body, { key });
}

// How many writes wait to be sent (none: this outbox never queues).
export async function waiting() {
  return 0;
}
