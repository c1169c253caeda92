// The outbox (#13): the writes a page wants sent, kept on the device while there is no signal.
//
// send({method, url, body, key?, label}) sends at once when online and resolves with the API's answer
// (or throws its ApiError for a refusal, 4xx). Without signal — offline, a network failure, a timeout,
// or a 408/429/5xx — the write is kept in IndexedDB with its Idempotency-Key and send resolves
// {queued: true, key}. A write also queues behind writes already waiting, so they reach the server in
// the order they were made. The queue is flushed in order on the `online` event, on every page load and
// every FLUSH_EVERY ms, each write with the SAME Idempotency-Key: the server does it once however often
// it arrives (web/idempotency.py keeps keys 7 days). A write the server refuses (4xx but 408/429) leaves
// the queue and is reported ("outbox:refused"); 408/429/5xx and network failures are retried later
// (backoff); 401 (signed out) waits for the runner to sign in again.
// The CSRF token is read from the page at each send (js/api.js), never stored with the write: a replay
// after a reload or a new sign-in carries the current one.
//
// Events on `document`: outbox:change {waiting}, outbox:sent {key, label, answer}, outbox:refused
// {key, label, status, message}. Bodies are JSON (a FormData upload is never queued).
import { api, ApiError, newKey } from "./api.js";

const DB_NAME = "runlift-outbox";
const STORE = "writes";
const LOCK = "runlift-outbox-flush";
const CHANNEL = "runlift-outbox";
const FLUSH_EVERY = 15000; // ms between tries while writes wait
const TIMEOUT = 15000; // ms before a send that hangs counts as no signal
const BACKOFF_MAX = 5 * 60 * 1000; // ms: the longest wait between two tries of one write

let opened = null;
function database() {
  opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opened;
}

// One IndexedDB transaction on the writes: `work(store)` may return a request whose result is answered.
async function transaction(mode, work) {
  const db = await database();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = work(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(request ? request.result : undefined);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error("outbox: transaction aborted"));
  });
}

const all = () => transaction("readonly", (s) => s.getAll()); // in the order they were made (id)
const put = (write) => transaction("readwrite", (s) => s.put(write));
const remove = (id) => transaction("readwrite", (s) => s.delete(id));

// The writes waiting, oldest first: {id, method, url, body, key, label, queuedAt, tries, nextAt, note}.
export async function queued() {
  return all();
}

// How many writes wait to be sent.
export async function waiting() {
  return transaction("readonly", (s) => s.count());
}

const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL) : null;

function emit(name, detail) {
  document.dispatchEvent(new CustomEvent(name, { detail }));
}

async function changed(broadcast = true) {
  const count = await waiting();
  emit("outbox:change", { waiting: count });
  if (broadcast && channel) channel.postMessage({ type: "change" });
  return count;
}

// No signal: the write could not reach the server, or the server could not take it now.
function retryable(error) {
  if (!(error instanceof ApiError)) return true; // TypeError (offline), AbortError (timed out)
  return error.status === 408 || error.status === 429 || error.status >= 500;
}

function backoff(tries) {
  return Math.min(BACKOFF_MAX, 2000 * 2 ** Math.max(0, tries - 1));
}

async function sendNow(write) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT);
  try {
    return await api(write.method, write.url, write.body, { key: write.key, signal: abort.signal });
  } finally {
    clearTimeout(timer);
  }
}

const answers = new Map(); // key → the answer of a write this page's flush sent

// request: {method, url, body, key?, label} → the API's answer, or {queued: true, key}.
export async function send(request) {
  const { method, url, body } = request;
  const write = { method, url, body, key: request.key || newKey(), label: request.label || "", tries: 0, nextAt: 0 };
  write.queuedAt = Date.now();
  if (navigator.onLine && (await waiting()) === 0) {
    try {
      return await sendNow(write);
    } catch (error) {
      if (!retryable(error) || body instanceof FormData) throw error;
      write.tries = 1;
      write.nextAt = Date.now() + backoff(1);
      write.note = error instanceof ApiError ? error.message : "";
      await put(write);
      await changed();
      return { queued: true, key: write.key };
    }
  }
  if (body instanceof FormData) throw new Error("outbox: an upload cannot wait for signal; try again online");
  await put(write);
  await changed();
  if (navigator.onLine) {
    await flush();
    if (answers.has(write.key)) return answers.get(write.key);
  }
  return { queued: true, key: write.key };
}

let running = null;

// Send the waiting writes in order, each with its own Idempotency-Key. `force`: now, whatever their
// backoff (signal is back, the page was opened). One flush at a time on this device: a Web Lock spans
// the tabs (if another tab holds it, this flush leaves the writes to it); and a write sent twice (the
// answer lost, two devices) is still done once by the server.
export function flush({ force = false } = {}) {
  if (running) return running;
  const work = () => drain(force);
  const locked = navigator.locks
    ? navigator.locks.request(LOCK, { ifAvailable: true }, (lock) => (lock ? work() : null))
    : work();
  running = Promise.resolve(locked).finally(() => {
    running = null;
  });
  return running;
}

const first = () => transaction("readonly", (s) => s.getAll(null, 1)).then((found) => found[0]);

// The oldest write, read afresh each time: one queued while this flush runs is sent by it too.
async function drain(force) {
  for (let write = await first(); write; write = await first()) {
    if (!force && write.nextAt > Date.now()) return;
    let answer;
    try {
      answer = await sendNow(write);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        emit("outbox:signin", { key: write.key, label: write.label });
        return; // signed out: kept for when the runner signs in again
      }
      if (retryable(error)) {
        write.tries = (write.tries || 0) + 1;
        write.nextAt = Date.now() + backoff(write.tries);
        write.note = error instanceof ApiError ? error.message : "";
        await put(write);
        return; // the ones after it wait too: the order is kept
      }
      await remove(write.id);
      await changed();
      emit("outbox:refused", { key: write.key, label: write.label, status: error.status, message: error.message });
      continue;
    }
    await remove(write.id);
    answers.set(write.key, answer);
    await changed();
    emit("outbox:sent", { key: write.key, label: write.label, answer });
  }
}

// --- when to flush: signal back, this page opened, every FLUSH_EVERY ms while something waits ------
window.addEventListener("online", () => flush({ force: true }));
if (channel) channel.onmessage = () => changed(false); // another tab queued or sent: recount here
setInterval(async () => {
  if (navigator.onLine && (await waiting()) > 0) flush();
}, FLUSH_EVERY);
if (navigator.onLine) flush({ force: true });
